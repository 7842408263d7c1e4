import LabData
import LabML

struct CVCommand: Command {
    static let spec = CommandSpec(
        "cv", group: .evaluate, summary: "Cross-validate a kind of model on the training rows: a score per fold, mean ± std",
        positionals: [PositionalSpec("kind", .keyword(ModelKind.allCases.map(\.rawValue)), help: "the kind of model")],
        keys: RecipeArguments.searchKeys
            + [KeySpec("stratified", .flag, help: "keep class proportions in every fold (default: true for classifiers)")]
            + RecipeArguments.keys,
        changesState: false,
        examples: ["cv logistic target=survived folds=5", "cv forest target=survived trees=50 metric=auc", "cv ridge target=mpg alpha=1"],
        details: """
            Each fold trains on the other folds and is scored on its own rows (k-fold; stratified for classifiers). \
            Only the training rows take part: the test split stays unseen. Preparation steps keep what they learned \
            from all training rows.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let kind = ModelKind(rawValue: args.word("kind")!)!
        let (recipe, frame) = try RecipeArguments.recipe(args, kind: kind, context)
        let stratified = args.string("stratified").map { $0 == "true" }
        let run = EvaluationRuns.start("cv", kind, context)
        let cv: CrossValidation
        do {
            cv = try CrossValidation.run(recipe, on: frame, folds: args.int("folds") ?? 5, stratified: stratified, seed: args.seed(),
                                         metric: args.string("metric").map(MetricNames.canonical))
        } catch {
            run.discard()
            throw error
        }
        let tracked = EvaluationRuns.cv(run, cv, recipe: recipe, folds: args.int("folds") ?? 5,
                                        line: ArgumentParser.canonicalLine(spec, context.recorded), context)
        let rows = cv.folds.map { f -> [Cell] in
            [.number(Double(f.index), .integer), .number(Double(f.trainRows), .integer), .number(Double(f.testRows), .integer),
             .fixed(f.score, decimals: 4), .fixed(f.seconds, decimals: 3)]
        }
        let s = cv.summary
        let title = "\(cv.folds.count)-fold \(cv.stratified ? "stratified " : "")cross-validation of \(kind.rawValue) on \(frame.name): \(cv.metric)"
        return .group([
            .table(ResultTable(title: title, columns: ["fold", "train rows", "scored rows", cv.metric, "seconds"],
                               numericColumns: [0, 1, 2, 3, 4], rows: rows)),
            .message("\(cv.metric): \(NumberFormat.fixed(s.mean, decimals: 4)) ± \(NumberFormat.fixed(s.std, decimals: 4)) (mean ± std over \(cv.folds.count) folds)"),
        ] + tracked)
    }
}

/// Short names users type for metrics.
enum MetricNames {
    static func canonical(_ name: String) -> String {
        // Cross-validated means are recorded as cv_METRIC.
        if name.lowercased().hasPrefix("cv_") { return "cv_" + canonical(String(name.dropFirst(3))) }
        switch name.lowercased() {
        case "auc", "roc", "rocauc": return "roc_auc"
        case "ap": return "average_precision"
        case "r²": return "r2"
        default: return name
        }
    }
}
