extension Metrics {
    /// scikit-learn's `classification_report` as data: one row per class, then the
    /// averages. When every label is reported, the micro average is the accuracy and is
    /// given as `accuracy` (scikit-learn's "accuracy" line); when `labels` leaves some out,
    /// it is a real "micro avg" row instead.
    public struct ClassificationReport<Label: MetricLabel>: Sendable, Equatable {
        public struct Row: Sendable, Equatable {
            public let precision: Double
            public let recall: Double
            public let f1: Double
            public let support: Int
        }

        public let labels: [Label]
        public let classes: [Row]
        public let accuracy: Double?
        public let microAverage: Row?
        public let macroAverage: Row
        public let weightedAverage: Row
        /// Each of scikit-learn's warnings once (it repeats them for every average).
        public let warnings: [MetricWarning]
    }

    public static func classificationReport<L: MetricLabel>(
        _ yTrue: [L], _ yPred: [L], labels: [L]? = nil, zeroDivision: ZeroDivision = .warn
    ) throws -> ClassificationReport<L> {
        let t = try CodedTargets(yTrue, yPred)
        let counts = try selectedCounts(t, average: nil, positive: nil, labels: labels)
        let perClass = ratios(tp: counts.correct, predicted: counts.predicted, actual: counts.actual, beta: 1, zeroDivision: zeroDivision)
        let support = counts.actual.reduce(0, +)
        let rows = counts.labels.indices.map {
            ClassificationReport<L>.Row(precision: perClass.precision[$0], recall: perClass.recall[$0], f1: perClass.fScore[$0],
                                        support: counts.actual[$0])
        }
        func averaged(_ average: Average) -> (ClassificationReport<L>.Row, [MetricWarning]) {
            var (tp, predicted, actual) = (counts.correct, counts.predicted, counts.actual)
            if average == .micro { (tp, predicted, actual) = ([tp.reduce(0, +)], [predicted.reduce(0, +)], [actual.reduce(0, +)]) }
            let r = ratios(tp: tp, predicted: predicted, actual: actual, beta: 1, zeroDivision: zeroDivision)
            let w = average == .weighted ? actual.map(Double.init) : nil
            let row = ClassificationReport<L>.Row(precision: nanAverage(r.precision, weights: w), recall: nanAverage(r.recall, weights: w),
                                                  f1: nanAverage(r.fScore, weights: w), support: support)
            return (row, r.warnings)
        }
        let micro = averaged(.micro), macro = averaged(.macro), weighted = averaged(.weighted)
        // scikit-learn calls the micro average "accuracy" unless labels leave a seen label out.
        let allReported = labels.map { given in t.classes.allSatisfy { given.contains($0) } } ?? true
        var warnings: [MetricWarning] = []
        for w in perClass.warnings + micro.1 + macro.1 + weighted.1 where !warnings.contains(w) { warnings.append(w) }
        return ClassificationReport(labels: counts.labels, classes: rows,
                                    accuracy: allReported ? micro.0.precision : nil, microAverage: allReported ? nil : micro.0,
                                    macroAverage: macro.0, weightedAverage: weighted.0, warnings: warnings)
    }
}
