import LabData

/// `box fare by=pclass`: box plots in the terminal, one line a box on a scale the table's boxes
/// share, with the numbers they are drawn from beside them. The numbers are matplotlib's, so the
/// picture is the one `df.boxplot(column="fare", by="pclass")` draws.
struct BoxCommand: Command {
    static let defaultWhis = 1.5

    static let spec = CommandSpec(
        "box", group: .data,
        summary: "Box plots of numeric columns, or of one column for each value of another, drawn in the terminal",
        positionals: [PositionalSpec("columns", .column, variadic: true, help: "numeric columns; their boxes share one scale")],
        keys: [
            KeySpec("by", .column, help: "a box for each value of this column (pandas' df.boxplot(column=..., by=...)); a table for each column named"),
            KeySpec("whis", .number, default: "1.5", help: "how far the whiskers reach, in IQRs: to the furthest value within whis·IQR of the box"),
        ],
        changesState: false, examples: ["box fare by=pclass", "box bill_length_mm bill_depth_mm", "box hours_per_week by=income whis=3"],
        details: """
        Each box spans the quartiles (numpy's linear ones, as describe) with the median marked; the
        whiskers end at the furthest values within whis·IQR of the box, and the values beyond them are
        drawn as dots and counted as outliers: matplotlib's boxplot, which pandas' df.boxplot draws.
        Groups are in sorted order; rows without a group value are left out, as pandas' groupby does.
        """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let named = args.words("columns")
        let whis = args.double("whis") ?? defaultWhis
        guard whis >= 0, whis.isFinite else {
            throw UsageError("whis=\(args.string("whis") ?? "") is not valid: expected a number of IQRs, 0 or more", hint: "e.g. whis=1.5 (the usual), or whis=3 for far-out values only")
        }
        guard frame.rowCount > 0 else {
            throw UsageError("frame '\(frame.name)' has no rows to draw", hint: "a filter or sample left it empty: `undo` brings the rows back")
        }
        let columns = try named.map { try frame.column($0) }
        for column in columns { try BoxStats.check(column) }
        guard let by = args.string("by") else {
            let boxes = try columns.map { try BoxStats($0, whis: whis) }
            let rows = zip(columns, boxes).map { column, box in (label: Cell.text(column.name), box: Optional(box), type: column.type) }
            return .table(table(title: "\(frame.name): \(named.joined(separator: ", "))", label: "column", rows: rows, whis: whis))
        }
        if named.contains(by) { throw UsageError("\(by) is the column the rows are grouped by", hint: "box other columns by=\(by)") }
        let key = try frame.column(by)
        let groups = try GroupRows.byValue(key, frame: frame, atMost: DescribeGroups.maxGroups, toDo: "draw")
        let left = frame.rowCount - groups.reduce(0) { $0 + $1.rows.count }
        var tables: [CommandOutput] = []
        for column in columns {
            var rows: [(label: Cell, box: BoxStats?, type: ColumnType)] = []
            for group in groups {
                try Cancellation.check()
                let label = Cell.text(ColumnSummary.text(group.value, type: key.type))
                // A group whose values of this column are all missing has no box (as an empty one in matplotlib).
                let box = group.rows.contains { !column.isMissing($0) } ? try BoxStats(column, rows: group.rows, whis: whis) : nil
                rows.append((label, box, column.type))
            }
            var table = table(title: "\(frame.name): \(column.name) by \(by)", label: by, rows: rows, whis: whis)
            if left > 0 { table.note! += "\n\(left) row\(left == 1 ? "" : "s") without \(by) left out, as pandas' groupby leaves them" }
            tables.append(.table(table))
        }
        return tables.count == 1 ? tables[0] : .group(tables)
    }

    /// One row a box: its label, the strip, then its numbers; all strips on the range of every value.
    private static func table(title: String, label: String, rows: [(label: Cell, box: BoxStats?, type: ColumnType)], whis: Double) -> ResultTable {
        let boxes = rows.compactMap(\.box)
        let scale = (boxes.map(\.min).min() ?? 0)...(boxes.map(\.max).max() ?? 0)
        let type = rows.first?.type ?? .float
        // Quartiles of integers fall between them; of dates, they stay dates (as describe shows them).
        let between: ColumnType = type == .integer || type == .boolean ? .float : type
        let cells = rows.map { row -> [Cell] in
            guard let b = row.box else { return [row.label, .missing, .number(0, .integer)] + Array(repeating: .missing, count: 6) }
            return [row.label, .box(b, scale: scale), .number(Double(b.count), .integer), .number(b.whiskerLow, type),
                    .number(b.q1, between), .number(b.median, between), .number(b.q3, between), .number(b.whiskerHigh, type),
                    .number(Double(b.outlierCount), .integer)]
        }
        let shown = { (x: Double) in NumberFormat.display(x, type: type) }
        let note = "scale \(shown(scale.lowerBound)) … \(shown(scale.upperBound)): ▒ 25% to 75%, █ the median, "
            + "├─┤ whiskers to the furthest values within \(NumberFormat.significant(whis))·IQR of the box, · outliers beyond"
        return ResultTable(title: title, columns: [label, "box", "count", "low", "25%", "50%", "75%", "high", "outliers"],
                           numericColumns: Set(2...8), rows: cells, note: note)
    }
}
