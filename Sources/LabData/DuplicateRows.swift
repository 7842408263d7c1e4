/// Rows that repeat an earlier row, on every column or on some: pandas' `duplicated()`.
/// Values compare as pandas compares them there: missing (and NaN) equals missing, -0.0 equals 0.0, and a
/// text compares by its characters (each column's levels are its own).
public struct DuplicateRows: Sendable {
    /// For each row, the first row it repeats (itself when it repeats none).
    public let firstOf: [Int]

    public var count: Int { firstOf.indices.reduce(0) { $0 + (firstOf[$1] != $1 ? 1 : 0) } }

    /// Which rows to keep for `drop_duplicates()`: the first of each group.
    public var firstRows: Bitmap { Bitmap(firstOf.indices.map { firstOf[$0] == $0 }) }

    public init(_ frame: Frame, columns names: [String]) throws {
        let columns = try names.map { try frame.column($0) }
        let n = frame.rowCount
        // One 64-bit word per cell: a number's bits (missing and NaN canonical), a text's level.
        let words: [[UInt64]] = columns.map { column in
            switch column.data {
            case .numbers(let values, let missing):
                return (0..<n).map { r in
                    // NaN is missing to pandas.
                    let x = values[r]
                    if missing?[r] == true || x.isNaN { return 0x7FF8_0000_0000_0000 }
                    return x == 0 ? 0 : x.bitPattern
                }
            case .strings(let codes, _):
                return codes.map { UInt64(bitPattern: Int64($0)) }
            }
        }
        func same(_ a: Int, _ b: Int) -> Bool { words.allSatisfy { $0[a] == $0[b] } }
        var first = Array(0..<n)
        var seen: [Int: [Int]] = [:]
        for r in 0..<n {
            var hasher = Hasher()
            for w in words { hasher.combine(w[r]) }
            let h = hasher.finalize()
            if let earlier = seen[h]?.first(where: { same($0, r) }) {
                first[r] = earlier
            } else {
                seen[h, default: []].append(r)
            }
        }
        firstOf = first
    }
}
