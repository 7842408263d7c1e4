import LabData
import LabOps

/// `delete run ID` and `restore run ID`: a soft delete, as MLflow's lifecycle stage.
struct DeleteCommand: Command {
    static let spec = CommandSpec(
        "delete", group: .tracking, summary: "Delete a tracked run (kept, hidden from runs; restore run ID brings it back)",
        positionals: [PositionalSpec("what", .keyword(["run"]), help: "run"), PositionalSpec("id", .run, help: "a run id (unique prefix)")],
        changesState: false, examples: ["delete run 3f2a"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let run = try TrackingQueries.resolve(args.word("id")!, in: context.environment.stateDirectory)
        guard !run.deleted else { return .message("run \(RunDisplay.shortID(run.id)) is already deleted") }
        try Tracking.setDeleted(true, run: run.id, in: context.environment.stateDirectory)
        return resent(.message("deleted run \(RunDisplay.shortID(run.id)) '\(run.name)' (restore run \(RunDisplay.shortID(run.id)) brings it back)"), run: run.id, context)
    }
}

struct RestoreCommand: Command {
    static let spec = CommandSpec(
        "restore", group: .tracking, summary: "Bring back a deleted run",
        positionals: [PositionalSpec("what", .keyword(["run"]), help: "run"), PositionalSpec("id", .run, help: "a run id (unique prefix)")],
        changesState: false, examples: ["restore run 3f2a"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let run = try TrackingQueries.resolve(args.word("id")!, in: context.environment.stateDirectory)
        guard run.deleted else { return .message("run \(RunDisplay.shortID(run.id)) is not deleted") }
        try Tracking.setDeleted(false, run: run.id, in: context.environment.stateDirectory)
        return resent(.message("restored run \(RunDisplay.shortID(run.id)) '\(run.name)'"), run: run.id, context)
    }
}
