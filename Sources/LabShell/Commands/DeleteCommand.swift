import LabData
import LabOps

/// `delete run ID` and `restore run ID`: a soft delete, as MLflow's lifecycle stage.
struct DeleteCommand: Command {
    static let spec = CommandSpec(
        "delete", group: .tracking, summary: "Delete a tracked run (kept, hidden from runs; restore run ID brings it back)",
        positionals: [PositionalSpec("what", .keyword(["run"]), help: "run"), PositionalSpec("id", .run, help: "a run id (unique prefix), or a model of this session (its training run)")],
        changesState: false, examples: ["delete run 3f2a"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        try setDeleted(true, args, context) { run in
            "deleted run \(RunDisplay.shortID(run.id)) '\(run.name)' (restore run \(RunDisplay.shortID(run.id)) brings it back)"
        }
    }

    /// Marks the run named by `id` deleted or not; a run already so is left alone with a message.
    static func setDeleted(_ deleted: Bool, _ args: Arguments, _ context: CommandContext, done: (RunRecord) -> String) throws -> CommandOutput {
        let run = try ModelReference.namedRun(args.word("id")!, context)
        guard run.deleted != deleted else { return .message("run \(RunDisplay.shortID(run.id)) is \(deleted ? "already" : "not") deleted") }
        try Tracking.setDeleted(deleted, run: run.id, in: context.environment.stateDirectory)
        return resent(.message(done(run)), run: run.id, context)
    }
}

struct RestoreCommand: Command {
    static let spec = CommandSpec(
        "restore", group: .tracking, summary: "Bring back a deleted run",
        positionals: [PositionalSpec("what", .keyword(["run"]), help: "run"), PositionalSpec("id", .run, help: "a run id (unique prefix), or a model of this session (its training run)")],
        changesState: false, examples: ["restore run 3f2a"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        try DeleteCommand.setDeleted(false, args, context) { run in "restored run \(RunDisplay.shortID(run.id)) '\(run.name)'" }
    }
}
