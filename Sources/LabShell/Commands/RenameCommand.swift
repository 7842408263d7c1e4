import LabData

struct RenameCommand: Command {
    static let spec = CommandSpec(
        "rename", group: .reshape, summary: "Rename columns: OLD=NEW ...",
        acceptsColumnPairs: true, changesState: true, examples: ["rename home_dest=destination", "rename sibsp=siblings parch=parents"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var frame = try context.state.requireCurrent().renaming(args.columnPairs.map { (from: $0.0, to: $0.1) })
        let detail = args.columnPairs.map { "\($0.0) → \($0.1)" }.joined(separator: ", ")
        // A column a preparation step made is renamed by a step too, so new data prepared by the
        // pipeline (apply prep, predict) gets the name the models read.
        let made = context.state.pipeline(for: frame.name).madeColumns
        let stepMade = args.columnPairs.filter { made.contains($0.0) }
        let output = try reshaped(&frame, alias: nil, verb: "renamed columns of", detail: detail, &context)
        if !stepMade.isEmpty {
            context.state.appendStep(.renameColumns(from: stepMade.map(\.0), to: stepMade.map(\.1)), to: frame.name, fittedOnAllRows: false)
        }
        return output
    }
}
