extension Metrics {
    /// Precision, recall and F-score combined over classes by one `Average`.
    public struct Scores: Sendable, Equatable {
        public let precision: Double
        public let recall: Double
        public let fScore: Double
        public let warnings: [MetricWarning]
    }

    /// Precision, recall, F-score and support of each class (scikit-learn's `average=None`).
    public struct ClassScores<Label: MetricLabel>: Sendable, Equatable {
        public let labels: [Label]
        public let precision: [Double]
        public let recall: [Double]
        public let fScore: [Double]
        /// How many samples have each label as their true label.
        public let support: [Int]
        public let warnings: [MetricWarning]
    }

    /// scikit-learn's `precision_recall_fscore_support` with an average. `beta` weighs recall
    /// `beta` times as much as precision (1: F1; 0: precision; infinity: recall). `positive` is
    /// the class scored by `.binary` (default 1; text labels must name it); `labels` picks and
    /// orders the classes the other averages use (default: every label seen, sorted).
    public static func precisionRecallFScore<L: MetricLabel>(
        _ yTrue: [L], _ yPred: [L], beta: Double = 1, average: Average = .binary, positive: L? = nil,
        labels: [L]? = nil, zeroDivision: ZeroDivision = .warn
    ) throws -> Scores {
        try checkBeta(beta)
        let counts = try selectedCounts(CodedTargets(yTrue, yPred), average: average, positive: positive, labels: labels)
        var (tp, predicted, actual) = (counts.correct, counts.predicted, counts.actual)
        if average == .micro { (tp, predicted, actual) = ([tp.reduce(0, +)], [predicted.reduce(0, +)], [actual.reduce(0, +)]) }
        let r = ratios(tp: tp, predicted: predicted, actual: actual, beta: beta, zeroDivision: zeroDivision)
        let weights = average == .weighted ? actual.map(Double.init) : nil
        return Scores(precision: nanAverage(r.precision, weights: weights), recall: nanAverage(r.recall, weights: weights),
                      fScore: nanAverage(r.fScore, weights: weights), warnings: counts.warnings + r.warnings)
    }

    /// Per-class precision, recall, F-score and support (`precision_recall_fscore_support`
    /// with `average=None`), for `labels` in the order given (default: every label, sorted).
    public static func precisionRecallFScorePerClass<L: MetricLabel>(
        _ yTrue: [L], _ yPred: [L], beta: Double = 1, labels: [L]? = nil, zeroDivision: ZeroDivision = .warn
    ) throws -> ClassScores<L> {
        try checkBeta(beta)
        let counts = try selectedCounts(CodedTargets(yTrue, yPred), average: nil, positive: nil, labels: labels)
        let r = ratios(tp: counts.correct, predicted: counts.predicted, actual: counts.actual, beta: beta, zeroDivision: zeroDivision)
        return ClassScores(labels: counts.labels, precision: r.precision, recall: r.recall, fScore: r.fScore,
                           support: counts.actual, warnings: r.warnings)
    }

    /// scikit-learn's `precision_score`: only precision's warnings are reported.
    public static func precision<L: MetricLabel>(
        _ yTrue: [L], _ yPred: [L], average: Average = .binary, positive: L? = nil, labels: [L]? = nil,
        zeroDivision: ZeroDivision = .warn
    ) throws -> MetricValue {
        let s = try precisionRecallFScore(yTrue, yPred, average: average, positive: positive, labels: labels, zeroDivision: zeroDivision)
        return MetricValue(s.precision, warnings: s.warnings.filter { $0.kind != .undefinedRecall && $0.kind != .undefinedFScore })
    }

    /// scikit-learn's `recall_score`: only recall's warnings are reported.
    public static func recall<L: MetricLabel>(
        _ yTrue: [L], _ yPred: [L], average: Average = .binary, positive: L? = nil, labels: [L]? = nil,
        zeroDivision: ZeroDivision = .warn
    ) throws -> MetricValue {
        let s = try precisionRecallFScore(yTrue, yPred, average: average, positive: positive, labels: labels, zeroDivision: zeroDivision)
        return MetricValue(s.recall, warnings: s.warnings.filter { $0.kind != .undefinedPrecision && $0.kind != .undefinedFScore })
    }

    /// scikit-learn's `fbeta_score`: only the F-score's warnings are reported.
    public static func fBeta<L: MetricLabel>(
        _ yTrue: [L], _ yPred: [L], beta: Double, average: Average = .binary, positive: L? = nil, labels: [L]? = nil,
        zeroDivision: ZeroDivision = .warn
    ) throws -> MetricValue {
        let s = try precisionRecallFScore(yTrue, yPred, beta: beta, average: average, positive: positive, labels: labels,
                                          zeroDivision: zeroDivision)
        return MetricValue(s.fScore, warnings: s.warnings.filter { $0.kind != .undefinedPrecision && $0.kind != .undefinedRecall })
    }

    /// scikit-learn's `f1_score`.
    public static func f1<L: MetricLabel>(
        _ yTrue: [L], _ yPred: [L], average: Average = .binary, positive: L? = nil, labels: [L]? = nil,
        zeroDivision: ZeroDivision = .warn
    ) throws -> MetricValue {
        try fBeta(yTrue, yPred, beta: 1, average: average, positive: positive, labels: labels, zeroDivision: zeroDivision)
    }
}
