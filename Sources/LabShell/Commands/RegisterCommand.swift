import LabData
import LabML
import LabOps

struct RegisterCommand: Command {
    static let spec = CommandSpec(
        "register", group: .tracking, summary: "Register a model (or a run's model) under a name: versions 1, 2, ...",
        positionals: [
            PositionalSpec("source", .model, help: "a model of this session, or a run id (unique prefix)"),
            PositionalSpec("as", .keyword(["as"]), help: "as"),
            PositionalSpec("name", .text, help: "the registered name (letters, digits, _ - .)"),
        ],
        changesState: false, examples: ["register lr as titanic_survival", "register 3f2a as titanic_survival"],
        details: "Each register adds the next version. Point an alias at one with `alias NAME@champion v2`; use it anywhere a model is taken: predict NAME@champion, model NAME/v2.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        let source = args.word("source")!
        let runID: String
        if let model = context.state.models[source] {
            guard let run = try ModelReference.run(of: model, in: directory) else {
                throw UsageError("model '\(source)' has no recorded run to register", hint: "train it again (train records a run), then register it")
            }
            runID = run.id
        } else {
            do {
                runID = try TrackingQueries.resolve(source, in: directory).id
            } catch let e as LabError {
                let models = context.state.modelOrder
                throw UsageError("no model or run '\(source)'\(Suggestion.didYouMean(source, in: models))",
                                 hint: models.isEmpty ? e.message + "; " + (e.hint ?? "") : "models: \(models.joined(separator: ", ")); or a run id from `runs`")
            }
        }
        let version = try Registry.register(run: runID, as: args.word("name")!, in: directory)
        var out: [CommandOutput] = [.message("registered \(version.name) version \(version.version) from run \(RunDisplay.shortID(runID)) (use it as \(version.name)/v\(version.version))")]
        if let server = context.state.trackingServer {
            out += ServerSync.send([(.version, "\(version.name)/\(version.version)")], to: server, stateDirectory: directory)
        }
        return .group(out)
    }
}
