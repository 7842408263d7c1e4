import LabData
import LabML

/// A quality gate for scripts: `opslab run` stops with exit status 1 when a model's last
/// evaluation falls short, as a CI job fails a pull request whose model got worse.
struct ExpectCommand: Command {
    static let spec = CommandSpec(
        "expect", group: .evaluate, summary: "Fail (a script stops, exit status 1) unless a model's last eval meets a condition: a CI quality gate",
        positionals: [
            PositionalSpec("name", .model, help: "a model evaluated with eval"),
            PositionalSpec("condition", .expression, help: "a condition over the metrics of its last eval, e.g. accuracy >= 0.8 and roc_auc > 0.85"),
        ],
        changesState: true,
        examples: ["expect lr accuracy >= 0.8", "expect lr roc_auc > 0.85 and recall >= 0.6", "expect reg rmse < 5"],
        details: """
            The metrics are those `eval NAME` showed last (auc stands for roc_auc, ap for average_precision). \
            An expectation is written into saved sessions, so `opslab run` checks it on every replay.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let name = args.word("name")!
        guard context.state.models[name] != nil else {
            _ = try ModelReference.load(name, context)
            throw UsageError("expect takes a model of this session", hint: "import it, then eval it, then expect")
        }
        guard let evaluation = context.state.evaluations[name] else {
            throw UsageError("'\(name)' has not been evaluated yet", hint: "eval \(name) first; expect checks the metrics it shows")
        }
        let expression = try Expression.parse(args.expression!)
        let (metrics, values) = try Self.metricsFrame(evaluation, for: expression.referencedColumns)
        let shown = Array(Set(expression.referencedColumns)).sorted().map { "\($0) = \(NumberFormat.significant(values[$0]!))" }
        guard try expression.filterMask(on: metrics)[0] else {
            throw DataError("expectation not met for \(name): \(args.expression!) (\(shown.joined(separator: ", ")))",
                            hint: "on \(EvaluationSupport.describe(evaluation)); a script stops here with exit status 1")
        }
        return .message("expectation met for \(name): \(args.expression!) (\(shown.joined(separator: ", ")))")
    }

    /// One row of the evaluation's metrics, named as eval shows them and by the short names
    /// `names` use (auc, ap); an unknown name is refused with the metrics there are.
    static func metricsFrame(_ e: Evaluation, for names: [String]) throws -> (Frame, [String: Double]) {
        var columns = e.metrics.map { Column(name: $0.name, type: .float, values: [$0.value]) }
        var values = Dictionary(e.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let known = e.metrics.map(\.name)
        for name in Set(names).sorted() where !known.contains(name) {
            let canonical = MetricNames.canonical(name)
            guard let metric = e.metrics.first(where: { $0.name == canonical }) else {
                throw UsageError("\(e.model)'s last eval has no metric '\(name)'\(Suggestion.didYouMean(name, in: known))",
                                 hint: "its metrics: \(known.joined(separator: ", "))")
            }
            columns.append(Column(name: name, type: .float, values: [metric.value]))
            values[name] = metric.value
        }
        return (try Frame(name: "metrics of \(e.model)", columns: columns), values)
    }
}
