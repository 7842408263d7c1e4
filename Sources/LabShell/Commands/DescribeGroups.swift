import LabData

/// `describe age fare by=survived`: pandas' `df.groupby("survived")[["age", "fare"]].describe()`
/// (and of a text column, `df.groupby("pclass")["embarked"].describe()`),
/// a column's statistics for each value of a class column one under the other, so the classes
/// compare at a glance. Groups are in sorted order and rows without a group value are left out,
/// as pandas' groupby does.
enum DescribeGroups {
    /// More groups than this read better as `counts` or after `bin`.
    static let maxGroups = 30

    /// The numbers' statistics by group, then the text columns' (count, unique, top, freq: pandas'
    /// describe of text), each table when it has columns.
    static func tables(_ frame: Frame, columns named: [String], by: String) throws -> [ResultTable] {
        let key = try frame.column(by)
        guard frame.rowCount > 0 else {
            throw UsageError("frame '\(frame.name)' has no rows to describe", hint: "a filter or sample left it empty: `undo` brings the rows back")
        }
        let groups = try GroupRows.byValue(key, frame: frame, atMost: maxGroups, toDo: "describe")
        // Left out, numbers only, as pandas' describe of a frame; text when named.
        let described = named.isEmpty ? frame.columns.filter { $0.type.isNumeric && $0.name != by }.map(\.name) : named
        guard !described.isEmpty else {
            throw UsageError("'\(frame.name)' has no numeric column to describe by \(by)",
                             hint: "name text columns to describe them by \(by): describe COLUMN by=\(by)")
        }
        if described.contains(by) { throw UsageError("\(by) is the column the rows are grouped by", hint: "describe other columns by=\(by)") }
        let selected = try frame.selecting(described)
        var summaries: [[ColumnSummary]] = []
        for group in groups {
            try Cancellation.check()
            summaries.append(try ColumnSummary.summaries(of: selected.gathering(group.rows).columns))
        }
        let label = groups.map { Cell.text(ColumnSummary.text($0.value, type: key.type)) }
        let left = frame.rowCount - groups.reduce(0) { $0 + $1.rows.count }
        let note = left > 0 ? "\(left) row\(left == 1 ? "" : "s") without \(by) left out, as pandas' groupby leaves them" : nil
        let numeric = described.indices.filter { selected.columns[$0].type.isNumeric }
        let text = described.indices.filter { !selected.columns[$0].type.isNumeric }
        var out: [ResultTable] = []
        if !numeric.isEmpty {
            let statistics = DescribeCommand.statisticsTable(summaries.flatMap { group in numeric.map { group[$0] } }, title: "")
            let rows = numeric.indices.flatMap { j in groups.indices.map { g -> [Cell] in
                var row = statistics.rows[g * numeric.count + j]
                row.insert(label[g], at: 1)
                return row
            } }
            out.append(ResultTable(title: "\(frame.name): \(numeric.map { described[$0] }.joined(separator: ", ")) by \(by)",
                                   columns: ["column", by] + statistics.columns.dropFirst(), numericColumns: Set(3...11), rows: rows, note: note))
        }
        if !text.isEmpty {
            let rows = text.flatMap { j in groups.indices.map { g -> [Cell] in
                let s = summaries[g][j]
                return [.text(described[j]), label[g], .number(Double(s.count), .integer), .number(Double(s.unique), .integer),
                        s.top.map(Cell.text) ?? DescribeCommand.notApplicable, s.topCount.map { .number(Double($0), .integer) } ?? DescribeCommand.notApplicable]
            } }
            out.append(ResultTable(title: "\(frame.name): \(text.map { described[$0] }.joined(separator: ", ")) by \(by)",
                                   columns: ["column", by, "count", "unique", "top", "freq"], numericColumns: [2, 3, 5], rows: rows,
                                   note: numeric.isEmpty ? note : nil))
        }
        return out
    }
}
