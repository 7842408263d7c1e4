import LabData

extension Metrics {
    /// Counts of (true label, predicted label) pairs: `counts[i][j]` is how many samples of
    /// class `labels[i]` were predicted as `labels[j]` (scikit-learn's `confusion_matrix`).
    public struct ConfusionMatrix<Label: MetricLabel>: Sendable, Equatable {
        public let labels: [Label]
        /// Row-major, `labels.count` × `labels.count`.
        public let cells: [Int]
        public let warnings: [MetricWarning]

        public subscript(actual: Int, predicted: Int) -> Int { cells[actual * labels.count + predicted] }

        public var rows: [[Int]] {
            let k = labels.count
            return (0..<k).map { Array(cells[($0 * k)..<($0 * k + k)]) }
        }

        /// scikit-learn's `normalize="true" | "pred" | "all"`.
        public enum Normalization: String, Sendable, CaseIterable {
            case actual = "true", predicted = "pred", all
        }

        /// scikit-learn's `normalize=`: over each true class (rows), each predicted class
        /// (columns) or everything; a row or column with no samples becomes zeros, not NaN.
        public func normalized(over: Normalization) -> [[Double]] {
            let k = labels.count
            let m = rows.map { $0.map(Double.init) }
            let rowSums = m.map { Summation.sum($0) }
            let columnSums = (0..<k).map { j in Summation.sum(m.map { $0[j] }) }
            let total = Summation.sum(rowSums)
            return (0..<k).map { i in
                (0..<k).map { j in
                    let d: Double
                    switch over {
                    case .actual: d = rowSums[i]
                    case .predicted: d = columnSums[j]
                    case .all: d = total
                    }
                    let x = m[i][j] / d
                    return x.isNaN ? 0 : x
                }
            }
        }
    }

    /// The confusion matrix over `labels` in the order given (default: every label in y_true
    /// or y_pred, sorted). Rows whose true or predicted label is not listed are left out.
    public static func confusionMatrix<L: MetricLabel>(_ yTrue: [L], _ yPred: [L], labels: [L]? = nil) throws -> ConfusionMatrix<L> {
        let t = try CodedTargets(yTrue, yPred)
        let all = t.pairCounts()
        let k = t.classes.count
        guard let labels else {
            return ConfusionMatrix(labels: t.classes, cells: all, warnings: singleLabelWarning(k))
        }
        if labels.isEmpty {
            throw DataError("'labels' should contain at least one label.", hint: "list the classes to show, or leave labels out to use every label")
        }
        let present = t.counts().actual
        let positions = labels.map { t.index(of: $0) }
        guard positions.contains(where: { $0.map { present[$0] > 0 } ?? false }) else {
            throw DataError("At least one label specified must be in y_true: none of \(MetricChecks.list(labels)) is",
                            hint: "y_true holds \(MetricChecks.list(t.classes))")
        }
        let n = labels.count
        var cells = [Int](repeating: 0, count: n * n)
        for (i, a) in positions.enumerated() {
            guard let a else { continue }
            for (j, b) in positions.enumerated() {
                guard let b else { continue }
                cells[i * n + j] = all[a * k + b]
            }
        }
        return ConfusionMatrix(labels: labels, cells: cells, warnings: singleLabelWarning(n))
    }

    static func singleLabelWarning(_ k: Int) -> [MetricWarning] {
        guard k == 1 else { return [] }
        return [MetricWarning(.singleLabel, "A single label was found in 'y_true' and 'y_pred'. For the confusion matrix to have the correct shape, use the 'labels' parameter to pass all known labels.")]
    }
}
