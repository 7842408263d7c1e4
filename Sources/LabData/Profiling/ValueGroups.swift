/// A column's distinct values as groups, with each row's group: the counts of `counts` and
/// the rows and columns of its crosstab.
public struct ValueGroups: Sendable, Equatable {
    public enum Order: Sendable {
        /// Most common first; ties: the value seen first comes first (pandas' value_counts).
        case count
        /// Ascending: numbers, dates and booleans by value, text by its bytes (pandas' crosstab).
        case value
    }

    /// Each group's value as text (dates as dates, booleans as true/false).
    public let labels: [String]
    public let counts: [Int]
    /// Each group's number, for numeric, date and boolean columns (nil for text): shown as the
    /// column's other numbers are.
    public let values: [Double]?
    /// Each row's group, -1 for a missing value.
    public let codes: [Int32]
    public var missing: Int { codes.count - counts.reduce(0, +) }

    init(labels: [String], counts: [Int], values: [Double]?, codes: [Int32]) {
        self.labels = labels
        self.counts = counts
        self.values = values
        self.codes = codes
    }

    public init(_ column: Column, order: Order = .count) {
        // Raw groups in order of first appearance; values compared exactly (-0 as 0).
        var raw = [Int32](repeating: -1, count: column.count)
        var rawLabels: [String] = []
        var rawCounts: [Int] = []
        var rawValues: [Double] = []
        switch column.data {
        case .strings(let codes, let levels):
            var local = [Int32](repeating: -1, count: levels.count)
            for (row, code) in codes.enumerated() where code >= 0 {
                if local[Int(code)] < 0 {
                    local[Int(code)] = Int32(rawLabels.count)
                    rawLabels.append(levels[Int(code)])
                    rawCounts.append(0)
                }
                raw[row] = local[Int(code)]
                rawCounts[Int(raw[row])] += 1
            }
        case .numbers(let values, let mask):
            var local: [UInt64: Int32] = [:]
            for (row, v) in values.enumerated() where mask?[row] != true {
                let key = (v == 0 ? 0 : v).bitPattern
                let group: Int32
                if let g = local[key] {
                    group = g
                } else {
                    group = Int32(rawLabels.count)
                    local[key] = group
                    rawLabels.append(column.type == .boolean ? (v != 0 ? "true" : "false") : Column.canonicalText(v, type: column.type))
                    rawValues.append(v)
                    rawCounts.append(0)
                }
                raw[row] = group
                rawCounts[Int(group)] += 1
            }
        }
        let sorted: [Int]
        switch order {
        case .count:
            // Raw groups are numbered by first appearance, so ties go by it.
            sorted = rawCounts.indices.sorted { rawCounts[$0] > rawCounts[$1] || (rawCounts[$0] == rawCounts[$1] && $0 < $1) }
        case .value where rawValues.isEmpty:
            sorted = rawLabels.indices.sorted { Array(rawLabels[$0].utf8).lexicographicallyPrecedes(Array(rawLabels[$1].utf8)) }
        case .value:
            sorted = rawValues.indices.sorted { rawValues[$0] < rawValues[$1] }
        }
        var rank = [Int32](repeating: 0, count: sorted.count)
        for (r, g) in sorted.enumerated() { rank[g] = Int32(r) }
        labels = sorted.map { rawLabels[$0] }
        values = column.type == .string ? nil : sorted.map { rawValues[$0] }
        counts = sorted.map { rawCounts[$0] }
        codes = raw.map { $0 < 0 ? -1 : rank[Int($0)] }
    }
}
