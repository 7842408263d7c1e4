import LabData

/// Columns whose value alone tells a row's class on the training rows, through a handful of
/// values (a copy of the target under another name, such as seaborn's titanic `alive` beside
/// `survived`, or a field filled in from the outcome, such as a churn reason). A model with one
/// learns that and nothing else, and new rows will not have it: target leakage.
public struct TargetEcho: Sendable, Equatable {
    public let column: String
    /// Training rows with a value, of which `share` have the class their value's majority has.
    public let rows: Int
    public let share: Double
    /// Each value with the class it stands for, most common value first (at most three).
    public let pairs: [(value: String, label: String)]

    public static func == (a: TargetEcho, b: TargetEcho) -> Bool {
        a.column == b.column && a.rows == b.rows && a.share == b.share
            && a.pairs.map(\.value) == b.pairs.map(\.value) && a.pairs.map(\.label) == b.pairs.map(\.label)
    }

    /// At most this many values per class (an echo names the classes, it does not measure
    /// something), on at least `minimumRows` rows, telling the class on this share of them,
    /// where no class is this common anyway.
    static let valuesPerClass = 2
    static let minimumRows = 30
    static let minimumShare = 0.995

    /// The echoes among `columns` (by the class in `target` over `rows`, all rows when nil), in their order.
    public static func find(_ frame: Frame, columns: [String], target: String, rows: [Int]?) -> [TargetEcho] {
        guard let truth = try? frame.column(target) else { return [] }
        let indices = (rows ?? Array(0..<frame.rowCount)).filter { !truth.isMissing($0) }
        let (labels, slots) = TrainingData.distinctTexts(truth, rows: indices)
        guard labels.count >= 2, !indices.isEmpty else { return [] }
        var overall = [Int](repeating: 0, count: labels.count)
        for s in slots { overall[s] += 1 }
        guard Double(overall.max()!) / Double(indices.count) < minimumShare else { return [] }
        return columns.compactMap { name -> TargetEcho? in
            guard name != target, let column = try? frame.column(name) else { return nil }
            // Most columns are measurements with no gap, ruled out after a few rows by `atMost`:
            // their rows are not listed (a list and a lookup per row took 20 ms for 20 such
            // columns over 800,000 rows).
            let gaps = column.missingCount > 0
            let withValue = gaps ? indices.filter { !column.isMissing($0) } : indices
            guard withValue.count >= minimumRows, Self.atMost(valuesPerClass * labels.count, valuesOf: column, at: withValue) else { return nil }
            // Positions in `indices` of the rows with a value.
            let present = gaps ? indices.indices.filter { !column.isMissing(indices[$0]) } : Array(indices.indices)
            let (values, valueSlots) = TrainingData.distinctTexts(column, rows: withValue)
            var counts = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: values.count)
            for (k, p) in present.enumerated() { counts[valueSlots[k]][slots[p]] += 1 }
            let told = counts.reduce(0) { $0 + $1.max()! }
            let share = Double(told) / Double(present.count)
            guard share >= minimumShare else { return nil }
            let order = counts.indices.sorted { counts[$0].reduce(0, +) > counts[$1].reduce(0, +) }
            let pairs = order.prefix(3).map { v in (values[v], labels[counts[v].indices.max { counts[v][$0] < counts[v][$1] }!]) }
            return TargetEcho(column: name, rows: present.count, share: share, pairs: pairs)
        }
    }

    /// Whether the column holds at most `limit` distinct values at `rows`: stops at the first one
    /// past it, so a column of measurements costs a few rows, not a text per row.
    private static func atMost(_ limit: Int, valuesOf column: Column, at rows: [Int]) -> Bool {
        switch column.data {
        case .strings(let codes, _):
            var seen = Set<Int32>()
            for r in rows where seen.insert(codes[r]).inserted && seen.count > limit { return false }
        case .numbers(let v, _):
            var seen = Set<UInt64>()
            for r in rows where seen.insert(v[r].bitPattern).inserted && seen.count > limit { return false }
        }
        return true
    }
}
