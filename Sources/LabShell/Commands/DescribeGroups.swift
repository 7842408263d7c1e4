import LabData

/// `describe age fare by=survived`: pandas' `df.groupby("survived")[["age", "fare"]].describe()`,
/// a column's statistics for each value of a class column one under the other, so the classes
/// compare at a glance. Groups are in sorted order and rows without a group value are left out,
/// as pandas' groupby does.
enum DescribeGroups {
    /// More groups than this read better as `counts` or after `bin`.
    static let maxGroups = 30

    static func table(_ frame: Frame, columns named: [String], by: String) throws -> ResultTable {
        let key = try frame.column(by)
        guard frame.rowCount > 0 else {
            throw UsageError("frame '\(frame.name)' has no rows to describe", hint: "a filter or sample left it empty: `undo` brings the rows back")
        }
        let groups = try rowsByValue(key, frame: frame)
        let described = named.isEmpty ? frame.columns.filter { $0.type.isNumeric && $0.name != by }.map(\.name) : named
        guard !described.isEmpty else {
            throw UsageError("'\(frame.name)' has no numeric column to describe by \(by)",
                             hint: "counts COLUMN \(by) shows a text column by \(by)")
        }
        for name in described {
            let column = try frame.column(name)
            if name == by { throw UsageError("\(by) is the column the rows are grouped by", hint: "describe other columns by=\(by)") }
            guard column.type.isNumeric else {
                throw UsageError("describe by= gives the statistics of numbers; '\(name)' is text",
                                 hint: "counts \(name) \(by) shows how its values fall in each \(by)")
            }
        }
        let selected = try frame.selecting(described)
        var summaries: [[ColumnSummary]] = []
        for group in groups {
            try Cancellation.check()
            summaries.append(try ColumnSummary.summaries(of: selected.gathering(group.rows).columns))
        }
        let statistics = DescribeCommand.statisticsTable(summaries.flatMap { $0 }, title: "")
        var rows: [[Cell]] = []
        for j in described.indices {
            for (g, group) in groups.enumerated() {
                var row = statistics.rows[g * described.count + j]
                row.insert(Cell.text(ColumnSummary.text(group.value, type: key.type)), at: 1)
                rows.append(row)
            }
        }
        let grouped = groups.reduce(0) { $0 + $1.rows.count }
        let left = frame.rowCount - grouped
        return ResultTable(title: "\(frame.name): \(described.joined(separator: ", ")) by \(by)",
                           columns: ["column", by] + statistics.columns.dropFirst(), numericColumns: Set(3...11), rows: rows,
                           note: left > 0 ? "\(left) row\(left == 1 ? "" : "s") without \(by) left out, as pandas' groupby leaves them" : nil)
    }

    /// Each value of the column with its rows, in sorted order (numbers and dates ascending, text by code point).
    private static func rowsByValue(_ column: Column, frame: Frame) throws -> [(value: Value, rows: [Int])] {
        var rows: [Value: [Int]] = [:]
        for r in 0..<frame.rowCount {
            let v = column.value(at: r)
            if v.isMissing { continue }
            rows[v, default: []].append(r)
            if rows.count > maxGroups {
                let distinct = (try? ColumnSummary(column))?.unique ?? rows.count
                throw UsageError("'\(column.name)' has \(distinct) distinct values, too many groups to describe (at most \(maxGroups))",
                                 hint: column.type.isNumeric ? "cut it into bands first: bin \(column.name) bins=5 (then describe ... by=\(column.name))"
                                                             : "counts \(column.name) lists its values")
            }
        }
        guard !rows.isEmpty else { throw UsageError("'\(column.name)' has no values to group by: every row is missing") }
        return rows.map { ($0.key, $0.value) }.sorted { order($0.value, $1.value) }
    }

    private static func order(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.string(let x), .string(let y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        case (.bool(let x), .bool(let y)): return !x && y
        default: return false
        }
    }
}
