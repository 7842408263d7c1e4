import LabData

struct UndoCommand: Command {
    static let spec = CommandSpec(
        "undo", group: .session, summary: "Step back over the last command(s) that changed the session",
        keys: [KeySpec("steps", .integer(min: 1, max: 1_000_000), default: "1", help: "how many commands to step back")],
        changesState: false, examples: ["undo", "undo 3"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let steps = args.int("steps") ?? 1
        guard !context.history.isEmpty else {
            throw UsageError("nothing to undo", hint: "undo steps back over commands that changed the session")
        }
        context.request = .undo(steps)
        let undone = context.history.suffix(steps).reversed().map(\.line)
        return .message("undid: " + undone.joined(separator: "; "))
    }
}
