import LabData
import LabML

struct ThresholdCommand: Command {
    static let spec = CommandSpec(
        "threshold", group: .evaluate, summary: "Metrics of a two-class model if it said positive from another probability",
        positionals: [PositionalSpec("name", .model, help: "a trained two-class model")],
        keys: [KeySpec("at", .number, required: true, help: "the probability of the positive class from which a row is called positive")]
            + EvaluationSupport.keys,
        changesState: false,
        examples: ["threshold lr at=0.3", "threshold lr 0.3", "threshold lr at=0.7 pos=1"],
        details: "Lowering the threshold trades precision for recall; the table puts the usual argmax (0.5) next to the one given.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let at = args.double("at")!
        let base = try EvaluationSupport.evaluate(args, context)
        guard base.binaryScores != nil else {
            throw DataError("a decision threshold applies to two-class models",
                            hint: "'\(base.model)' \(base.positive == nil ? "has more than two classes or is not a classifier" : "")")
        }
        let moved = try EvaluationSupport.evaluate(args, context, threshold: at)
        let shown = ["accuracy", "balanced_accuracy", "precision", "recall", "f1"]
        let rows = shown.compactMap { name -> [Cell]? in
            guard let a = base.value(name), let b = moved.value(name) else { return nil }
            return [.text(name), .fixed(a, decimals: 4), .fixed(b, decimals: 4), .fixed(b - a, decimals: 4)]
        }
        var counts: [[Cell]] = []
        if case .classification(_, let truth, let before, _) = base.outcome, case .classification(_, _, let after, _) = moved.outcome,
           let p = base.positive {
            func tally(_ predicted: [String]) -> (Int, Int, Int, Int) {
                var tp = 0, fp = 0, fn = 0, tn = 0
                for (t, y) in zip(truth, predicted) {
                    switch (t == p, y == p) {
                    case (true, true): tp += 1
                    case (false, true): fp += 1
                    case (true, false): fn += 1
                    case (false, false): tn += 1
                    }
                }
                return (tp, fp, fn, tn)
            }
            let a = tally(before), b = tally(after)
            for (name, x, y) in [("true positives", a.0, b.0), ("false positives", a.1, b.1), ("false negatives", a.2, b.2), ("true negatives", a.3, b.3)] {
                counts.append([.text(name), .number(Double(x), .integer), .number(Double(y), .integer), .number(Double(y - x), .integer)])
            }
        }
        let title = "\(base.model) on \(EvaluationSupport.describe(base)), positive class \(base.positive ?? "")"
        return .group([.table(ResultTable(title: title, columns: ["metric", "argmax", "at \(NumberFormat.significant(at, digits: 4))", "change"],
                                          numericColumns: [1, 2, 3], rows: rows + counts))] + EvaluationSupport.warnings(moved))
    }
}
