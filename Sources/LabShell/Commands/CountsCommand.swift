import LabData

/// How often each value occurs (pandas' value_counts), or how two columns' values occur
/// together (pandas' crosstab): the first look at a category, and at how a target differs by it.
struct CountsCommand: Command {
    /// Columns of a crosstab: more would not fit a terminal.
    static let crosstabColumns = 12

    static let spec = CommandSpec(
        "counts", aliases: ["value_counts", "crosstab"], group: .data, summary: "How often each value of a column occurs; with a second column, a crosstab of the two",
        positionals: [PositionalSpec("columns", .column, variadic: true, help: "a column, and optionally a second one for the crosstab's columns")],
        keys: [
            KeySpec("top", .integer(min: 0, max: 1_000_000), default: "20", help: "rows shown, most common first (0: all); the rest are summed"),
            KeySpec("share", .choice(["row", "column", "all"]),
                    help: "crosstab: show each cell as a percentage of its row, its column or all counted rows, instead of counts"),
            KeySpec("bins", .integer(min: 1, max: 1000), help: "count the first column (numbers) in this many equal-width bands, in their order (pandas' cut)"),
            KeySpec("by", .column, help: "the crosstab's second column, as a second word does: counts sex by=survived"),
        ],
        changesState: false, examples: ["counts embarked", "counts pclass survived", "counts sex survived share=row", "counts fare survived bins=5 share=row"],
        details: """
        Values are ordered by count, ties by first appearance (as pandas' value_counts); missing values
        are counted on a row of their own, and share% is of all rows. A crosstab (pandas' crosstab) has
        its rows and columns in order of value and counts the rows where both columns hold a value; with
        more values than `top`, the most common `top` get a row and the others are summed. share=row
        shows, for each value of the first column, how the second is spread: `counts sex survived
        share=row` gives the survival rate of each sex. bins=N counts a column of numbers in N bands
        of equal width, (a, b] each, in their order, empty ones included (pandas'
        value_counts(bins=N, sort=False), and crosstab of pd.cut(x, N)); the frame is not changed.
        """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let names = args.words("columns") + (args.string("by").map { [$0] } ?? [])
        guard (1...2).contains(names.count) else {
            throw UsageError("counts takes one column, or two for a crosstab; got \(names.count)", hint: "e.g. counts sex, or counts sex survived")
        }
        let top = args.int("top") ?? 20
        let firstColumn = try frame.column(names[0])
        let bins = try args.int("bins").map { try ValueGroups.binned(firstColumn, bins: $0) }
        guard names.count == 2 else {
            if args.string("share") != nil { throw UsageError("share= applies to a crosstab of two columns", hint: "e.g. counts sex survived share=row") }
            return .table(single(names[0], bins ?? ValueGroups(firstColumn), type: firstColumn.type, frame: frame, top: top, binned: bins != nil))
        }
        let secondColumn = try frame.column(names[1])
        let second = ValueGroups(secondColumn, order: .value)
        let distinct = second.labels.count
        guard distinct <= crosstabColumns else {
            // Its values as the rows (in bands if they are numbers), where the first column's fit as the columns.
            let banded = secondColumn.type == .integer || secondColumn.type == .float
            let firstFits = (bins ?? ValueGroups(firstColumn)).labels.count <= crosstabColumns
            throw UsageError("'\(names[1])' has \(distinct) distinct values, too many for the crosstab's columns (at most \(crosstabColumns))",
                             hint: firstFits ? "put it first: counts \(names[1]) \(names[0])" + (banded ? " bins=5" : "")
                                : "count it alone" + (banded ? ", in bands: counts \(names[1]) bins=5" : ": counts \(names[1])"))
        }
        let table = Crosstab(rows: bins ?? ValueGroups(firstColumn, order: .value), columns: second)
        return .table(crosstab(names, table, types: (firstColumn.type, secondColumn.type), frame: frame, top: bins == nil ? top : 0, share: args.string("share")))
    }

    /// A group's value as the column's values are shown elsewhere (24, not 24.0).
    private static func label(_ groups: ValueGroups, _ i: Int, _ type: ColumnType) -> Cell {
        groups.values.map { .number($0[i], type) } ?? .text(groups.labels[i])
    }

