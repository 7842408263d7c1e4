/// A frame as one SQL table for the length of one query. Besides handing out cells (through
/// `ColumnView`s, made on first use of a column) it can give SQLite rows in sorted order,
/// which SQLite then uses instead of sorting itself: GROUP BY and ORDER BY stream over
/// presorted rows, and an equality (a join key, `WHERE city = 'Oslo'`) finds its rows by
/// binary search. Orders are built on first use and kept for the query.
final class FrameTable {
    struct SortTerm: Hashable {
        let column: Int
        let descending: Bool
    }

    /// Rows in ascending order of one column: missing rows first (SQL's NULLs sort lowest),
    /// then the rest with `keys[i]` the sort key of row `rows[presentStart + i]`.
    struct Ascending {
        let rows: RowOrder
        let presentStart: Int
        let keys: [Double]
    }

    let name: String
    let columns: [Column]
    let rowCount: Int
    /// One view per column, read by the C callbacks; `pending` until the column is first used.
    let views: UnsafeMutablePointer<ColumnView>
    private var buffers: [ColumnBuffers?]
    private var ascending: [Int: Ascending] = [:]
    private var orders: [[SortTerm]: RowOrder] = [:]
    private var ranks: [Int: [Double]] = [:]
    private var levelCodes: [Int: [String: Int32]] = [:]

    init(_ frame: Frame) {
        name = frame.name
        columns = frame.columns
        rowCount = frame.rowCount
        views = .allocate(capacity: max(1, frame.columnCount))
        views.initialize(repeating: .pending, count: max(1, frame.columnCount))
        buffers = Array(repeating: nil, count: frame.columnCount)
    }

    deinit {
        views.deinitialize(count: max(1, columns.count))
        views.deallocate()
    }

    /// The CREATE TABLE statement SQLite needs to know the columns (the table name in it is ignored).
    var declaration: String {
        "CREATE TABLE x(" + columns.map { "\(sqlIdentifier($0.name)) \(SQLTypes.declared($0.type))" }.joined(separator: ", ") + ")"
    }

    @discardableResult
    func view(_ j: Int) -> ColumnView {
        if buffers[j] == nil {
            let b = ColumnBuffers(columns[j])
            buffers[j] = b
            views[j] = b.view
        }
        return views[j]
    }

    /// Whether equality lookups and ordering can use this column's sorted order: its SQL values
    /// compare like its stored ones. Not dates and datetimes, whose ISO text sorts differently
    /// from their numbers once fractions of a second or years before 1000 appear.
    func isOrderable(_ j: Int) -> Bool { columns[j].type != .date && columns[j].type != .datetime }

    /// For a string column, the rank of each level in SQLite's BINARY order (bytewise UTF-8).
    private func levelRanks(_ j: Int) -> [Double] {
        if let r = ranks[j] { return r }
        guard case .strings(_, let levels) = columns[j].data else { return [] }
        let sorted = levels.indices.sorted { levels[$0].utf8.lexicographicallyPrecedes(levels[$1].utf8) }
        var r = [Double](repeating: 0, count: levels.count)
        // Equal strings under different codes share a rank, so they group and match together.
        var rank = -1
        for (k, level) in sorted.enumerated() {
            if k == 0 || !levels[level].utf8.elementsEqual(levels[sorted[k - 1]].utf8) { rank += 1 }
            r[level] = Double(rank)
        }
        ranks[j] = r
        return r
    }

    /// Whether a row's value reaches SQLite as NULL: missing, or a NaN (SQLite stores NaN as NULL).
    @inline(__always) private func isNull(_ v: ColumnView, _ row: Int) -> Bool {
        v.isMissing(row) || (v.codes == nil && v.values![row].isNaN)
    }

    func ascendingOrder(_ j: Int) -> Ascending {
        if let a = ascending[j] { return a }
        let v = view(j)
        var missingRows: [Int32] = []
        let result: Ascending
        if let codes = v.codes {
            // Counting sort by level rank: linear, and stable.
            let r = levelRanks(j)
            var counts = [Int](repeating: 0, count: r.count + 1)
            for row in 0..<rowCount {
                let c = codes[row]
                if c < 0 { missingRows.append(Int32(row)) } else { counts[Int(r[Int(c)]) + 1] += 1 }
            }
            for k in 1..<counts.count { counts[k] += counts[k - 1] }
            var present = [Int32](repeating: 0, count: rowCount - missingRows.count)
            var keys = [Double](repeating: 0, count: present.count)
            for row in 0..<rowCount {
                let c = codes[row]
                guard c >= 0 else { continue }
                let rank = Int(r[Int(c)])
                present[counts[rank]] = Int32(row)
                keys[counts[rank]] = Double(rank)
                counts[rank] += 1
            }
            result = Ascending(rows: RowOrder(missingRows + present), presentStart: missingRows.count, keys: keys)
        } else {
            let values = v.values!
            var pairs: [(Double, Int32)] = []
            pairs.reserveCapacity(rowCount)
            for row in 0..<rowCount {
                if isNull(v, row) { missingRows.append(Int32(row)) } else { pairs.append((values[row], Int32(row))) }
            }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            result = Ascending(rows: RowOrder(missingRows + pairs.map(\.1)), presentStart: missingRows.count, keys: pairs.map(\.0))
        }
        ascending[j] = result
        return result
    }

