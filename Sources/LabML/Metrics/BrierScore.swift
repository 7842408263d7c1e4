import LabData

extension Metrics {
    /// scikit-learn's binary `brier_score_loss`: the mean squared difference between the
    /// probability of the positive class and the outcome (1 if positive, else 0), in [0, 1].
    /// The positive class is 1 for {0, 1} or {-1, 1} labels, `positive` if named, otherwise the
    /// greatest label when labels are numbers; text labels must name it.
    public static func brierScore<L: MetricLabel>(_ yTrue: [L], probabilities: [Double], positive: L? = nil) throws -> Double {
        try MetricChecks.finite(probabilities, "y_prob")
        try MetricChecks.pair(yTrue.count, probabilities.count, "y_true", "y_prob")
        let classCount = try L.labelCodes([yTrue], names: ["y_true"]).classes.count
        if classCount > 2 {
            throw DataError("The type of the target inferred from y_true is multiclass but should be binary according to the shape of y_prob.",
                            hint: "for \(classCount) classes pass the probability matrix (one column per class)")
        }
        if let hi = probabilities.max(), hi > 1 {
            throw DataError("y_prob contains values greater than 1: \(hi)", hint: "pass probabilities (0 to 1), not decision scores or percentages")
        }
        if let lo = probabilities.min(), lo < 0 {
            throw DataError("y_prob contains values less than 0: \(lo)", hint: "pass probabilities (0 to 1), not decision scores")
        }
        let target = try BinaryTarget(yTrue, scores: probabilities.count, positive: positive, rule: .greatestNumber, scoreName: "y_prob")
        // As scikit-learn computes it: both columns of (1 − p, p) against the one-hot truth, halved.
        let squares = zip(target.codes, probabilities).map { c, p -> Double in
            let t: Double = c == target.positive ? 1 : 0
            let a = (1 - t) - (1 - p), b = t - p
            return a * a + b * b
        }
        return Summation.mean(squares) * 0.5
    }

    /// scikit-learn's multi-class `brier_score_loss`: the mean over rows of Σ (one-hot − p)²
    /// across the classes, in [0, 2]. `scaleByHalf` defaults to scikit-learn's "auto": halve
    /// only with fewer than three columns, where it equals the binary score.
    public static func brierScore<L: MetricLabel>(_ yTrue: [L], probabilities: [[Double]], labels: [L]? = nil,
                                                  scaleByHalf: Bool? = nil) throws -> MetricValue {
        let m = try MetricChecks.matrix(probabilities, "y_prob")
        let t = try ProbabilityTargets(yTrue, values: m.values, rows: probabilities.count, columns: m.columns, labels: labels)
        let k = t.columns
        let rowSums = t.codes.enumerated().map { i, c -> Double in
            var s = 0.0
            for j in 0..<k {
                let d = (j == Int(c) ? 1 : 0) - t.values[i * k + j]
                s += d * d
            }
            return s
        }
        let score = Summation.mean(rowSums)
        return MetricValue((scaleByHalf ?? (k < 3)) ? score * 0.5 : score, warnings: t.warnings)
    }
}
