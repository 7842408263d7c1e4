/// Where a frame's values are missing: per column, and per row pattern (the set of columns
/// missing together in a row), like a compact missingno matrix.
public struct MissingProfile: Sendable, Equatable {
    public struct Pattern: Sendable, Equatable {
        /// Indices of the frame's columns missing in these rows, ascending; empty for complete rows.
        public let columns: [Int]
        public let rows: Int
        /// The first row with this pattern; ties in `rows` keep this order.
        public let firstRow: Int
    }

    public let rowCount: Int
    public let columnNames: [String]
    public let missingPerColumn: [Int]
    /// Every distinct pattern, most common first.
    public let patterns: [Pattern]

    public var missingCells: Int { missingPerColumn.reduce(0, +) }
    public var completeRows: Int { patterns.first { $0.columns.isEmpty }?.rows ?? 0 }

    public init(_ frame: Frame) throws {
        rowCount = frame.rowCount
        columnNames = frame.columnNames
        let perColumn = frame.columns.map(\.missingCount)
        missingPerColumn = perColumn
        // Only columns with gaps take part in a pattern: one bit each in a row's key.
        let gappy = perColumn.indices.filter { perColumn[$0] > 0 }
        let words = max(1, (gappy.count + 63) / 64)
        var keys = [UInt64](repeating: 0, count: frame.rowCount * words)
        for (bit, j) in gappy.enumerated() {
            Self.mark(frame.columns[j], bit: bit, words: words, into: &keys)
            try Cancellation.check()
        }
        var found = words == 1 ? try Self.countSingleWord(keys) : try Self.countMultiWord(keys, words: words)
        found.sort { $0.rows != $1.rows ? $0.rows > $1.rows : $0.firstRow < $1.firstRow }
        patterns = found.map { p in
            Pattern(columns: gappy.indices.filter { keys[p.firstRow * words + ($0 >> 6)] & (1 << UInt64($0 & 63)) != 0 }.map { gappy[$0] },
                    rows: p.rows, firstRow: p.firstRow)
        }
    }

    private static func mark(_ column: Column, bit: Int, words: Int, into keys: inout [UInt64]) {
        let (word, flag) = (bit >> 6, UInt64(1) << UInt64(bit & 63))
        keys.withUnsafeMutableBufferPointer { k in
            switch column.data {
            case .numbers(_, let missing?):
                for (w, var bits) in missing.words.enumerated() {
                    while bits != 0 {
                        k[((w << 6) + bits.trailingZeroBitCount) * words + word] |= flag
                        bits &= bits - 1
                    }
                }
            case .numbers(_, nil):
                break
            case .strings(let codes, _):
                codes.withUnsafeBufferPointer { cs in
                    for r in 0..<cs.count where cs[r] < 0 { k[r * words + word] |= flag }
                }
            }
        }
    }

    /// Up to 64 gappy columns: a row's key is one word; neighbouring rows often share it.
    private static func countSingleWord(_ keys: [UInt64]) throws -> [(rows: Int, firstRow: Int)] {
        var slot: [UInt64: Int] = [:]
        var found: [(rows: Int, firstRow: Int)] = []
        var lastKey: UInt64 = 0, lastSlot = -1
        for (r, key) in keys.enumerated() {
            if lastSlot < 0 || key != lastKey {
                if let s = slot[key] {
                    lastSlot = s
                } else {
                    lastSlot = found.count
                    slot[key] = lastSlot
                    found.append((0, r))
                }
                lastKey = key
            }
            found[lastSlot].rows += 1
            if r & 0xFFFF == 0 { try Cancellation.check() }
        }
        return found
    }

    /// More than 64 gappy columns: sort the rows by key (ties by row) and count the runs.
    private static func countMultiWord(_ keys: [UInt64], words: Int) throws -> [(rows: Int, firstRow: Int)] {
        let rows = keys.count / words
        let less = { (a: Int, b: Int) -> Bool in
            for w in 0..<words where keys[a * words + w] != keys[b * words + w] {
                return keys[a * words + w] < keys[b * words + w]
            }
            return a < b
        }
        let order = (0..<rows).sorted(by: less)
        try Cancellation.check()
        var found: [(rows: Int, firstRow: Int)] = []
        for r in order {
            if let last = found.last, (0..<words).allSatisfy({ keys[last.firstRow * words + $0] == keys[r * words + $0] }) {
                found[found.count - 1].rows += 1
            } else {
                found.append((1, r))
            }
        }
        return found
    }
}
