import LabData

struct HistoryCommand: Command {
    static let spec = CommandSpec(
        "history", group: .session, summary: "The commands that built the current state (what `save session` writes)",
        changesState: false, examples: ["history"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        guard !context.history.isEmpty else { return .message("no commands yet") }
        let rows = context.history.map { [Cell.number(Double($0.number), .integer), Cell.text($0.line)] }
        return .table(ResultTable(columns: ["#", "command"], numericColumns: [0], rows: rows))
    }
}
