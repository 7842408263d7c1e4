import LabData

struct ShowCommand: Command {
    static let spec = CommandSpec(
        "show", aliases: ["head"], group: .data, summary: "Show the first rows of the current frame",
        keys: [
            KeySpec("n", .integer(min: 0, max: 1_000_000), default: "10", help: "how many rows"),
            KeySpec("cols", .columns, help: "only these columns, comma-separated"),
        ],
        changesState: false, examples: ["show", "show 5", "show n=20 cols=name,age,fare"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var frame = try context.state.requireCurrent()
        if let cols = args.list("cols") { frame = try frame.selecting(cols) }
        return .table(table(frame, rows: args.int("n") ?? 10))
    }

    static func table(_ frame: Frame, rows n: Int) -> ResultTable {
        let shown = min(n, frame.rowCount)
        let rows = (0..<shown).map { r in frame.columns.map { Cell($0, row: r) } }
        let numeric = Set(frame.columns.indices.filter { frame.columns[$0].type.isArithmetic })
        return ResultTable(title: frame.name, columns: frame.columnNames, numericColumns: numeric, rows: rows,
                           totalRows: frame.rowCount, hiddenColumnsHint: "show cols=... to pick")
    }
}
