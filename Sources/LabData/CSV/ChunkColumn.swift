/// One column's cells from one chunk of a CSV file, with its type inferred on the fly.
/// A cell that does not fit the kind so far widens it (integer to float, date to
/// datetime); a cell only a string can hold marks the chunk for a string rescan.
///
/// Everything lives in manually managed buffers, so the struct is trivially copyable:
/// appending is the innermost operation of the reader, and Swift arrays or class
/// references here would cost a uniqueness check or a retain on every cell. The
/// owner calls `deallocate()` once the values have been merged into the final column.
struct ChunkColumn {
    var kind: InferredKind
    private(set) var values: UnsafeMutablePointer<Double>
    private(set) var codes: UnsafeMutablePointer<Int32>
    private var valuesCapacity: Int
    private var codesCapacity: Int
    private(set) var rows = 0
    private var missing: UnsafeMutablePointer<Int32>
    private var missingCount = 0
    private var missingCapacity = 16
    private let dictionaryStorage: UnsafeMutablePointer<ByteDictionary>
    var needsStringRescan = false

    init(kind: InferredKind, expectedRows: Int) {
        self.kind = kind
        let capacity = max(16, expectedRows)
        valuesCapacity = kind == .string ? 1 : capacity
        codesCapacity = kind == .string ? capacity : 1
        values = .allocate(capacity: valuesCapacity)
        codes = .allocate(capacity: codesCapacity)
        missing = .allocate(capacity: missingCapacity)
        dictionaryStorage = .allocate(capacity: 1)
        dictionaryStorage.initialize(to: ByteDictionary())
    }

    func deallocate() {
        values.deallocate()
        codes.deallocate()
        missing.deallocate()
        dictionaryStorage.deinitialize(count: 1)
        dictionaryStorage.deallocate()
    }

    /// Empties the column for the next chunk, keeping its buffers (fresh pages cost a page fault each).
    mutating func reset(kind: InferredKind) {
        self.kind = kind
        rows = 0
        missingCount = 0
        needsStringRescan = false
        if dictionaryStorage.pointee.count > 0 { dictionaryStorage.pointee = ByteDictionary() }
    }

