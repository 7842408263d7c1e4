/// Receives the fields of each record. Returning false from `field` means "too many fields".
protocol FieldSink {
    mutating func field(_ index: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool
    /// Called at the end of each record with its field count; false means the count is wrong.
    mutating func endRecord(fields: Int) -> Bool
    /// Whether field `index` should be offered as a number parsed straight from the file.
    func wantsNumber(_ index: Int) -> Bool
    mutating func number(_ index: Int, _ kind: ParsedNumberKind, _ value: Double)
    /// Whether the `n` bytes at `p`, which read as a number, are a missing-value marker instead.
    func isMissingNumber(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool
}

extension FieldSink {
    func wantsNumber(_ index: Int) -> Bool { false }
    mutating func number(_ index: Int, _ kind: ParsedNumberKind, _ value: Double) {}
    func isMissingNumber(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool { false }
}

/// Collects the header record's names.
struct HeaderSink: FieldSink {
    var names: [String] = []
    mutating func field(_ index: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        names.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        return true
    }
    func endRecord(fields: Int) -> Bool { true }
}

/// Feeds every field into its column's builder, checking the record width.
/// Holds only pointers, so calling it from the scanner's loop never retains anything.
struct ColumnsSink: FieldSink {
    let columns: UnsafeMutablePointer<ChunkColumn>
    let width: Int
    let matcher: UnsafePointer<MissingMatcher>

    @inline(__always)
    func field(_ index: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard index < width else { return false }
        if matcher.pointee.isMissing(p, n) { columns[index].appendMissing() } else { columns[index].append(p, n) }
        return true
    }

    @inline(__always)
    func wantsNumber(_ index: Int) -> Bool { index < width && columns[index].acceptsNumbers }

    @inline(__always)
    func number(_ index: Int, _ kind: ParsedNumberKind, _ value: Double) { columns[index].appendNumber(kind, value) }

    @inline(__always)
    func isMissingNumber(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        matcher.pointee.hasNumericMarkers && matcher.pointee.isMissing(p, n)
    }

    func endRecord(fields: Int) -> Bool { fields == width }
}

/// The chunk columns of every piece of a round, kept from round to round so their
/// buffers are reused; freed with the reader.
final class ChunkSlots: @unchecked Sendable {
    let pieces: [UnsafeMutablePointer<ChunkColumn>]
    let width: Int
    let matcher: UnsafeMutablePointer<MissingMatcher>
    /// Whether pieces start with `NumericRecords`.
    let numbersInC: Bool

    init(pieces: Int, width: Int, expectedRows: Int, missing: MissingMatcher, numbersInC: Bool) {
        self.width = width
        self.numbersInC = numbersInC
        self.pieces = (0..<pieces).map { _ in
            let p = UnsafeMutablePointer<ChunkColumn>.allocate(capacity: max(1, width))
            for j in 0..<width { (p + j).initialize(to: ChunkColumn(kind: .unknown, expectedRows: expectedRows)) }
            return p
        }
        matcher = .allocate(capacity: 1)
        matcher.initialize(to: missing)
    }

    deinit {
        for p in pieces {
            for j in 0..<width { p[j].deallocate() }
            p.deinitialize(count: width)
            p.deallocate()
        }
        matcher.deinitialize(count: 1)
        matcher.deallocate()
    }
}

/// Re-reads one column as text, for chunks where it turned out not to be numeric.
struct StringColumnSink: FieldSink {
    let target: Int
    let width: Int
    let missing: MissingMatcher
    var column: ChunkColumn

    init(target: Int, width: Int, missing: MissingMatcher, expectedRows: Int) {
        self.target = target
        self.width = width
        self.missing = missing
        column = ChunkColumn(kind: .string, expectedRows: expectedRows)
    }

    mutating func field(_ index: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if index == target {
            if missing.isMissing(p, n) { column.appendMissing() } else { column.append(p, n) }
        }
        return index < width
    }

    func endRecord(fields: Int) -> Bool { fields == width }
}
