import LabData
import LabML

struct ImportanceCommand: Command {
    static let spec = CommandSpec(
        "importance", group: .evaluate, summary: "Which features a model relies on: the score lost when each is shuffled",
        positionals: [PositionalSpec("name", .model, help: "a trained model")],
        keys: [
            KeySpec("method", .choice(["permutation", "model"]), default: "permutation",
                    help: "permutation (any model, on the test rows) or model (what trees, forests, boosting and linear models learned)"),
            KeySpec("repeats", .integer(min: 1, max: 1000), default: "5", help: "shuffles per feature"),
            KeySpec("metric", .text, help: "what to score (default: accuracy for classifiers, r2 for regression)"),
            KeySpec("seed", .seed, default: "42", alwaysRecorded: true, help: "for the shuffles"),
            KeySpec("top", .integer(min: 0, max: 1_000_000), default: "20", help: "how many features to list, most important first (0: all of them)"),
        ] + EvaluationSupport.keys,
        changesState: false,
        examples: ["importance forest", "importance lr repeats=10 metric=auc", "importance tree method=model"],
        details: """
            Permutation importance (scikit-learn's permutation_importance): each feature's values are shuffled among the \
            evaluated rows, `repeats` times, and the drop in score is averaged. Near zero: the model does not need it. \
            Measured on the test rows, it shows what generalizes, unlike impurity-based importances.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let model = try ModelReference.load(args.word("name")!, context)
        if args.string("method") == "model" {
            guard let learned = model.learnedTable else {
                throw DataError("\(model.kind.rawValue) has no importances of its own", hint: "use method=permutation")
            }
            // Summary rows (the intercept) are no feature's importance; features rank by their largest coefficient in size.
            let size = { (values: [Double]) in values.map(abs).max() ?? 0 }
            let sorted = learned.featureRows.sorted { size($0.1) > size($1.1) }
            let shown = top(sorted, args)
            let linear = [.linear, .ridge, .lasso, .logistic].contains(model.kind)
            let notes = [moreNote(sorted.dropFirst(shown.count).map { size($0.1) }, args),
                         linear ? "coefficients compare only between features on the same scale: scale them first, or use method=permutation" : nil]
                .compactMap { $0 }
            var table = ResultTable(title: "\(model.name): \(learned.title)", columns: ["feature"] + learned.columns,
                                    numericColumns: Set(1...learned.columns.count),
                                    rows: shown.map { [Cell.text($0.0)] + $0.1.map { .fixed($0, decimals: 6) } },
                                    note: notes.isEmpty ? nil : notes.joined(separator: "\n"))
            if !linear, learned.columns.count == 1 { table.barsFor = 1 }
            return .table(table)
        }
        let frame = try args.string("on").map { try context.state.frame(named: $0) } ?? context.state.frame(named: model.frame)
        let prepared = try Evaluator.prepared(frame, for: model, applied: context.state.pipeline(for: frame.name))
        let rows = try EvaluationRows(prepared, part: args.string("part").flatMap(EvaluationRows.Part.init(rawValue:)),
                                      trainedHere: frame.name == model.frame)
        let result = try PermutationImportance.run(model, on: prepared, rows: rows, metric: args.string("metric").map(MetricNames.canonical),
                                                   repeats: args.int("repeats") ?? 5, seed: args.seed())
        let sorted = result.features.sorted { $0.importance.mean > $1.importance.mean }
        let shown = top(sorted, args)
        var table = ResultTable(
            title: "permutation importance of \(model.name) on \(rows.label) (\(result.metric) \(NumberFormat.fixed(result.baseline, decimals: 4)) unshuffled)",
            columns: ["feature", "mean drop", "std"], numericColumns: [1, 2],
            rows: shown.map { [.text($0.name), .fixed($0.importance.mean, decimals: 4), .fixed($0.importance.std, decimals: 4)] },
            note: moreNote(sorted.dropFirst(shown.count).map(\.importance.mean), args))
        table.barsFor = 1
        return .table(table)
    }

    /// The first `top=` of the features (all with top=0).
    private static func top<T>(_ sorted: [T], _ args: Arguments) -> [T] {
        let top = args.int("top") ?? 20
        return top == 0 ? sorted : Array(sorted.prefix(top))
    }

    /// What the list left out: how many, and the largest importance among them.
    private static func moreNote(_ hidden: [Double], _ args: Arguments) -> String? {
        guard let largest = hidden.first else { return nil }
        let rest = hidden.allSatisfy { $0 == 0 } ? "all 0" : "none above \(NumberFormat.fixed(largest, decimals: 4))"
        return "\(hidden.count) more feature\(hidden.count == 1 ? "" : "s"), \(rest); "
            + "`importance \(args.word("name")!)\(args.string("method") == "model" ? " method=model" : "") top=0` lists them all"
    }
}
