import LabData

struct ShowCommand: Command {
    static let spec = CommandSpec(
        "show", aliases: ["head"], group: .data, summary: "Show the first rows of the current frame (or from another row, or those where a condition holds)",
        positionals: [
            PositionalSpec("where", .keyword(["where"]), optional: true, help: "then a condition: only the rows where it holds (the frame keeps them all)"),
            PositionalSpec("condition", .condition, optional: true, variadic: true, help: "e.g. age > 70 and sex == \"female\""),
        ],
        keys: [
            KeySpec("n", .integer(min: 0, max: 1_000_000), default: "10", takesBareNumber: true, help: "how many rows (from=-N shows the last N)"),
            KeySpec("cols", .columns, help: "only these columns, comma-separated"),
            KeySpec("from", .integer(min: -1_000_000_000, max: 1_000_000_000),
                    help: "the first row shown, counted from 1 (as messages count rows); from=-5: the last 5 rows"),
            KeySpec("sort", .text, help: "look at the rows in this order, the frame unchanged: a column, -column for descending, several comma-separated"),
        ],
        changesState: false,
        examples: ["show", "show 5", "show n=20 cols=name,age,fare", "show from=1226 n=3", "show from=-5", "show where age > 70 cols=name,age",
                   "show 5 sort=-fare cols=name,fare"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var frame = try context.state.requireCurrent()
        var condition: String?
        var rowOrder: [Int]?
        if args.word("where") != nil || !args.words("condition").isEmpty {
            let words = args.words("condition")
            guard args.word("where") != nil else {
                throw UsageError("unexpected '\(words[0])' after show", hint: "usage: \(spec.shortSynopsis)")
            }
            guard !words.isEmpty else { throw UsageError("show where needs a condition", hint: "e.g. show where age > 70") }
            let text = words.joined(separator: " ")
            let mask = try Expression.parse(text).filterMask(on: frame)
            frame = frame.filtering(mask)
            condition = text
        }
        if let order = args.list("sort") {
            let keys = order.map(SortKey.init(signed:))
            rowOrder = try frame.sortOrder(by: keys)
            let described = keys.map { $0.column + ($0.descending ? " descending" : "") }.joined(separator: ", then ")
            condition = (condition.map { $0 + ", " } ?? "") + "by " + described
        }
        if let cols = args.list("cols") { frame = try frame.selecting(cols) }
        let from = args.int("from") ?? 1
        guard from != 0 else {
            throw UsageError("rows count from 1: from=0 is no row", hint: "from=1 is the first row, from=-1 the last")
        }
        // A negative start counts from the end and, unless n= is typed, shows the rows to the end.
        let start = from > 0 ? from - 1 : max(0, frame.rowCount + from)
        let n = args.typedKeys.contains("n") || from > 0 ? args.int("n") ?? 10 : -from
        guard frame.rowCount > 0 else { return .table(titled(table(frame, rows: 0..<0), condition)) }
        guard start < frame.rowCount else {
            throw UsageError((condition == nil ? "frame '\(frame.name)' has \(frame.rowCount) rows" : "only \(frame.rowCount) rows of '\(frame.name)' match")
                                + ": there is no row \(from)",
                             hint: "from= takes 1 to \(frame.rowCount), or a negative number to count from the end")
        }
        return .table(titled(table(frame, rows: start..<min(frame.rowCount, start + n), order: rowOrder), condition))
    }

    /// "titanic where age > 70", "titanic by fare descending": the rows counted are the matching
    /// ones, in the order looked at.
    private static func titled(_ table: ResultTable, _ condition: String?) -> ResultTable {
        guard let condition else { return table }
        var out = table
        out.title = (table.title ?? "") + (condition.hasPrefix("by ") ? " " : " where ") + condition
        return out
    }

    static func table(_ frame: Frame, rows n: Int) -> ResultTable {
        table(frame, rows: 0..<min(n, frame.rowCount))
    }

    /// Rows `range` of the frame, or of the frame read in `order` (positions of rows).
    static func table(_ frame: Frame, rows range: Range<Int>, order: [Int]? = nil) -> ResultTable {
        let rows = range.map { r in frame.columns.map { Cell($0, row: order?[r] ?? r) } }
        let numeric = Set(frame.columns.indices.filter { frame.columns[$0].type.isArithmetic })
        var table = ResultTable(title: frame.name, columns: frame.columnNames, numericColumns: numeric, rows: rows,
                                totalRows: frame.rowCount, hiddenColumnsHint: "show cols=... to pick")
        if range.lowerBound > 0 { table.firstRow = range.lowerBound + 1 }
        return table
    }
}