    private static func heading(_ groups: ValueGroups, _ j: Int, _ type: ColumnType) -> String {
        groups.values.map { NumberFormat.display($0[j], type: type) } ?? groups.labels[j]
    }

    /// A share of nothing (an empty band's row) is not a number: shown as missing, as pandas' NaN.
    private static func percent(_ n: Int, of total: Int) -> Cell { total == 0 ? .missing : .fixed(Double(n) / Double(total) * 100, decimals: 1) }

    private static func single(_ name: String, _ groups: ValueGroups, type: ColumnType, frame: Frame, top: Int, binned: Bool) -> ResultTable {
        // Bands are read in their order, all of them.
        let shown = top == 0 || binned ? groups.labels.count : min(top, groups.labels.count)
        let total = frame.rowCount
        var rows: [[Cell]] = (0..<shown).map { [label(groups, $0, type), .number(Double(groups.counts[$0]), .integer), percent(groups.counts[$0], of: total)] }
        let rest = groups.counts.dropFirst(shown)
        if !rest.isEmpty {
            let n = rest.reduce(0, +)
            rows.append([.text("(\(rest.count) other values)"), .number(Double(n), .integer), percent(n, of: total)])
        }
        if groups.missing > 0 { rows.append([.text("(missing)"), .number(Double(groups.missing), .integer), percent(groups.missing, of: total)]) }
        let what = binned ? "\(groups.labels.count) band\(groups.labels.count == 1 ? "" : "s") of equal width"
            : "\(groups.labels.count) distinct value\(groups.labels.count == 1 ? "" : "s")"
        var table = ResultTable(title: "\(name) in \(frame.name): \(what) in \(total) rows",
                                columns: [name, "count", "share%"], numericColumns: [1, 2], rows: rows)
        table.barsFor = 1
        return table
    }

    private static func crosstab(_ names: [String], _ table: Crosstab, types: (ColumnType, ColumnType), frame: Frame, top: Int,
                                 share: String?) -> ResultTable {
        let a = table.rows, b = table.columns, cells = table.counts, counted = table.counted
        let width = b.labels.count
        // The `top` most common values of the first column, shown in order of value; the rest summed.
        let kept = top == 0 || top >= cells.count ? Array(cells.indices)
            : cells.indices.sorted { a.counts[$0] > a.counts[$1] || (a.counts[$0] == a.counts[$1] && $0 < $1) }.prefix(top).sorted()
        var lines = kept.map { cells[$0] }
        var labels = kept.map { label(a, $0, types.0) }
        if kept.count < cells.count {
            let keptSet = Set(kept)
            let rest = cells.indices.filter { !keptSet.contains($0) }.map { cells[$0] }
            lines.append((0..<width).map { j in rest.reduce(0) { $0 + $1[j] } })
            labels.append(.text("(\(rest.count) other values)"))
        }
        let columnTotals = (0..<width).map { j in cells.reduce(0) { $0 + $1[j] } }
        let rows: [[Cell]] = zip(labels, lines).map { label, line in
            let rowTotal = line.reduce(0, +)
            let values: [Cell] = line.enumerated().map { j, n in
                switch share {
                case "row": return percent(n, of: rowTotal)
                case "column": return percent(n, of: columnTotals[j])
                case "all": return percent(n, of: counted)
                default: return .number(Double(n), .integer)
                }
            }
            return [label] + values + [.number(Double(rowTotal), .integer)]
        }
        let left = frame.rowCount - counted
        let unit = share.map { " (% of each \($0 == "all" ? "counted row" : $0))" } ?? ""
        return ResultTable(title: "\(names[0]) × \(names[1]) in \(frame.name)\(unit)",
                           columns: ["\(names[0]) \\ \(names[1])"] + b.labels.indices.map { "\(names[1])=\(heading(b, $0, types.1))" } + ["rows"],
                           numericColumns: Set(1...(width + 1)), rows: rows,
                           note: left > 0 ? "\(left) row\(left == 1 ? "" : "s") with a missing value in either column not counted" : nil)
    }
}
