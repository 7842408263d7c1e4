import LabData

struct SelectCommand: Command {
    static let spec = CommandSpec(
        "select", group: .reshape, summary: "Keep only these columns, in this order",
        positionals: [PositionalSpec("columns", .column, variadic: true, help: "the columns to keep")],
        acceptsAlias: true, changesState: true, examples: ["select name age fare survived", "select age fare as numbers", "select mean_* diagnosis"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        var result = try frame.selecting(args.words("columns"))
        return try reshaped(&result, alias: args.alias, verb: "selected", &context)
    }
}

/// Stores a reshaped frame: in place, or as a new frame when the command was given `as NAME`.
func reshaped(_ frame: inout Frame, alias: String?, verb: String, detail: String? = nil, _ context: inout CommandContext) throws -> CommandOutput {
    if let alias {
        frame = frame.renamedFrame(alias)
        context.state.put(frame)
    } else {
        context.state.replaceCurrent(frame)
    }
    return .frame(FrameSummary(verb: verb, name: frame.name, rows: frame.rowCount, columns: frame.columnCount, detail: detail))
}
