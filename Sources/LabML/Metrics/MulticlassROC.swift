import LabData

extension Metrics {
    /// How one-vs-rest ROC AUCs of several classes are combined.
    public enum MulticlassAverage: String, Sendable, CaseIterable, Codable {
        /// Unweighted mean over classes.
        case macro
        /// Mean weighted by each class's number of true samples.
        case weighted
        /// One AUC over all (sample, class) pairs: the one-hot truth against the matrix.
        case micro
    }

    /// scikit-learn's `roc_auc_score(multi_class="ovr")`: each class's probabilities ranked
    /// against all other samples, the AUCs combined by `average`. Rows must sum to 1
    /// (numpy's allclose). Columns follow the sorted labels of y_true, or `labels` (which
    /// must be sorted and unique, like scikit-learn's).
    public static func rocAUC<L: MetricLabel>(_ yTrue: [L], probabilities: [[Double]], average: MulticlassAverage = .macro,
                                              labels: [L]? = nil) throws -> Double {
        let t = try OneVsRest(yTrue, probabilities, labels: labels)
        if average == .micro {
            // The one-hot truth and the matrix, both read row by row, as one binary problem.
            var hot = [Int32](repeating: 0, count: t.values.count)
            for (i, c) in t.codes.enumerated() { hot[i * t.columns + Int(c)] = 1 }
            return try RankedScores(scores: t.values, codes: hot, positive: 1).rocArea()
        }
        let support = t.support()
        let scores = try (0..<t.columns).map { c -> Double in
            // A class with no true samples has no AUC; with weights it counts 0, as in scikit-learn.
            if average == .weighted && support[c] == 0 { return 0 }
            return try t.auc(c)
        }
        if average == .weighted {
            return Summation.sum(zip(scores, support).map { $0 * Double($1) }) / Double(support.reduce(0, +))
        }
        return Summation.mean(scores)
    }

    /// One-vs-rest ROC AUC of each class (scikit-learn's `average=None`), in column order.
    public static func rocAUCPerClass<L: MetricLabel>(_ yTrue: [L], probabilities: [[Double]], labels: [L]? = nil) throws -> [Double] {
        let t = try OneVsRest(yTrue, probabilities, labels: labels)
        return try (0..<t.columns).map { try t.auc($0) }
    }

    /// y_true and a probability matrix after `_multiclass_roc_auc_score`'s checks.
    struct OneVsRest<L: MetricLabel> {
        let classes: [L]
        let codes: [Int32]
        let values: [Double]
        let columns: Int

        init(_ yTrue: [L], _ probabilities: [[Double]], labels: [L]?) throws {
            let m = try MetricChecks.matrix(probabilities, "y_score")
            try MetricChecks.pair(yTrue.count, probabilities.count, "y_true", "y_score")
            let k = m.columns
            if k == 2 {
                throw DataError("y_score has 2 columns; for binary y_true scikit-learn takes one column of scores",
                                hint: "pass the probabilities of the positive (greater) class, the last column")
            }
            for i in 0..<probabilities.count {
                var s = 0.0
                for j in 0..<k { s += m.values[i * k + j] }
                // numpy's allclose(1, s): |1 − s| ≤ 1e-8 + 1e-5·|s|.
                guard abs(1 - s) <= 1e-8 + 1e-5 * abs(s) else {
                    throw DataError("Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes (row \(i) sums to \(s))",
                                    hint: "pass predicted probabilities (each row sums to 1); decision scores need a softmax first")
                }
            }
            let coded = try L.labelCodes([labels ?? [], yTrue], names: ["labels", "y_true"])
            if let labels {
                if labels.count != Set(labels).count {
                    throw DataError("Parameter 'labels' must be unique", hint: "list each class once, in column order")
                }
                if labels != coded.classes.filter({ labels.contains($0) }) {
                    throw DataError("Parameter 'labels' must be ordered", hint: "list the classes sorted: \(MetricChecks.list(labels.sorted(by: L.labelPrecedes)))")
                }
                if labels.count != k {
                    throw DataError("Number of given labels, \(labels.count), not equal to the number of columns in 'y_score', \(k)",
                                    hint: "y_score needs one column per label")
                }
                if coded.classes.count != labels.count {
                    throw DataError("'y_true' contains labels not in parameter 'labels'", hint: "labels must list every class of y_true")
                }
            } else if coded.classes.count != k {
                throw DataError("Number of classes in y_true not equal to the number of columns in 'y_score' (\(coded.classes.count) vs \(k))",
                                hint: "y_score needs one column per class of y_true, in sorted order; pass labels if some classes are absent")
            }
            classes = coded.classes
            codes = coded.codes[1]
            values = m.values
            columns = k
        }

        func support() -> [Int] {
            var s = [Int](repeating: 0, count: columns)
            for c in codes { s[Int(c)] += 1 }
            return s
        }

        func auc(_ c: Int) throws -> Double {
            let n = codes.count
            let column = [Double](unsafeUninitializedCapacity: n) { out, count in
                values.withUnsafeBufferPointer { v in
                    for i in 0..<n { out[i] = v[i * columns + c] }
                }
                count = n
            }
            let ranked = try RankedScores(scores: column, codes: codes, positive: Int32(c))
            guard ranked.positiveCount > 0, ranked.negativeCount > 0 else {
                throw DataError("ROC AUC is not defined for class \(MetricChecks.quoted(classes[c])): \(ranked.positiveCount > 0 ? "every" : "no") sample of y_true belongs to it",
                                hint: "one-vs-rest AUC needs every listed class in y_true; leave it out of labels or use average=weighted")
            }
            return ranked.rocArea()
        }
    }
}
