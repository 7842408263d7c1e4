/// One column's cells from one chunk of a CSV file, with its type inferred on the fly.
/// A cell that does not fit the kind so far widens it (integer to float, date to
/// datetime); a cell only a string can hold marks the chunk for a string rescan.
struct ChunkColumn {
    var kind: InferredKind
    var values: [Double] = []
    var missingRows: [Int32] = []
    var codes: [Int32] = []
    var dictionary = ByteDictionary()
    var needsStringRescan = false
    var rows = 0

    init(kind: InferredKind, expectedRows: Int) {
        self.kind = kind
        if kind == .string { codes.reserveCapacity(expectedRows) } else { values.reserveCapacity(expectedRows) }
    }

    @inline(__always)
    mutating func appendMissing() {
        if kind == .string { codes.append(-1) } else { values.append(0); missingRows.append(Int32(rows)) }
        rows += 1
    }

    @inline(__always)
    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        switch kind {
        case .integer, .float:
            let (k, v) = NumberParsing.parse(p, n)
            if k == .integer || (k == .float && kind == .float) {
                values.append(v)
            } else if k == .float {
                kind = .float
                values.append(v)
            } else {
                return demote(p, n)
            }
        case .string:
            codes.append(dictionary.code(p, n))
        case .unknown:
            return appendFirst(p, n)
        case .boolean:
            guard let b = Self.parseBool(p, n) else { return demote(p, n) }
            values.append(b)
        case .date:
            if let d = DateParsing.parseDate(p, n) {
                values.append(d)
            } else if let t = DateParsing.parseDateTime(p, n) {
                kind = .datetime
                for i in values.indices { values[i] *= 86_400 }
                values.append(t)
            } else {
                return demote(p, n)
            }
        case .datetime:
            if let t = DateParsing.parseDateTime(p, n) {
                values.append(t)
            } else if let d = DateParsing.parseDate(p, n) {
                values.append(d * 86_400)
            } else {
                return demote(p, n)
            }
        }
        rows += 1
    }

    private mutating func appendFirst(_ p: UnsafePointer<UInt8>, _ n: Int) {
        let (k, v) = NumberParsing.parse(p, n)
        if k != .none {
            kind = k == .integer ? .integer : .float
            values.append(v)
        } else if let b = Self.parseBool(p, n) {
            kind = .boolean
            values.append(b)
        } else if let d = DateParsing.parseDate(p, n) {
            kind = .date
            values.append(d)
        } else if let t = DateParsing.parseDateTime(p, n) {
            kind = .datetime
            values.append(t)
        } else {
            return demote(p, n)
        }
        rows += 1
    }

    /// From here on this chunk's column is text; the rows before are re-read as text later.
    private mutating func demote(_ p: UnsafePointer<UInt8>, _ n: Int) {
        needsStringRescan = needsStringRescan || rows > missingRows.count
        kind = .string
        codes = [Int32](repeating: -1, count: rows)
        for r in missingRows { codes[Int(r)] = -1 }
        values = []
        missingRows = []
        codes.append(dictionary.code(p, n))
        rows += 1
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
