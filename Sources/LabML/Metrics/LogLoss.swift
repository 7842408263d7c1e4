import Foundation

extension Metrics {
    /// scikit-learn's `log_loss` (cross-entropy): the mean of −log p over the rows, p being
    /// the probability given to the true class. Columns follow the sorted labels (or
    /// `labels`). As in scikit-learn 1.9, probabilities are clipped to [ε, 1 − ε] with
    /// ε = 2.22e-16 (Double's machine epsilon) and are not renormalised; rows that do not sum
    /// to one are only warned about.
    public static func logLoss<L: MetricLabel>(_ yTrue: [L], probabilities: [[Double]], labels: [L]? = nil) throws -> MetricValue {
        let m = try MetricChecks.matrix(probabilities, "y_prob")
        return try logLoss(ProbabilityTargets(yTrue, values: m.values, rows: probabilities.count, columns: m.columns, labels: labels))
    }

    /// The same from one matrix of probabilities (row r, column k: row r's probability of the
    /// k-th label), as models predict them: no array per row.
    public static func logLoss<L: MetricLabel>(_ yTrue: [L], probabilities: Matrix, labels: [L]? = nil) throws -> MetricValue {
        if let k = MetricChecks.firstNonFinite(probabilities.storage) {
            let columns = probabilities.columns
            throw MetricChecks.nonFinite("y_prob", at: "row \(k / columns), column \(k % columns)", value: probabilities.storage[k])
        }
        return try logLoss(ProbabilityTargets(yTrue, values: probabilities.storage, rows: probabilities.rows, columns: probabilities.columns,
                                              labels: labels))
    }

    /// Binary log loss from the probabilities of the greater of the two labels.
    public static func logLoss<L: MetricLabel>(_ yTrue: [L], probabilities: [Double], labels: [L]? = nil) throws -> MetricValue {
        try MetricChecks.finite(probabilities, "y_prob")
        return try logLoss(ProbabilityTargets(yTrue, values: probabilities, rows: probabilities.count, columns: 1, labels: labels))
    }

    static func logLoss<L>(_ t: ProbabilityTargets<L>) throws -> MetricValue {
        let eps = Double.ulpOfOne
        let k = t.columns
        let losses = t.codes.enumerated().map { i, c in
            -log(min(max(t.values[i * k + Int(c)], eps), 1 - eps))
        }
        return MetricValue(Summation.mean(losses), warnings: t.warnings)
    }
}
