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

struct AliasCommand: Command {
    static let spec = CommandSpec(
        "alias", group: .tracking, summary: "Point an alias of a registered model at a version (NAME@alias)",
        positionals: [
            PositionalSpec("target", .text, help: "NAME@alias, e.g. titanic_survival@champion"),
            PositionalSpec("version", .text, help: "the version: v3 (or 3)"),
        ],
        changesState: false, examples: ["alias titanic_survival@champion v2"],
        details: "An alias moves when set again. `latest` and v1, v2, ... are reserved: they name versions already.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let target = args.word("target")!
        guard let at = target.firstIndex(of: "@"), at != target.startIndex, target.index(after: at) != target.endIndex else {
            throw UsageError("'\(target)' is not NAME@alias", hint: "e.g. alias titanic_survival@champion v2")
        }
        let name = String(target[..<at]), alias = String(target[target.index(after: at)...])
        var text = args.word("version")!
        if text.hasPrefix("v") || text.hasPrefix("V") { text.removeFirst() }
        guard let version = Int(text), version >= 1 else {
            throw UsageError("'\(args.word("version")!)' is not a version", hint: "write v2 or 2")
        }
        let directory = context.environment.stateDirectory
        try Registry.setAlias(alias, name: name, version: version, in: directory)
        var out: [CommandOutput] = [.message("\(name)@\(alias) now points at version \(version)")]
        if let server = context.state.trackingServer {
            out += ServerSync.send([(.alias, "\(name)@\(alias)")], to: server, stateDirectory: directory)
        }
        return .group(out)
    }
}

struct RegistryCommand: Command {
    static let spec = CommandSpec(
        "registry", group: .tracking, summary: "List registered models: versions, aliases, runs and their metrics",
        positionals: [PositionalSpec("name", .text, optional: true, help: "only this registered model")],
        changesState: false, examples: ["registry", "registry titanic_survival"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        let models = try args.word("name").map { [try Registry.model($0, in: directory)] } ?? Registry.models(in: directory)
        guard !models.isEmpty else { return .message("no registered models yet; register MODEL as NAME adds one") }
        var rows: [[Cell]] = []
        let runs = Dictionary(try TrackingQueries.runs(in: directory, includeDeleted: true).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for m in models {
            for v in m.versions {
                let run = runs[v.runID]
                let metrics = run.map { r in RunDisplay.commonMetrics([r], limit: 3).map { "\($0)=\(NumberFormat.significant(r.metrics[$0]!, digits: 4))" }.joined(separator: " ") } ?? ""
                rows.append([.text(m.name), .text("v\(v.version)"), .text(v.aliases.map { "@\($0)" }.joined(separator: " ")),
                             .text(RunDisplay.shortID(v.runID)), .text(run?.params["kind"] ?? ""), .text(RunDisplay.time(v.createdMs)), .text(metrics)])
            }
        }
        return .table(ResultTable(title: "registered models", columns: ["name", "version", "aliases", "run", "kind", "registered (UTC)", "metrics"],
                                  rows: rows, note: "use one as NAME@alias or NAME/v2, e.g. predict NAME@champion"))
    }
}
