/// scikit-learn's metric warnings said in the terms of the model at hand: which class is never
/// predicted, or absent, and what value the metric takes instead. scikit-learn's own wording
/// ("Use `zero_division` parameter ...") names arguments that `eval` does not have.
public struct MetricWarningText: Sendable {
    let classes: [String]
    let truth: [Int]
    let predicted: [Int]
    let positive: Int?

    /// `truth` and `predicted` as indices into `classes`; `positive`, the positive class of a
    /// two-class evaluation (nil for per-class metrics).
    public init(classes: [String], truth: [Int], predicted: [Int], positive: Int?) {
        self.classes = classes
        self.truth = truth
        self.predicted = predicted
        self.positive = positive
    }

    /// The same with labels rather than indices.
    public init(classes: [String], truth: [String], predicted: [String]) {
        var index: [String: Int] = [:]
        for (i, c) in classes.enumerated() { index[c] = i }
        self.init(classes: classes, truth: truth.compactMap { index[$0] }, predicted: predicted.compactMap { index[$0] }, positive: nil)
    }

    public func texts(_ warnings: [MetricWarning]) -> [String] { warnings.map(text) }

    public func text(_ w: MetricWarning) -> String {
        let neverPredicted = missing(from: predicted), absent = missing(from: truth)
        switch w.kind {
        case .undefinedPrecision:
            if let p = positive {
                return "precision is not defined: the model predicts class \(classes[p]) for no row, so it is reported as 0 (as scikit-learn does)"
            }
            return "precision is not defined for \(list(neverPredicted)), which the model never predicts: taken as 0 (as scikit-learn does)"
        case .undefinedRecall:
            if let p = positive {
                return "recall is not defined: no row here is of class \(classes[p]), so it is reported as 0 (as scikit-learn does)"
            }
            return "recall is not defined for \(list(absent)), which no row here has: taken as 0 (as scikit-learn does)"
        case .undefinedFScore:
            if let p = positive {
                return "F1 is not defined: class \(classes[p]) is neither in the rows here nor in the predictions, so it is reported as 0 (as scikit-learn does)"
            }
            return "F1 is not defined for \(list(absent.filter(neverPredicted.contains))), which neither the rows nor the predictions have: taken as 0 (as scikit-learn does)"
        case .predictedClassNotInTrue:
            return "the model predicts \(list(absent.filter { !neverPredicted.contains($0) })), which no row here has: balanced accuracy averages the recall of the classes present only"
        default:
            return w.message
        }
    }

    /// The classes no entry of `labels` names.
    private func missing(from labels: [Int]) -> [Int] {
        let present = Set(labels)
        return classes.indices.filter { !present.contains($0) }
    }

    private func list(_ indices: [Int]) -> String {
        let names = indices.map { classes[$0] }
        guard let last = names.last else { return "some classes" }
        return names.count == 1 ? "class \(last)" : "classes " + names.dropLast().joined(separator: ", ") + " and " + last
    }
}
