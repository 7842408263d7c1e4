/// True and predicted labels coded against their sorted union of labels: what scikit-learn's
/// `_check_targets` checks and what every label metric then counts over.
struct CodedTargets<L: MetricLabel> {
    /// The union of labels in y_true and y_pred, in scikit-learn's order.
    let classes: [L]
    let yTrue: [Int32]
    let yPred: [Int32]

    init(_ yTrue: [L], _ yPred: [L]) throws {
        try MetricChecks.pair(yTrue.count, yPred.count, "y_true", "y_pred")
        let coded = try L.labelCodes([yTrue, yPred], names: ["y_true", "y_pred"])
        classes = coded.classes
        self.yTrue = coded.codes[0]
        self.yPred = coded.codes[1]
    }

    /// scikit-learn's target type: "binary" when at most two labels occur in both together.
    var isBinary: Bool { classes.count <= 2 }

    func index(of label: L) -> Int? { classes.firstIndex(of: label) }

    /// Per class of `classes`: how often it is the true label, the predicted label, and both.
    func counts() -> (correct: [Int], predicted: [Int], actual: [Int]) {
        let k = classes.count
        var correct = [Int](repeating: 0, count: k), predicted = correct, actual = correct
        correct.withUnsafeMutableBufferPointer { c in
            predicted.withUnsafeMutableBufferPointer { p in
                actual.withUnsafeMutableBufferPointer { a in
                    yTrue.withUnsafeBufferPointer { t in
                        yPred.withUnsafeBufferPointer { q in
                            for i in 0..<t.count {
                                let ti = Int(t[i]), qi = Int(q[i])
                                a[ti] += 1
                                p[qi] += 1
                                c[ti] += ti == qi ? 1 : 0
                            }
                        }
                    }
                }
            }
        }
        return (correct, predicted, actual)
    }

    /// Counts of (true, predicted) pairs over `classes`, row-major: rows are true labels.
    func pairCounts() -> [Int] {
        let k = classes.count
        var cells = [Int](repeating: 0, count: k * k)
        cells.withUnsafeMutableBufferPointer { m in
            yTrue.withUnsafeBufferPointer { t in
                yPred.withUnsafeBufferPointer { q in
                    for i in 0..<t.count { m[Int(t[i]) * k + Int(q[i])] += 1 }
                }
            }
        }
        return cells
    }
}
