import LabData
import LabOps

struct PlotCommand: Command {
    static let spec = CommandSpec(
        "plot", group: .tracking, summary: "Plot runs against each other, or one run's metric step by step",
        positionals: [
            PositionalSpec("what", .keyword(["runs", "run"]), help: "runs (one point per run) or run (a metric's series)"),
            PositionalSpec("id", .run, optional: true, help: "the run, for plot run"),
            PositionalSpec("where", .keyword(["where"]), optional: true, help: "then a condition, for plot runs"),
            PositionalSpec("condition", .condition, optional: true, variadic: true, help: "e.g. params.kind == \"logistic\""),
        ],
        keys: [
            KeySpec("x", .text, help: "plot runs: the field across (e.g. params.C)"),
            KeySpec("y", .text, help: "plot runs: the field up (e.g. metrics.roc_auc)"),
            KeySpec("metric", .text, help: "plot run: the metric whose steps to draw (e.g. loss)"),
            KeySpec("experiment", .text, help: "plot runs: an experiment name, or all (default: the current one)"),
        ],
        changesState: false,
        examples: ["plot runs x=params.C y=metrics.roc_auc", "plot run 3f2a metric=loss", "plot runs x=params.max_depth y=metrics.accuracy where params.kind == \"tree\""],
        strayWordAdvice: { word in "plot draws tracked runs; to draw a frame's columns, one against another: scatter \(word) Y" })

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        args.word("what") == "run" ? try series(args, context) : try scatter(args, context)
    }

    static func scatter(_ args: Arguments, _ context: CommandContext) throws -> CommandOutput {
        guard let x = args.string("x"), let y = args.string("y") else {
            throw UsageError("plot runs needs x= and y=", hint: "e.g. plot runs x=params.C y=metrics.roc_auc")
        }
        // `plot runs where ...`: the first word after runs lands in the id slot.
        var selection = args
        if let first = args.word("id") {
            guard first == "where" else { throw UsageError("unexpected '\(first)' after plot runs", hint: "write plot runs x=... y=... [where CONDITION]") }
            selection.positionals["where"] = ["where"]
        }
        let runs = try RunsCommand.selectRuns(selection, context, fields: [x, y], reading: nil)
        let points = runs.compactMap { r -> (Double, Double)? in
            guard let a = RunFilter.number(of: x, in: r), let b = RunFilter.number(of: y, in: r) else { return nil }
            return (a, b)
        }.sorted { $0.0 < $1.0 }
        guard !points.isEmpty else {
            throw UsageError("no run has numbers for both \(x) and \(y)", hint: "`runs` shows what the runs have")
        }
        return .plot(Plot(title: "\(y) by \(x) over \(points.count) run\(points.count == 1 ? "" : "s")", xLabel: x, yLabel: y,
                          series: [Plot.Series(name: "runs", points: points)],
                          notes: ["\(runs.count - points.count) run(s) without both values left out"].filter { _ in runs.count > points.count }))
    }

    static func series(_ args: Arguments, _ context: CommandContext) throws -> CommandOutput {
        guard let id = args.word("id") else { throw UsageError("plot run needs a run id", hint: "e.g. plot run 3f2a metric=loss") }
        let directory = context.environment.stateDirectory
        let run = try ModelReference.namedRun(id, context)
        guard let metric = args.string("metric") else {
            throw UsageError("plot run needs metric=", hint: "its metrics: \(run.metrics.keys.sorted().joined(separator: ", "))")
        }
        guard run.metrics[metric] != nil else {
            let known = run.metrics.keys.sorted()
            throw UsageError("run \(RunDisplay.shortID(run.id)) has no metric '\(metric)'\(Suggestion.didYouMean(metric, in: known))",
                             hint: known.isEmpty ? "it has no metrics" : "its metrics: \(known.joined(separator: ", "))")
        }
        let history = try TrackingQueries.metricHistory(run: run.id, key: metric, in: directory)
        var plotSeries = [Plot.Series(name: metric, points: history.map { (Double($0.step), $0.value) })]
        // Training and validation loss belong on one chart.
        if metric == "training_loss", run.metrics["validation_loss"] != nil {
            let v = try TrackingQueries.metricHistory(run: run.id, key: "validation_loss", in: directory)
            plotSeries.append(Plot.Series(name: "validation_loss", points: v.map { (Double($0.step), $0.value) }))
        }
        let last = history.last.map { "last: step \($0.step), \(metric) = \(NumberFormat.significant($0.value))" }
        return .plot(Plot(title: "\(metric) of run \(RunDisplay.shortID(run.id)) '\(run.name)' by step", xLabel: "step", yLabel: metric,
                          series: plotSeries, notes: [last].compactMap { $0 }))
    }
}
