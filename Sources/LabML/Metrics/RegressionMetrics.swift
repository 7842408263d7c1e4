extension Metrics {
    /// Mean of (y − ŷ)² (`mean_squared_error`).
    public static func meanSquaredError(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
        try checkRegression(yTrue, yPred)
        return Summation.mean(zip(yTrue, yPred).map { ($0 - $1) * ($0 - $1) })
    }

    /// √MSE, in the target's units (`root_mean_squared_error`).
    public static func rootMeanSquaredError(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
        try meanSquaredError(yTrue, yPred).squareRoot()
    }

    /// Mean of |y − ŷ| (`mean_absolute_error`).
    public static func meanAbsoluteError(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
        try checkRegression(yTrue, yPred)
        return Summation.mean(zip(yTrue, yPred).map { abs($1 - $0) })
    }

    /// Mean of |y − ŷ| / |y| as a fraction, not a percentage (`mean_absolute_percentage_error`).
    /// |y| is floored at ε = 2.22e-16, so a zero target gives a huge but finite error rather
    /// than infinity: the metric is not meaningful for targets at or near zero.
    public static func meanAbsolutePercentageError(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
        try checkRegression(yTrue, yPred)
        return Summation.mean(zip(yTrue, yPred).map { abs($1 - $0) / max(abs($0), Double.ulpOfOne) })
    }

    /// The coefficient of determination, 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (`r2_score`). scikit-learn's
    /// conventions: a constant y_true scores 1.0 if predicted perfectly and 0.0 otherwise
    /// (instead of NaN or −∞), and fewer than two samples give NaN with a warning.
    public static func r2(_ yTrue: [Double], _ yPred: [Double]) throws -> MetricValue {
        try checkRegression(yTrue, yPred)
        guard yTrue.count >= 2 else {
            return MetricValue(.nan, warnings: [MetricWarning(.tooFewSamples, "R^2 score is not well-defined with less than two samples.")])
        }
        let mean = Summation.mean(yTrue)
        let numerator = Summation.sum(zip(yTrue, yPred).map { ($0 - $1) * ($0 - $1) })
        let denominator = Summation.sum(yTrue.map { ($0 - mean) * ($0 - mean) })
        if numerator == 0 { return MetricValue(1) }
        if denominator == 0 { return MetricValue(0) }
        return MetricValue(1 - numerator / denominator)
    }

    static func checkRegression(_ yTrue: [Double], _ yPred: [Double]) throws {
        try MetricChecks.pair(yTrue.count, yPred.count, "y_true", "y_pred")
        try MetricChecks.finite(yTrue, "y_true")
        try MetricChecks.finite(yPred, "y_pred")
    }
}
