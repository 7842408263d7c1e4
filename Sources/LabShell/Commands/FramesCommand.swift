import LabData

struct FramesCommand: Command {
    static let spec = CommandSpec(
        "frames", group: .data, summary: "List the frames in this session (* marks the current one)",
        changesState: false, examples: ["frames"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let state = context.state
        guard !state.frameOrder.isEmpty else { return .message("no frames yet; load one with `load titanic`") }
        let rows = state.frameOrder.compactMap { name -> [Cell]? in
            guard let f = state.frames[name] else { return nil }
            let mark = name == state.currentName ? "*" : ""
            return [.text(mark), .text(name), .number(Double(f.rowCount), .integer), .number(Double(f.columnCount), .integer),
                    .text(state.pins[name]?.source ?? state.origins[name] ?? "")]
        }
        return .table(ResultTable(columns: ["", "name", "rows", "columns", "source"], numericColumns: [2, 3], rows: rows))
    }
}
