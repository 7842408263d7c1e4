import LabData

/// k-fold cross-validation of a recipe over a frame's training rows: each fold trains on the
/// other folds and is scored on its own rows. Preparation steps stay as fitted on all the
/// training rows (they are not refitted inside each fold).
public struct CrossValidation: Sendable, Equatable {
    public struct Fold: Sendable, Equatable {
        public let index: Int
        public let trainRows: Int
        public let testRows: Int
        public let score: Double
        /// The score on the rows it trained on, when asked for (curves use it).
        public let trainScore: Double?
        public let seconds: Double
    }

    public let metric: String
    public let stratified: Bool
    public let folds: [Fold]

    public var summary: MeanStd { MeanStd(folds.map(\.score)) }
    public var trainSummary: MeanStd? {
        let t = folds.compactMap(\.trainScore)
        return t.count == folds.count ? MeanStd(t) : nil
    }

    /// `stratified` defaults to true for classifiers (scikit-learn's cross_val_score does the same);
    /// `metric` to accuracy or R².
    public static func run(_ recipe: ModelRecipe, on frame: Frame, folds k: Int, stratified: Bool? = nil, seed: UInt64,
                           metric requested: String? = nil, positive: String? = nil, trainScores: Bool = false) throws -> CrossValidation {
        let rows = ModelRecipe.learningRows(frame)
        let classes = try recipe.classCodes(frame, rows: rows)
        let stratify = stratified ?? (classes != nil)
        if stratify && classes == nil {
            throw DataError("stratified folds need classes; \(recipe.kind.rawValue) here predicts numbers", hint: "leave out stratified")
        }
        let folds = try Folds(rows: rows, k: k, seed: seed, classes: stratify ? classes : nil)
        var metric = requested
        var results: [Fold] = []
        let progress = Progress.track("fold", total: k)
        defer { progress?.end() }
        for f in 0..<k {
            try Cancellation.check()
            let start = ContinuousClock.now
            let trainRows = folds.training(f)
            let model = try recipe.train(frame, rows: trainRows)
            let e = try Evaluator.evaluate(model, on: frame, rows: EvaluationRows(rows: folds.parts[f], label: "fold \(f + 1)"), positive: positive)
            let name = metric ?? MetricGoal.defaultMetric(for: model.task)
            metric = name
            let score = try metricValue(e, name)
            var trainScore: Double?
            if trainScores {
                let t = try Evaluator.evaluate(model, on: frame, rows: EvaluationRows(rows: trainRows, label: "fold \(f + 1) training"),
                                               positive: positive)
                trainScore = try metricValue(t, name)
            }
            let elapsed = ContinuousClock.now - start
            results.append(Fold(index: f + 1, trainRows: trainRows.count, testRows: folds.parts[f].count, score: score, trainScore: trainScore,
                                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
            progress?.set(f + 1)
        }
        return CrossValidation(metric: metric ?? "", stratified: stratify, folds: results)
    }
}
