import LabData

struct SaveCommand: Command {
    static let spec = CommandSpec(
        "save", group: .session, summary: "Save the session as a script that replays to the same results",
        positionals: [
            PositionalSpec("what", .keyword(["session"]), help: "what to save: session"),
            PositionalSpec("path", .path, help: "the script file, e.g. titanic.lab"),
        ],
        changesState: false, examples: ["save session titanic.lab"],
        details: "Replay it with `opslab run FILE.lab`. The script pins every dataset by SHA-256.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let path = args.word("path")!
        guard !context.history.isEmpty else {
            throw UsageError("nothing to save yet", hint: "load and change some data first, e.g. `load titanic`")
        }
        context.request = .saveScript(path: path)
        return .message("saved \(context.history.count) command(s) to \(path); replay with: opslab run \(path)")
    }
}
