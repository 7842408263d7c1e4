import LabData
import LabML

struct PRCommand: Command {
    static let spec = CommandSpec(
        "pr", group: .evaluate, summary: "The precision-recall curve of a classifier, drawn in the terminal, with its average precision",
        positionals: [PositionalSpec("name", .model, help: "a trained classifier")],
        keys: EvaluationSupport.keys, changesState: false,
        examples: ["pr lr", "pr forest pos=1"],
        details: """
            Precision against recall as the decision threshold falls (scikit-learn's precision_recall_curve). \
            More useful than ROC when positives are rare: the dotted line is the share of positives, what guessing gets. \
            More than two classes: one curve per class against the rest. `--json` gives every point.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let (e, classes, truth, probabilities) = try EvaluationSupport.classification(args, context, verb: "pr")
        var series: [Plot.Series] = []
        var notes: [String] = []
        let targets = CurveTargets.of(e, classes: classes, truth: truth)
        for (name, target, positive) in targets {
            let k = classes.firstIndex(of: positive)!
            let scores = probabilities.map { $0[k] }
            let curve = try Metrics.precisionRecallCurve(target, scores, positive: positive)
            let ap = try Metrics.averagePrecision(target, scores, positive: positive)
            series.append(Plot.Series(name: name, points: Array(zip(curve.recall, curve.precision))))
            let share = Double(target.filter { $0 == positive }.count) / Double(max(target.count, 1))
            if let why = ap.warnings.first {
                // No positive rows among these: scikit-learn's value is a placeholder, so it is not shown as a score.
                notes.append("average precision \(name): not defined (\(why.message))")
            } else {
                notes.append("average precision \(name): \(NumberFormat.fixed(ap.value, decimals: 4))  (guessing: \(NumberFormat.fixed(share, decimals: 4)))")
            }
            if targets.count == 1 { series.append(Plot.Series(name: "guessing", points: [(0, share), (1, share)], reference: true)) }
        }
        let plot = Plot(title: "Precision-recall of \(e.model) on \(EvaluationSupport.describe(e))", xLabel: "recall",
                        yLabel: "precision", series: series, xRange: 0...1, yRange: 0...1, notes: notes)
        return .group([.plot(plot)] + EvaluationSupport.curveWarnings(e, context))
    }
}
