import LabData
import LabOps

struct RunsCommand: Command {
    static let spec = CommandSpec(
        "runs", group: .tracking, summary: "List tracked runs, filtered and sorted by params, metrics and tags",
        positionals: [
            PositionalSpec("where", .keyword(["where"]), optional: true, help: "then a condition over params.*, metrics.*, tags.*"),
            PositionalSpec("condition", .condition, optional: true, variadic: true, help: "e.g. metrics.roc_auc > 0.8 and params.C < 1"),
        ],
        keys: [
            KeySpec("sort", .text, help: "a field to sort by, - first for descending (e.g. -metrics.roc_auc)"),
            KeySpec("limit", .integer(min: 1, max: 1_000_000), help: "show at most this many"),
            KeySpec("experiment", .text, help: "an experiment name, or all (default: the current one)"),
            KeySpec("deleted", .flag, default: "false", help: "include deleted runs"),
        ],
        changesState: false,
        examples: ["runs", "runs where metrics.roc_auc > 0.8 sort=-metrics.roc_auc limit=5", "runs where params.kind == \"logistic\"", "runs experiment=all"],
        details: """
            The condition uses the expression language of `filter`: params.NAME, metrics.NAME (the latest value), tags.NAME,
            and name, status, experiment, id. Params that read as numbers compare as numbers.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let runs = try selectRuns(args, context, reading: RunReading(params: ["kind"], tags: [Tracking.parentRunTag]))
        guard !runs.isEmpty else {
            let condition = args.words("condition").joined(separator: " ")
            return .message(condition.isEmpty ? "no runs match; `train` records one" : "no run matches \(condition); `runs` lists them all")
        }
        let metrics = RunDisplay.commonMetrics(runs)
        // Child runs (a tuning grid point) name their parent.
        let nested = runs.contains { $0.parentRunID != nil }
        let everyExperiment = args.string("experiment") == "all"
        // Runs all started on one day show the time of day, the day going into the title.
        let (day, times) = RunDisplay.columnTimes(runs.map(\.startMs))
        // A status column only when some run did not simply finish (running, failed, deleted).
        let statuses = runs.contains { RunDisplay.status($0) != RunStatus.finished.rawValue }
        let rows = runs.indices.map { i -> [Cell] in
            let r = runs[i]
            var row: [Cell] = [.text(RunDisplay.shortID(r.id)), .text(r.name), .text(r.params["kind"] ?? "")]
            row.reserveCapacity(7 + metrics.count)
            for k in metrics { row.append(r.metrics[k].map { .number($0, .float) } ?? .missing) }
            if statuses { row.append(.text(RunDisplay.status(r))) }
            row.append(.text(times[i]))
            if nested { row.append(.text(r.parentRunID.map(RunDisplay.shortID) ?? "")) }
            if everyExperiment { row.append(.text(r.experimentName)) }
            return row
        }
        let scope = args.string("experiment").map { $0 == "all" ? "every experiment" : "'\($0)'" } ?? "'\(context.state.experiment)'"
        return .table(ResultTable(title: "runs in \(scope)" + (day.map { ", started \($0) (UTC)" } ?? ""),
                                  // Headed by the metric's name alone: the table stays narrow enough to show them all.
                                  columns: ["run", "name", "kind"] + metrics + (statuses ? ["status"] : []) + [day == nil ? "started (UTC)" : "started"]
                                      + (nested ? ["parent"] : []) + (everyExperiment ? ["experiment"] : []),
                                  numericColumns: Set(3..<(3 + metrics.count)), rows: rows,
                                  note: "`run ID` shows one; `compare ID ID` puts runs side by side"))
    }

    /// The runs a `runs`-like command selects: experiment, condition, sort, limit. lab.db narrows
    /// the runs by the metric comparisons of the condition; only the fields the condition, the sort
    /// and `fields` name are read of those; the runs that pass are then read as `reading` asks
    /// (nil: left with just those fields).
    static func selectRuns(_ args: Arguments, _ context: CommandContext, fields extra: [String] = [],
                           reading: RunReading? = .whole) throws -> [RunRecord] {
        let directory = context.environment.stateDirectory
        let experiment = args.string("experiment") ?? context.state.experiment
        if experiment != "all", !(try TrackingQueries.experiments(in: directory).contains { $0.name == experiment }) {
            let names = try TrackingQueries.experiments(in: directory).map(\.name)
            throw UsageError("no experiment '\(experiment)'\(Suggestion.didYouMean(experiment, in: names))", hint: "experiments: \(names.joined(separator: ", ")), or all")
        }
        let words = args.words("condition").joined(separator: " ")
        if args.word("where") != nil, words.isEmpty { throw UsageError("where needs a condition", hint: "e.g. runs where metrics.roc_auc > 0.8") }
        if !words.isEmpty, args.word("where") == nil {
            throw UsageError("unexpected '\(words)' after runs", hint: "write `runs where CONDITION`")
        }
        let condition = words.isEmpty ? nil : words
        let sort = args.string("sort")
        let named = extra + [sort].compactMap { $0 }
        let fields = try RunFilter.fields(where: condition, named)
        let scope = experiment == "all" ? nil : experiment
        let known = try TrackingQueries.knownKeys(fields, in: directory)
        let empty = !(try TrackingQueries.hasRuns(in: directory, experiment: scope, includeDeleted: args.bool("deleted")))
        try RunFilter.check(where: condition, fields: named, known: known, empty: empty)
        // When the limit cannot cut (every run that passes is shown), what is shown is read with
        // what is tested, in one pass; otherwise the few shown are read after the cut.
        let limit = args.int("limit")
        var readOnce = false
        var runs = try TrackingQueries.runs(in: directory, experiment: scope, includeDeleted: args.bool("deleted"),
                                            bounds: try condition.map(RunFilter.metricBounds) ?? []) { count in
            guard let reading, count <= limit ?? .max else { return RunReading(fields) }
            readOnce = true
            return RunReading(fields).union(reading)
        }
        if let condition { runs = try RunFilter.filter(runs, where: condition, known: known) }
        if let sort { runs = try RunFilter.sort(runs, by: sort, known: known) }
        if let limit { runs = Array(runs.prefix(limit)) }
        guard let reading, !readOnce else { return runs }
        return try TrackingQueries.runs(ids: runs.map(\.id), reading: reading, in: directory)
    }
}
