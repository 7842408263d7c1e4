import LabData
import LabML
import LabOps

struct BestCommand: Command {
    static let spec = CommandSpec(
        "best", group: .tracking, summary: "The run with the best value of a metric (optionally among those matching a condition)",
        positionals: [
            PositionalSpec("where", .keyword(["where"]), optional: true, help: "then a condition over params.*, metrics.*, tags.*"),
            PositionalSpec("condition", .condition, optional: true, variadic: true, help: "e.g. params.kind == \"logistic\""),
        ],
        keys: [
            KeySpec("metric", .text, help: "the metric to rank by (or the metric's name alone: best roc_auc)"),
            KeySpec("goal", .choice(["auto", "max", "min"]), default: "auto",
                    help: "max or min; auto minimises losses and errors (loss, rmse, mae, ...) and maximises the rest"),
            KeySpec("experiment", .text, help: "an experiment name, or all (default: the current one)"),
        ],
        changesState: false, examples: ["best metric=roc_auc", "best accuracy", "best metric=cv_auc", "best metric=auc", "best metric=rmse where params.kind == \"ridge\"", "best metric=accuracy experiment=all"])

    /// The evaluation's own rule, plus the loss series of iterative fits (loss, training_loss, validation_loss).
    /// A cross-validated mean (`cv_rmse`) goes the way of its metric.
    static func smallerIsBetter(_ metric: String) -> Bool {
        let base = metric.hasPrefix("cv_") ? String(metric.dropFirst(3)) : metric
        return !MetricGoal.greaterIsBetter(base) || base.hasSuffix("loss") || base.hasSuffix("error")
    }

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var args = args
        let words = args.words("condition")
        if args.string("metric") == nil, args.word("where") == nil, let first = words.first, words.count == 1 || words[1] == "where" {
            // `best accuracy`, `best accuracy where params.kind == "tree"`: the metric named first.
            args.keys["metric"] = first
            args.positionals["where"] = words.count > 1 ? ["where"] : nil
            args.positionals["condition"] = words.count > 2 ? Array(words.dropFirst(2)) : nil
        }
        guard let typed = args.string("metric") else {
            throw UsageError("best needs metric=: the metric to rank by", hint: "usage: \(spec.shortSynopsis)   e.g. best metric=roc_auc, or best roc_auc")
        }
        // `auc` is eval's `roc_auc`, as cv and tune take it.
        let known = try TrackingQueries.knownKeys(RunFields(metrics: [typed]), in: context.environment.stateDirectory).metrics
        let metric = known.contains(typed) || !known.contains(MetricNames.canonical(typed)) ? typed : MetricNames.canonical(typed)
        var forRanking = args
        forRanking.keys["sort"] = nil
        forRanking.keys["limit"] = nil
        let candidates = try RunsCommand.selectRuns(forRanking, context, fields: ["metrics.\(metric)"], reading: nil)
        let scored = candidates.filter { $0.metrics[metric].map { !$0.isNaN } ?? false }
        guard !scored.isEmpty else {
            throw UsageError("no run here has metrics.\(metric)", hint: candidates.isEmpty ? "no runs match; `runs` lists them" : "`runs` shows which metrics the runs have")
        }
        let minimise = args.string("goal") == "min" || (args.string("goal") == "auto" && smallerIsBetter(metric))
        let winner = scored.enumerated().min { a, b in
            let (x, y) = (a.element.metrics[metric]!, b.element.metrics[metric]!)
            if x == y { return a.offset < b.offset }
            return minimise ? x < y : x > y
        }!.element
        let best = try TrackingQueries.runs(ids: [winner.id], in: context.environment.stateDirectory).first ?? winner
        let value = NumberFormat.significant(best.metrics[metric]!)
        let params = best.params.sorted { $0.key < $1.key }.filter { $0.key != "features" }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return .text("best by \(metric) (\(minimise ? "lowest" : "highest") of \(scored.count) run\(scored.count == 1 ? "" : "s")): run \(RunDisplay.shortID(best.id)) '\(best.name)' with \(metric) = \(value)\n"
                     + "params: \(params)" + registerAdvice(best))
    }

    /// How to register the winner: its own model, or for an `eval` run the run that trained the
    /// model it scored; nothing for a run that holds no model (`cv`, an evaluation of an imported one).
    private static func registerAdvice(_ run: RunRecord) -> String {
        if run.artifacts.contains(Registry.modelArtifact) { return "\nregister it: register \(RunDisplay.shortID(run.id)) as NAME" }
        guard let trained = run.tags["opslab.model_run"] else { return "" }
        let model = run.tags["opslab.model"].map { " (the run that trained \($0))" } ?? ""
        return "\nregister its model: register \(RunDisplay.shortID(trained)) as NAME\(model)"
    }
}
