import LabData

/// Two tables that each fit a 100-column terminal: pandas' describe for the numeric,
/// date and datetime columns, then a profile of every column (missing, distinct values,
/// a histogram of numbers, the most common values).
struct DescribeCommand: Command {
    static let spec = CommandSpec(
        "describe", group: .data,
        summary: "Per column: count, mean, std, quartiles; missing %, distinct values, histogram, most common values",
        positionals: [PositionalSpec("columns", .column, optional: true, variadic: true, help: "only these columns (as df[[\"age\", \"fare\"]].describe())")],
        keys: [KeySpec("cols", .columns, help: "only these columns, comma-separated"),
               KeySpec("by", .column, help: "the statistics for each value of this column, one under the other (pandas' groupby(...).describe()); text named: count, unique, top, freq")],
        changesState: false, examples: ["describe", "describe age fare", "describe cols=age,fare", "describe age fare by=survived"],
        details: """
        The first table is pandas' describe (sample std, numpy's linear quartiles) for numeric, date and
        datetime columns. The second profiles every column: missing count and %, distinct values, a
        10-bin histogram from min to max (numpy.histogram's bins), and the 3 most common values with
        their counts (ties in order of first appearance, as pandas' value_counts).
        """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var frame = try context.state.requireCurrent()
        let named = args.words("columns") + (args.list("cols") ?? [])
        if let by = args.string("by") {
            let tables = try DescribeGroups.tables(frame, columns: named, by: by)
            return tables.count == 1 ? .table(tables[0]) : .group(tables.map { .table($0) })
        }
        if !named.isEmpty { frame = try frame.selecting(named) }
        let summaries = try ColumnSummary.summaries(of: frame.columns)
        let numeric = summaries.filter { $0.type.isNumeric }
        let profile = profileTable(summaries, title: "\(frame.name): \(frame.columnCount) column\(frame.columnCount == 1 ? "" : "s") profiled")
        guard !numeric.isEmpty else { return .table(profile) }
        return .group([.table(statisticsTable(numeric, title: "\(frame.name): \(frame.rowCount) rows")), .table(profile)])
    }

    static func statisticsTable(_ summaries: [ColumnSummary], title: String) -> ResultTable {
        let header = ["column", "type", "count", "missing", "mean", "std", "min", "25%", "50%", "75%", "max"]
        let rows = summaries.map { s -> [Cell] in
            let timed = s.type == .date || s.type == .datetime
            // Integer and boolean columns have fractional means and quartiles; dates stay dates.
            let valueType: ColumnType = timed ? s.type : (s.type == .integer || s.type == .boolean ? .float : s.type)
            let extreme: ColumnType = s.type == .boolean ? .integer : s.type
            func number(_ x: Double?, _ t: ColumnType) -> Cell { x.map { .number($0, t) } ?? Self.notApplicable }
            return [
                .text(s.name), .text(s.type.rawValue), .number(Double(s.count), .integer), .number(Double(s.missing), .integer),
                number(s.mean, valueType), number(s.std, .float), number(s.min, extreme),
                number(s.q25, valueType), number(s.median, valueType), number(s.q75, valueType), number(s.max, extreme),
            ]
        }
        return ResultTable(title: title, columns: header, numericColumns: Set(2...10), rows: rows)
    }

    static func profileTable(_ summaries: [ColumnSummary], title: String) -> ResultTable {
        let header = ["column", "type", "missing", "missing%", "unique", "histogram", "top"]
        let rows = summaries.map { s -> [Cell] in
            [
                .text(s.name), .text(s.type.rawValue), .number(Double(s.missing), .integer), .fixed(s.missingPercent, decimals: 1),
                .number(Double(s.unique), .integer), s.histogram.map { .histogram($0) } ?? Self.notApplicable, topCell(s),
            ]
        }
        return ResultTable(title: title, columns: header, numericColumns: [2, 3, 4], rows: rows)
    }

    /// "value (n), ..." for values seen more than once: a value seen once is no "top".
    /// A statistic that does not apply to the column (the std of a date, the histogram of text): a
    /// dash, so it is not read as a missing value ("NA") of the data.
    static let notApplicable = Cell.text("-")

    static func topCell(_ s: ColumnSummary) -> Cell {
        guard !s.topValues.isEmpty else { return Self.notApplicable }
        let repeated = s.topValues.filter { $0.count > 1 }
        guard !repeated.isEmpty else { return .text("(all distinct)") }
        return .text(repeated.map { "\(display($0.value, type: s.type)) (\($0.count))" }.joined(separator: ", "))
    }

    static func display(_ value: Value, type: ColumnType) -> String {
        if case .number(let x) = value { return NumberFormat.display(x, type: type) }
        return ColumnSummary.text(value, type: type)
    }
}
