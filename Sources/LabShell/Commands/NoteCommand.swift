import LabData
import LabOps

struct NoteCommand: Command {
    static let spec = CommandSpec(
        "note", group: .tracking, summary: "Write a note on a tracked run (MLflow's run description)",
        positionals: [
            PositionalSpec("id", .run, help: "a run id (unique prefix), or a model of this session (its training run)"),
            PositionalSpec("text", .text, help: "the note, in quotes"),
        ],
        changesState: false, examples: ["note 3f2a \"baseline before scaling\""])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        let run = try ModelReference.namedRun(args.word("id")!, context)
        try Tracking.setTags([Tracking.noteTag: args.word("text")!], run: run.id, in: directory)
        return resent(.message("noted on run \(RunDisplay.shortID(run.id))"), run: run.id, context)
    }
}
