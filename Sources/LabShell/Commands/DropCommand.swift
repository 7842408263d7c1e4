import LabData

struct DropCommand: Command {
    static let spec = CommandSpec(
        "drop", group: .reshape, summary: "Remove columns from the current frame",
        positionals: [PositionalSpec("columns", .column, variadic: true, help: "the columns to remove")],
        changesState: true, examples: ["drop cabin boat body", "drop worst_* *_error"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        // A column named twice is dropped once.
        var seen: Set<String> = []
        let names = args.words("columns").filter { seen.insert($0).inserted }
        context.recorded.positionals["columns"] = names
        var frame = try context.state.requireCurrent().dropping(names)
        // A column a preparation step made (derived, encoded, marked) is dropped by a step too, so
        // `apply prep` and `predict` on new data do not bring it back.
        let made = context.state.pipeline(for: frame.name).madeColumns
        let stepMade = names.filter(made.contains)
        let output = try reshaped(&frame, alias: nil, verb: "dropped \(names.count) column(s) from", &context)
        if !stepMade.isEmpty { context.state.appendStep(.dropColumns(stepMade), to: frame.name, fittedOnAllRows: false) }
        return output
    }
}
