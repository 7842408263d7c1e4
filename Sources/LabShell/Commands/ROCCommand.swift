import LabData
import LabML

struct ROCCommand: Command {
    static let spec = CommandSpec(
        "roc", group: .evaluate, summary: "The ROC curve of a classifier, drawn in the terminal, with its AUC",
        positionals: [PositionalSpec("name", .model, help: "a trained classifier")],
        keys: EvaluationSupport.keys, changesState: false,
        examples: ["roc lr", "roc forest part=valid", "roc lr pos=0"],
        details: """
            True positive rate against false positive rate as the decision threshold falls (scikit-learn's roc_curve, \
            drop_intermediate=True). More than two classes: one curve per class against the rest. \
            The dotted diagonal is a model that guesses. `--json` gives every point.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let (e, classes, truth, probabilities) = try EvaluationSupport.classification(args, context, verb: "roc")
        var series: [Plot.Series] = []
        var notes: [String] = []
        let targets = CurveTargets.of(e, classes: classes, truth: truth)
        for (name, target, positive) in targets {
            // One class against the rest, with no row of that class here (a rare one, or a time
            // split's later rows): no curve for it, the other classes' still drawn.
            if targets.count > 1, !target.contains(positive) {
                notes.append("\(name): no curve, no row here is \(positive)")
                continue
            }
            let k = classes.firstIndex(of: positive)!
            let scores = probabilities.map { $0[k] }
            let curve = try Metrics.rocCurve(target, scores, positive: positive)
            let auc = try Metrics.rocAUC(target, scores, positive: positive)
            series.append(Plot.Series(name: name, points: Array(zip(curve.falsePositiveRate, curve.truePositiveRate))))
            notes.append("AUC \(name): \(NumberFormat.fixed(auc, decimals: 4))  (\(curve.thresholds.count) thresholds)")
        }
        series.append(Plot.Series(name: "chance", points: [(0, 0), (1, 1)], reference: true))
        let plot = Plot(title: "ROC of \(e.model) on \(EvaluationSupport.describe(e))", xLabel: "false positive rate",
                        yLabel: "true positive rate", series: series, xRange: 0...1, yRange: 0...1, notes: notes)
        return .group([.plot(plot)] + EvaluationSupport.curveWarnings(e, context))
    }
}

/// The curves a classifier's evaluation draws: the positive class of two, or each class against the rest.
enum CurveTargets {
    static func of(_ e: Evaluation, classes: [String], truth: [String]) -> [(name: String, truth: [String], positive: String)] {
        if classes.count == 2, let p = e.positive { return [("class \(p)", truth, p)] }
        return classes.map { ("\($0) vs rest", truth, $0) }
    }
}
