import LabData
import LabML

/// What the evaluating commands (`eval`, `roc`, `pr`, `confusion`, `threshold`) share:
/// their keys, and how a model name and those keys become an evaluation.
enum EvaluationSupport {
    static let keys: [KeySpec] = [
        KeySpec("on", .frame, help: "a frame holding the target (default: the frame the model was trained on)"),
        KeySpec("part", .choice(EvaluationRows.Part.allCases.map(\.rawValue)),
                help: "which rows: a part of the split, or all (default: test when the frame is split, else all)"),
        KeySpec("pos", .text, help: "the positive class of a two-class model (default: the second class, e.g. 1 of 0/1)"),
    ]

    static func evaluate(_ args: Arguments, _ context: CommandContext, threshold: Double? = nil) throws -> Evaluation {
        let model = try ModelReference.load(args.word("name")!, context)
        let frame = try args.string("on").map { try context.state.frame(named: $0) } ?? context.state.frame(named: model.frame)
        let prepared = try Evaluator.prepared(frame, for: model, applied: context.state.pipeline(for: frame.name))
        let rows = try EvaluationRows(prepared, part: args.string("part").flatMap(EvaluationRows.Part.init(rawValue:)),
                                      trainedHere: frame.name == model.frame)
        return try Evaluator.evaluate(model, on: prepared, rows: rows, positive: args.string("pos"), threshold: threshold)
    }

    /// The evaluation of a classifier, or an error that says which commands fit the model instead.
    static func classification(_ args: Arguments, _ context: CommandContext, verb: String)
        throws -> (evaluation: Evaluation, classes: [String], truth: [String], probabilities: [[Double]]) {
        let e = try evaluate(args, context)
        guard case .classification(let classes, let truth, _, let probabilities) = e.outcome else {
            let model = try ModelReference.load(args.word("name")!, context)
            throw DataError("`\(verb)` is for classifiers; '\(e.model)' is a \(model.task.rawValue) model",
                            hint: "`eval \(e.model)` shows its metrics")
        }
        return (e, classes, truth, probabilities)
    }

    /// "test (179 rows of titanic)".
    static func describe(_ e: Evaluation) -> String {
        e.part.hasPrefix("all rows") ? "\(e.part) (\(e.rows))" : "\(e.part) rows of \(e.frame) (\(e.rows))"
    }

    /// Said when the rows scored are the ones the model learned from.
    static func optimism(_ e: Evaluation, _ context: CommandContext) -> CommandOutput? {
        guard let model = context.state.models[e.model], e.frame == model.frame else { return nil }
        if e.part == "train" {
            return .warning("these are the rows \(e.model) was trained on, so the scores are optimistic; the test rows (part=test, the default) give an honest estimate")
        }
        if e.part.hasPrefix("all rows") && model.trainingRows == e.rows {
            return .warning("these are the rows \(e.model) was trained on, so the scores are optimistic; split first (split test=0.2) and retrain to get an honest estimate")
        }
        return nil
    }

    static func warnings(_ e: Evaluation) -> [CommandOutput] { e.warnings.map { .warning($0) } }

    /// What a curve drawn from an evaluation should be read with: only whether the rows are the
    /// training rows. The evaluation's own warnings are about its metrics at the default threshold
    /// (precision when a class is never predicted, ...), which a curve over every threshold is not.
    static func curveWarnings(_ e: Evaluation, _ context: CommandContext) -> [CommandOutput] {
        optimism(e, context).map { [$0] } ?? []
    }
}
