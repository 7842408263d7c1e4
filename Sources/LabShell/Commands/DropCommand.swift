import LabData

struct DropCommand: Command {
    static let spec = CommandSpec(
        "drop", group: .reshape, summary: "Remove columns from the current frame",
        positionals: [PositionalSpec("columns", .column, variadic: true, help: "the columns to remove")],
        changesState: true, examples: ["drop cabin boat body"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var frame = try context.state.requireCurrent().dropping(args.words("columns"))
        return try reshaped(&frame, alias: nil, verb: "dropped \(args.words("columns").count) column(s) from", &context)
    }
}
