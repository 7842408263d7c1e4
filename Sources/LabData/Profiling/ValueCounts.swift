/// A value and how many rows hold it.
public struct ValueCount: Sendable, Equatable {
    public let value: Value
    public let count: Int

    public init(value: Value, count: Int) {
        self.value = value
        self.count = count
    }
}

/// The most frequent values of a column, most common first. Ties keep the order in which
/// the values first appear in the column, as pandas' value_counts does.
enum ValueCounts {
    /// From dictionary codes: one counting pass, which also notes each level's first row.
    static func top(codes: [Int32], levels: [String], limit: Int) -> (top: [ValueCount], unique: Int) {
        var counts = [Int](repeating: 0, count: levels.count)
        var first = [Int](repeating: Int.max, count: levels.count)
        codes.withUnsafeBufferPointer { cs in
            for (row, c) in cs.enumerated() where c >= 0 {
                let i = Int(c)
                if counts[i] == 0 { first[i] = row }
                counts[i] += 1
            }
        }
        var best = Leaders<Int>(limit: limit)
        var unique = 0
        for (i, n) in counts.enumerated() where n > 0 {
            unique += 1
            best.offer(i, count: n, first: first[i])
        }
        return (best.items.map { ValueCount(value: .string(levels[$0.item]), count: $0.count) }, unique)
    }

    /// From the present values in ascending order, each with its row, equal values in row
    /// order: a run of equal values gives its count and, at its start, its first row.
    static func top(sorted: UnsafeBufferPointer<Double>, rows: UnsafeBufferPointer<Int32>, type: ColumnType,
                    limit: Int) -> (top: [ValueCount], unique: Int) {
        var best = Leaders<Double>(limit: limit)
        var unique = 0, start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end] == sorted[start] { end += 1 }
            unique += 1
            best.offer(sorted[start], count: end - start, first: Int(rows[start]))
            start = end
        }
        let top = best.items.map { c -> ValueCount in
            ValueCount(value: type == .boolean ? .bool(c.item != 0) : .number(c.item), count: c.count)
        }
        return (top, unique)
    }
}

/// The `limit` best items seen so far: higher count first, then earlier first row.
struct Leaders<Item> {
    let limit: Int
    private(set) var items: [(item: Item, count: Int, first: Int)] = []

    init(limit: Int) { self.limit = limit }

    @inline(__always)
    mutating func offer(_ item: Item, count: Int, first: Int) {
        if items.count == limit, let last = items.last, !(count > last.count || (count == last.count && first < last.first)) { return }
        let at = items.firstIndex { count > $0.count || (count == $0.count && first < $0.first) } ?? items.count
        items.insert((item, count, first), at: at)
        if items.count > limit { items.removeLast() }
    }
}