    var dictionary: ByteDictionary { dictionaryStorage.pointee }
    var missingRows: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: missing, count: missingCount) }

    private mutating func growMissing(to minimum: Int) {
        let bigger = max(minimum, missingCapacity * 2)
        let fresh = UnsafeMutablePointer<Int32>.allocate(capacity: bigger)
        fresh.update(from: missing, count: missingCount)
        missing.deallocate()
        missing = fresh
        missingCapacity = bigger
    }

    private mutating func noteMissing() {
        if missingCount == missingCapacity { growMissing(to: missingCount + 1) }
        missing[missingCount] = Int32(rows)
        missingCount += 1
    }

    var valueBuffer: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: values, count: kind == .string ? 0 : rows) }
    var codeBuffer: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: codes, count: kind == .string ? rows : 0) }

    private mutating func growValues(to minimum: Int) {
        let bigger = max(minimum, valuesCapacity * 2, 1024)
        let fresh = UnsafeMutablePointer<Double>.allocate(capacity: bigger)
        fresh.update(from: values, count: rows)
        values.deallocate()
        values = fresh
        valuesCapacity = bigger
    }

    private mutating func growCodes(to minimum: Int) {
        let bigger = max(minimum, codesCapacity * 2, 1024)
        let fresh = UnsafeMutablePointer<Int32>.allocate(capacity: bigger)
        fresh.update(from: codes, count: min(rows, codesCapacity))
        codes.deallocate()
        codes = fresh
        codesCapacity = bigger
    }

    @inline(__always)
    private mutating func push(_ v: Double) {
        if rows == valuesCapacity { growValues(to: rows + 1) }
        values[rows] = v
        rows += 1
    }

    @inline(__always)
    private mutating func pushCode(_ c: Int32) {
        if rows == codesCapacity { growCodes(to: rows + 1) }
        codes[rows] = c
        rows += 1
    }

    /// Room for at least `minimum` numbers after the last row, and as many missing rows, for a
    /// reader that writes them in place (`adoptNumbers` then counts them): where they go and how
    /// many rows fit.
    mutating func numberSlots(atLeast minimum: Int) -> (values: UnsafeMutablePointer<Double>, missing: UnsafeMutablePointer<Int32>, room: Int) {
        if valuesCapacity - rows < minimum { growValues(to: rows + minimum) }
        // Every row may be missing: as much room for missing rows as for values.
        let room = valuesCapacity - rows
        if missingCapacity - missingCount < room { growMissing(to: missingCount + room) }
        return (values + rows, missing + missingCount, room)
    }

    /// Counts `count` rows written in place after the last row, `missing` of them noted missing;
    /// typed as `appendNumber` would have typed them: `float` when a value was written as a float,
    /// `valued` when any was not missing.
    mutating func adoptNumbers(_ count: Int, missing added: Int, float: Bool, valued: Bool) {
        rows += count
        missingCount += added
        guard valued else { return }
        if float { kind = .float } else if kind == .unknown { kind = .integer }
    }

    @inline(__always)
    var acceptsNumbers: Bool { kind == .integer || kind == .float || kind == .unknown }

    @inline(__always)
    mutating func appendMissing() {
        if kind == .string {
            pushCode(-1)
        } else {
            noteMissing()
            push(0)
        }
    }

    /// A number parsed straight from the file; only called while `acceptsNumbers`.
    @inline(__always)
    mutating func appendNumber(_ k: ParsedNumberKind, _ v: Double) {
        if k == .float && kind != .float { kind = .float } else if kind == .unknown { kind = .integer }
        push(v)
    }

    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        switch kind {
        case .integer, .float:
            let (k, v) = NumberParsing.parse(p, n)
            guard k != .none else { return demote(p, n) }
            appendNumber(k, v)
        case .string:
            pushCode(dictionaryStorage.pointee.code(p, n))
        case .unknown:
            appendFirst(p, n)
        case .boolean:
            guard let b = Self.parseBool(p, n) else { return demote(p, n) }
            push(b)
        case .date:
            if let d = DateParsing.parseDate(p, n) {
                push(d)
            } else if let t = DateParsing.parseDateTime(p, n) {
                kind = .datetime
                for i in 0..<rows { values[i] *= 86_400 }
                push(t)
            } else {
                demote(p, n)
            }
        case .datetime:
            if let t = DateParsing.parseDateTime(p, n) {
                push(t)
            } else if let d = DateParsing.parseDate(p, n) {
                push(d * 86_400)
            } else {
                demote(p, n)
            }
        }
    }

    private mutating func appendFirst(_ p: UnsafePointer<UInt8>, _ n: Int) {
        let (k, v) = NumberParsing.parse(p, n)
        if k != .none {
            appendNumber(k, v)
        } else if let b = Self.parseBool(p, n) {
            kind = .boolean
            push(b)
        } else if let d = DateParsing.parseDate(p, n) {
            kind = .date
            push(d)
        } else if let t = DateParsing.parseDateTime(p, n) {
            kind = .datetime
            push(t)
        } else {
            demote(p, n)
        }
    }

    /// From here on this chunk's column is text; the rows before are re-read as text later.
    private mutating func demote(_ p: UnsafePointer<UInt8>, _ n: Int) {
        needsStringRescan = needsStringRescan || rows > missingCount
        if codesCapacity <= rows { growCodes(to: max(rows + 1, valuesCapacity)) }
        codes.update(repeating: -1, count: rows)
        kind = .string
        missingCount = 0
        pushCode(dictionaryStorage.pointee.code(p, n))
    }

    static func parseBool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if n == 4, p[0] | 0x20 == UInt8(ascii: "t"), p[1] | 0x20 == UInt8(ascii: "r"),
           p[2] | 0x20 == UInt8(ascii: "u"), p[3] | 0x20 == UInt8(ascii: "e") { return 1 }
        if n == 5, p[0] | 0x20 == UInt8(ascii: "f"), p[1] | 0x20 == UInt8(ascii: "a"),
           p[2] | 0x20 == UInt8(ascii: "l"), p[3] | 0x20 == UInt8(ascii: "s"),
           p[4] | 0x20 == UInt8(ascii: "e") { return 0 }
        return nil
    }
}
