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
        var results: [Fold] = []
        var metric = requested
        let progress = Progress.track("fold", total: k)
        defer { progress?.end() }
        // Two folds at a time, one per core: each fold trains and scores on its own, so the
        // results are those of a serial run. Errors and progress are reported in fold order.
        for batch in stride(from: 0, to: k, by: 2) {
            try Cancellation.check()
            let count = min(2, k - batch)
            var slots = [Result<(Fold, String), Error>?](repeating: nil, count: count)
            slots.withUnsafeMutableBufferPointer { buffer in
                let out = SharedBuffer(base: buffer.baseAddress!)
                Parallel.forEach(count) { i in
                    out[i] = Result {
                        try fold(batch + i, recipe, frame, folds, metric: requested, positive: positive, trainScores: trainScores)
                    }
                }
            }
            for (i, slot) in slots.enumerated() {
                let (fold, name) = try slot!.get()
                results.append(fold)
                metric = name
                progress?.set(batch + i + 1)
            }
        }
        return CrossValidation(metric: metric ?? "", stratified: stratify, folds: results)
    }

    /// Fold `f`: trains on the other folds, scores its own rows (and its training rows when asked).
    /// Returns the fold and the metric's name (the requested one, or the task's default).
    private static func fold(_ f: Int, _ recipe: ModelRecipe, _ frame: Frame, _ folds: Folds, metric requested: String?,
                             positive: String?, trainScores: Bool) throws -> (Fold, String) {
        try Cancellation.check()
        let start = ContinuousClock.now
        let trainRows = folds.training(f)
        let (name, score, trainScore) = try recipe.onPart(of: frame, rows: { folds.parts.flatMap { $0 }.sorted() }) {
            let model = try recipe.train(frame, rows: trainRows)
            let e = try Evaluator.evaluate(model, on: frame, rows: EvaluationRows(rows: folds.parts[f], label: "fold \(f + 1)"), positive: positive)
            let name = requested ?? MetricGoal.defaultMetric(for: model.task)
            let trainScore = try trainScores ? metricValue(Evaluator.evaluate(model, on: frame, rows: EvaluationRows(rows: trainRows, label: "fold \(f + 1) training"),
                                                                              positive: positive), name) : nil
            return (name, try metricValue(e, name), trainScore)
        }
        let elapsed = ContinuousClock.now - start
        let fold = Fold(index: f + 1, trainRows: trainRows.count, testRows: folds.parts[f].count, score: score, trainScore: trainScore,
                        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        return (fold, name)
    }
}
