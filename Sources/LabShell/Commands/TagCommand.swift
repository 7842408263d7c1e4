import LabData
import LabOps

struct TagCommand: Command {
    static let spec = CommandSpec(
        "tag", group: .tracking, summary: "Set tags on a tracked run",
        positionals: [
            PositionalSpec("id", .run, help: "a run id (unique prefix)"),
            PositionalSpec("tags", .expression, help: "key=value pairs"),
        ],
        changesState: false, examples: ["tag 3f2a stage=baseline", "tag 3f2a reviewed=yes owner=\"data team\""],
        details: "Tag names follow MLflow's rules: letters, digits, _ - . space and /. Filter on them with runs where tags.NAME == \"...\".")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        let run = try TrackingQueries.resolve(args.word("id")!, in: directory)
        var tags: [String: String] = [:]
        for token in try Lexer.tokenize(args.expression ?? "") {
            guard case .pair(let key, let value, _) = token.kind else {
                throw UsageError("expected key=value, not '\(token.text)'", hint: "e.g. tag \(RunDisplay.shortID(run.id)) stage=baseline")
            }
            tags[key] = value
        }
        try Tracking.setTags(tags, run: run.id, in: directory)
        return resent(.message("tagged run \(RunDisplay.shortID(run.id)): " + tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
                      run: run.id, context)
    }
}

struct NoteCommand: Command {
    static let spec = CommandSpec(
        "note", group: .tracking, summary: "Write a note on a tracked run (MLflow's run description)",
        positionals: [
            PositionalSpec("id", .run, help: "a run id (unique prefix)"),
            PositionalSpec("text", .text, help: "the note, in quotes"),
        ],
        changesState: false, examples: ["note 3f2a \"baseline before scaling\""])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        let run = try TrackingQueries.resolve(args.word("id")!, in: directory)
        try Tracking.setTags([Tracking.noteTag: args.word("text")!], run: run.id, in: directory)
        return resent(.message("noted on run \(RunDisplay.shortID(run.id))"), run: run.id, context)
    }
}

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

/// A changed run goes to the tracking server again (sending is idempotent there), so its tags,
/// note and deletion match.
func resent(_ output: CommandOutput, run id: String, _ context: CommandContext) -> CommandOutput {
    guard let server = context.state.trackingServer else { return output }
    return .group([output] + ServerSync.send(runs: [id], to: server, stateDirectory: context.environment.stateDirectory))
}
