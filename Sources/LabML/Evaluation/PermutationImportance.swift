import LabData

/// scikit-learn's permutation_importance: how much a model's score drops when one feature's
/// values are shuffled among the evaluated rows, breaking its link to the target.
public struct PermutationImportance: Sendable, Equatable {
    public struct Feature: Sendable, Equatable {
        public let name: String
        public let importance: MeanStd
        public let drops: [Double]
    }

    public let metric: String
    public let baseline: Double
    public let features: [Feature]

    public static func run(_ model: TrainedModel, on frame: Frame, rows: EvaluationRows, metric requested: String?, repeats: Int,
                           seed: UInt64) throws -> PermutationImportance {
        guard repeats >= 1 else { throw DataError("repeats=\(repeats): shuffle each feature at least once", hint: "repeats=5 is usual") }
        let metric = requested ?? MetricGoal.defaultMetric(for: model.task)
        let base = try metricValue(Evaluator.evaluate(model, on: frame, rows: rows), metric)
        let sign = MetricGoal.greaterIsBetter(metric) ? 1.0 : -1.0
        let indices = rows.rows ?? Array(0..<frame.rowCount)
        var rng = SeededGenerator(seed: seed)
        var features: [Feature] = []
        let progress = Progress.track("feature", total: model.features.count)
        defer { progress?.end() }
        for (i, name) in model.features.enumerated() {
            let column = try frame.column(name)
            var drops: [Double] = []
            for _ in 0..<repeats {
                try Cancellation.check()
                // Values move with their missing marks (a text feature, boost's categorical=, moves its words).
                var source = Array(0..<frame.rowCount)
                let permutation = indices.shuffled(using: &rng)
                for (r, from) in zip(indices, permutation) { source[r] = from }
                let permuted = try frame.setting(column.gathering(source))
                let score = try metricValue(Evaluator.evaluate(model, on: permuted, rows: rows, only: metric), metric)
                drops.append(sign * (base - score))
            }
            features.append(Feature(name: name, importance: MeanStd(drops), drops: drops))
            progress?.set(i + 1)
        }
        return PermutationImportance(metric: metric, baseline: base, features: features)
    }
}
