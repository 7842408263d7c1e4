import LabData
import LabML

struct EvalCommand: Command {
    static let spec = CommandSpec(
        "eval", group: .evaluate, summary: "Score a model on the test rows (or any frame holding the target) with scikit-learn's metrics",
        positionals: [PositionalSpec("name", .model, help: "a trained model")],
        keys: EvaluationSupport.keys, changesState: true,
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
        parts += EvaluationSupport.warnings(e)
        if let w = EvaluationSupport.optimism(e, context) { parts.append(w) }
        return .group(parts + EvaluationRuns.eval(e, line: ArgumentParser.canonicalLine(spec, context.recorded), context))
    }
}
