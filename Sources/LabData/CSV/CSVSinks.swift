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
struct ColumnsSink: FieldSink {
    var columns: [ChunkColumn]
    let missing: MissingMatcher

    @inline(__always)
    mutating func field(_ index: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard index < columns.count else { return false }
        if missing.isMissing(p, n) { columns[index].appendMissing() } else { columns[index].append(p, n) }
        return true
    }

    func endRecord(fields: Int) -> Bool { fields == columns.count }
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
