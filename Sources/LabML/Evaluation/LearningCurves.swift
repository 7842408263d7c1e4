import LabData

/// Training and validation scores as one thing varies: the number of training rows (a
/// learning curve) or a parameter (a validation curve) — bias and variance made visible.
public struct ScoreCurve: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        /// The training size, or the parameter's value.
        public let x: String
        public let train: MeanStd
        public let validation: MeanStd
    }

    public let metric: String
    public let points: [Point]

    /// scikit-learn's learning_curve: `fractions` of each fold's training rows (the first ones of a
    /// seeded shuffle), scored on those rows and on the held-out fold.
    public static func learning(_ recipe: ModelRecipe, on frame: Frame, fractions: [Double] = [0.1, 0.325, 0.55, 0.775, 1.0],
                                folds k: Int, seed: UInt64, metric: String?) throws -> ScoreCurve {
        let rows = ModelRecipe.learningRows(frame)
        let classes = try recipe.classCodes(frame, rows: rows)
        let folds = try Folds(rows: rows, k: k, seed: seed, classes: classes)
        var rng = SeededGenerator(seed: seed &+ 1)
        let orders = (0..<k).map { f in folds.training(f).shuffled(using: &rng) }
        var name = metric
        var points: [Point] = []
        let progress = Progress.track("training size", total: fractions.count)
        defer { progress?.end() }
        for (step, fraction) in fractions.enumerated() {
            var train: [Double] = [], validation: [Double] = []
            var size = 0
            for f in 0..<k {
                try Cancellation.check()
                size = max(2, Int((fraction * Double(orders[f].count)).rounded(.down)))
                let subset = Array(orders[f].prefix(size)).sorted()
                try recipe.onPart(of: frame, rows: { rows }) {
                    let model = try recipe.train(frame, rows: subset)
                    let metricName = name ?? MetricGoal.defaultMetric(for: model.task)
                    name = metricName
                    train.append(try metricValue(Evaluator.evaluate(model, on: frame, rows: EvaluationRows(rows: subset, label: "train")), metricName))
                    validation.append(try metricValue(Evaluator.evaluate(model, on: frame, rows: EvaluationRows(rows: folds.parts[f], label: "fold")),
                                                      metricName))
                }
            }
            points.append(Point(x: String(size), train: MeanStd(train), validation: MeanStd(validation)))
            progress?.set(step + 1)
        }
        return ScoreCurve(metric: name ?? "", points: points)
    }

    /// scikit-learn's validation_curve: cross-validated scores for each value of one parameter.
    public static func validation(_ recipe: ModelRecipe, on frame: Frame, parameter: String, values: [String], folds k: Int,
                                  seed: UInt64, metric: String?) throws -> ScoreCurve {
        for v in values { _ = try Trainer.parameters(for: recipe.kind, given: recipe.parameters.merging([parameter: v]) { $1 }) }
        var name = metric
        var points: [Point] = []
        let progress = Progress.track(parameter, total: values.count)
        defer { progress?.end() }
        for (i, v) in values.enumerated() {
            let cv = try CrossValidation.run(recipe.with([parameter: v]), on: frame, folds: k, seed: seed, metric: name, trainScores: true)
            name = cv.metric
            points.append(Point(x: v, train: cv.trainSummary!, validation: cv.summary))
            progress?.set(i + 1)
        }
        return ScoreCurve(metric: name ?? "", points: points)
    }
}
