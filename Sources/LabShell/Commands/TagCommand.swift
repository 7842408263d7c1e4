import LabData
import LabOps

struct TagCommand: Command {
    static let spec = CommandSpec(
        "tag", group: .tracking, summary: "Set tags on a tracked run",
        positionals: [
            PositionalSpec("id", .run, help: "a run id (unique prefix), or a model of this session (its training run)"),
            PositionalSpec("tags", .expression, help: "key=value pairs"),
        ],
        changesState: false, examples: ["tag 3f2a stage=baseline", "tag 3f2a reviewed=yes owner=\"data team\""],
        details: "Tag names follow MLflow's rules: letters, digits, _ - . space and /. Filter on them with runs where tags.NAME == \"...\".")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        let run = try ModelReference.namedRun(args.word("id")!, context)
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
