/// How two columns' values occur together, as pandas' crosstab counts them: rows and columns in
/// order of value, over the rows where both hold a value.
public struct Crosstab: Sendable, Equatable {
    public let rows: ValueGroups
    public let columns: ValueGroups
    /// counts[i][j]: rows with the i-th value of the first column and the j-th of the second.
    public let counts: [[Int]]
    /// Rows where both columns hold a value.
    public let counted: Int

    public init(_ first: Column, _ second: Column) {
        self.init(rows: ValueGroups(first, order: .value), columns: ValueGroups(second, order: .value))
    }

    /// From the two columns' groups (in order of value, for pandas' layout), over the same rows.
    public init(rows: ValueGroups, columns: ValueGroups) {
        precondition(rows.codes.count == columns.codes.count, "one group per row of the same frame")
        self.rows = rows
        self.columns = columns
        var counts = [[Int]](repeating: [Int](repeating: 0, count: columns.labels.count), count: rows.labels.count)
        var counted = 0
        for (a, b) in zip(rows.codes, columns.codes) where a >= 0 && b >= 0 {
            counts[Int(a)][Int(b)] += 1
            counted += 1
        }
        self.counts = counts
        self.counted = counted
    }
}
