import LabData
import LabML

struct PrepCommand: Command {
    static let spec = CommandSpec(
        "prep", group: .prepare, summary: "Show the fitted preparation pipeline of the current frame",
        changesState: false, examples: ["prep"],
        details: "Every impute, encode, scale, bin, log, clip and derive, with what it learned. `apply prep to=FRAME` runs it on new data.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let pipeline = context.state.pipeline(for: frame.name)
        guard !pipeline.isEmpty else {
            return .message("no preparation steps yet for '\(frame.name)'; try impute, encode, scale, bin, log, clip or derive")
        }
        var table = PrepSupport.learnedTable(pipeline.steps)
        table.title = "preparation of \(frame.name) (\(pipeline.steps.count) steps)"
        if pipeline.fittedBeforeSplit {
            table.note = frame.index(of: TrainingRows.splitColumn) == nil
                ? "some steps learned from all rows: a split made now would leak (its test rows helped fit them); split first, then prepare"
                : "some steps learned from rows that are test rows now (fitted before the split, or before a new one): they leak test information"
        }
        return .table(table)
    }
}
