import LabData
import LabML
import LabOps

struct EvalCommand: Command {
    static let spec = CommandSpec(
        "eval", group: .evaluate, summary: "Score a model on the test rows (or any frame holding the target) with scikit-learn's metrics",
        positionals: [PositionalSpec("name", .model, help: "a trained model")],
        keys: EvaluationSupport.keys + [KeySpec("prom", .text, help: "also write the metrics to this file in Prometheus' text format, for node_exporter's textfile collector")],
        changesState: true,
        examples: ["eval lr", "eval lr part=valid", "eval lr on=new_passengers part=all", "eval lr pos=0"],
        details: """
            Classifiers: accuracy, balanced accuracy, precision, recall, F1 (of the positive class for two classes; \
            macro and weighted averages otherwise), ROC AUC, average precision, Brier score and log loss. \
            Regression: R², MSE, RMSE, MAE, MAPE. k-means: inertia and silhouette. \
            The values are kept with the session (lessons and `model` read them); `roc`, `pr`, `confusion` and `threshold` draw more.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let e = try EvaluationSupport.evaluate(args, context)
        context.state.putEvaluation(e)
        let rows = e.metrics.map { [Cell.text($0.name), Cell.fixed($0.value, decimals: 4)] }
        var title = "\(e.model) on \(EvaluationSupport.describe(e))"
        if let p = e.positive { title += ", positive class \(p)" }
        var parts: [CommandOutput] = [.table(ResultTable(title: title, columns: ["metric", "value"], numericColumns: [1], rows: rows))]
        if let path = args.string("prom") {
            let labels = [("model", e.model), ("frame", e.frame), ("rows", e.part.hasPrefix("all rows") ? "all" : e.part)]
            let gauges = [
                PrometheusGauge(name: "opslab_model_metric", help: "A model's metric on the rows it was last evaluated on (scikit-learn's definitions).",
                                samples: e.metrics.map { .init(labels + [("metric", $0.name)], $0.value) }),
                PrometheusGauge(name: "opslab_model_evaluated_rows", help: "How many rows the metrics were computed on.", samples: [.init(labels, Double(e.rows))]),
            ]
            try PrometheusText.write(gauges, to: path)
            parts.append(.message(PrometheusText.summary(gauges, path: path)))
        }
        parts += EvaluationSupport.warnings(e)
        if let w = EvaluationSupport.optimism(e, context) { parts.append(w) }
        return .group(parts + EvaluationRuns.eval(e, line: ArgumentParser.canonicalLine(spec, context.recorded), context))
    }
}
