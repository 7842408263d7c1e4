import LabData

/// y_true coded against the class order of a probability matrix's columns, after the
/// checks of scikit-learn's `_validate_multiclass_probabilistic_prediction` (log loss,
/// multi-class Brier score): probabilities in [0, 1], at least two classes, one column per
/// class, and a warning when rows do not sum to one.
struct ProbabilityTargets<L: MetricLabel> {
    let classes: [L]
    /// Row i's true class, as a column index.
    let codes: [Int32]
    /// n × columns, row-major.
    let values: [Double]
    let columns: Int
    let warnings: [MetricWarning]

    /// `columns == 1` is a single column of probabilities of the greater class, widened to
    /// (1 − p, p) as scikit-learn does.
    init(_ yTrue: [L], values flat: [Double], rows: Int, columns given: Int, labels: [L]?) throws {
        if let hi = flat.max(), hi > 1 {
            throw DataError("y_prob contains values greater than 1: \(hi)", hint: "pass probabilities (0 to 1), not decision scores or percentages")
        }
        if let lo = flat.min(), lo < 0 {
            throw DataError("y_prob contains values lower than 0: \(lo)", hint: "pass probabilities (0 to 1), not decision scores")
        }
        try MetricChecks.pair(yTrue.count, rows, "y_true", "y_prob")
        var warnings: [MetricWarning] = []
        let coded = try L.labelCodes([labels ?? [], yTrue], names: ["labels", "y_true"])
        let classes = coded.classes
        if let labels {
            var listed = [Bool](repeating: false, count: classes.count)
            for c in coded.codes[0] { listed[Int(c)] = true }
            let unlisted = classes.indices.filter { !listed[$0] }.map { classes[$0] }
            if !unlisted.isEmpty {
                throw DataError("y_true contains values \(MetricChecks.list(unlisted)) not belonging to the passed labels \(MetricChecks.list(labels))",
                                hint: "labels must list every class of y_true, in the order of the probability columns")
            }
            if labels != classes {
                warnings.append(MetricWarning(.labelsNotSorted,
                    "Labels passed were \(MetricChecks.list(labels)). But this function assumes labels are ordered lexicographically. Pass the ordered labels=\(MetricChecks.list(classes)) and ensure that the columns of y_prob correspond to this ordering."))
            }
        }
        if classes.count == 1 {
            if labels == nil {
                throw DataError("y_true contains only one label (\(classes[0])). Please provide the list of all expected class labels explicitly through the labels argument.",
                                hint: "the probability columns need a class each: pass labels=[...] with every class the model knows")
            }
            throw DataError("The labels array needs to contain at least two labels, got \(MetricChecks.list(classes)).",
                            hint: "list every class the model knows, in column order")
        }
        var values = flat
        var columns = given
        if given == 1 {
            values = [Double](repeating: 0, count: flat.count * 2)
            for (i, p) in flat.enumerated() { (values[2 * i], values[2 * i + 1]) = (1 - p, p) }
            columns = 2
        }
        // numpy's isclose(sum, 1, rtol=sqrt(eps)) with its default atol.
        let tolerance = 1e-8 + Double.ulpOfOne.squareRoot()
        let n = yTrue.count
        for i in 0..<n {
            var s = 0.0
            for j in 0..<columns { s += values[i * columns + j] }
            if !(abs(s - 1) <= tolerance) {
                warnings.append(MetricWarning(.probabilitiesDoNotSumToOne, "The y_prob values do not sum to one. Make sure to pass probabilities."))
                break
            }
        }
        if classes.count != columns {
            if labels == nil {
                throw DataError("y_true and y_prob contain different number of classes: \(classes.count) vs \(columns). Please provide the true labels explicitly through the labels argument. Classes found in y_true: \(MetricChecks.list(classes))",
                                hint: "y_prob needs one column per class, in sorted label order")
            }
            throw DataError("The number of classes in labels is different from that in y_prob. Classes found in labels: \(MetricChecks.list(classes))",
                            hint: "y_prob needs one column per class, in sorted label order")
        }
        self.classes = classes
        codes = coded.codes[1]
        self.values = values
        self.columns = columns
        self.warnings = warnings
    }
}
