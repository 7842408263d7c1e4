import LabData

struct RenameCommand: Command {
    static let spec = CommandSpec(
        "rename", group: .reshape, summary: "Rename columns: OLD=NEW ...",
        acceptsColumnPairs: true, changesState: true, examples: ["rename home_dest=destination", "rename sibsp=siblings parch=parents"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var frame = try context.state.requireCurrent().renaming(args.columnPairs.map { (from: $0.0, to: $0.1) })
        let detail = args.columnPairs.map { "\($0.0) → \($0.1)" }.joined(separator: ", ")
        return try reshaped(&frame, alias: nil, verb: "renamed columns of", detail: detail, &context)
    }
}