    /// Every row, sorted by `terms` (NULLs first ascending, last descending, as SQLite orders them).
    func order(_ terms: [SortTerm]) -> RowOrder {
        if let o = orders[terms] { return o }
        let result: RowOrder
        if terms.count == 1 {
            let a = ascendingOrder(terms[0].column).rows
            result = terms[0].descending ? a.reversed() : a
        } else {
            // Least significant key first, each a stable counting sort by the key's dense rank: linear per key.
            var rows = (0..<rowCount).map { Int32($0) }
            for term in terms.reversed() {
                let (ranks, distinct) = denseRanks(term.column)
                var counts = [Int](repeating: 0, count: distinct + 1)
                for r in ranks { counts[Int(term.descending ? Int32(distinct - 1) - r : r) + 1] += 1 }
                for k in 1..<counts.count { counts[k] += counts[k - 1] }
                var next = [Int32](repeating: 0, count: rowCount)
                for row in rows {
                    let r = ranks[Int(row)]
                    let k = Int(term.descending ? Int32(distinct - 1) - r : r)
                    next[counts[k]] = row
                    counts[k] += 1
                }
                rows = next
            }
            result = RowOrder(rows)
        }
        orders[terms] = result
        return result
    }

    /// Each row's rank in column j's ascending order (NULL 0, equal values one rank), and how many ranks.
    private func denseRanks(_ j: Int) -> (ranks: [Int32], distinct: Int) {
        let a = ascendingOrder(j)
        var ranks = [Int32](repeating: 0, count: rowCount)
        var rank: Int32 = a.presentStart > 0 ? 1 : 0
        for i in 0..<a.keys.count {
            if i > 0, a.keys[i] != a.keys[i - 1] { rank += 1 }
            ranks[Int(a.rows.base[a.presentStart + i])] = rank
        }
        return (ranks, a.keys.isEmpty ? Int(rank) : Int(rank) + 1)
    }

    /// A value SQLite asks this table to match with `=`.
    enum Probe {
        case number(Double)
        case text(String)
        case null
        /// A type the column might still equal after SQLite's affinity conversions: scan everything.
        case other
    }

    /// The rows whose column `j` may equal `probe` (positions in an order), or nil to scan all rows.
    /// It may return too many rows, never too few: SQLite checks the constraint again on every row.
    func rows(_ j: Int, equalTo probe: Probe) -> (order: RowOrder?, range: Range<Int>)? {
        let key: Double
        switch (probe, columns[j].type == .string) {
        case (.null, _): return (nil, 0..<0)
        case (.number(let x), false): key = x
        case (.text(let s), true):
            if levelCodes[j] == nil, case .strings(_, let levels) = columns[j].data {
                var codes: [String: Int32] = [:]
                for (c, level) in levels.enumerated() where codes[level] == nil { codes[level] = Int32(c) }
                levelCodes[j] = codes
            }
            guard let code = levelCodes[j]?[s] else { return (nil, 0..<0) }
            key = levelRanks(j)[Int(code)]
        default: return nil
        }
        let a = ascendingOrder(j)
        let lo = bound(a.keys, key, upper: false), hi = bound(a.keys, key, upper: true)
        return (a.rows, (a.presentStart + lo)..<(a.presentStart + hi))
    }

    /// The first index whose key is >= x (or > x for `upper`).
    private func bound(_ keys: [Double], _ x: Double, upper: Bool) -> Int {
        var (lo, hi) = (0, keys.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < x || (upper && keys[mid] == x) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Row numbers in a fixed place in memory, so a C cursor can walk them without Swift in between.
final class RowOrder {
    let count: Int
    let base: UnsafeMutablePointer<Int32>

    init(_ rows: [Int32]) {
        count = rows.count
        base = .allocate(capacity: max(1, rows.count))
        rows.withUnsafeBufferPointer { if let b = $0.baseAddress { base.initialize(from: b, count: rows.count) } }
    }

    func reversed() -> RowOrder {
        RowOrder((0..<count).map { base[count - 1 - $0] })
    }

    deinit { base.deallocate() }
}
