import LabData

/// The counting and dividing behind precision, recall and F-scores, shared by the
/// averaged and per-class functions and the classification report.
extension Metrics {
    static func checkBeta(_ beta: Double) throws {
        guard beta >= 0 else {
            throw DataError("beta must be 0 or more, got \(beta)", hint: "beta > 1 favours recall, beta < 1 favours precision; 1 gives F1")
        }
    }

    struct SelectedCounts<L: MetricLabel> {
        var labels: [L]
        var correct: [Int]
        var predicted: [Int]
        var actual: [Int]
        var warnings: [MetricWarning] = []
    }

    /// The classes scored (scikit-learn's `_check_set_wise_labels`) and their counts.
    static func selectedCounts<L: MetricLabel>(_ t: CodedTargets<L>, average: Average?, positive: L?, labels: [L]?) throws -> SelectedCounts<L> {
        var selected = labels ?? t.classes
        var warnings: [MetricWarning] = []
        if average == .binary {
            guard t.isBinary else {
                throw DataError("Target is multiclass but average='binary': y_true and y_pred hold \(t.classes.count) labels \(MetricChecks.list(t.classes))",
                                hint: "choose average=macro, micro or weighted, or ask for per-class scores")
            }
            guard let pos = positive ?? L.labelOne else {
                throw DataError("pos_label=1 is not a valid label. It should be one of \(MetricChecks.list(t.classes))",
                                hint: "name the positive class, e.g. positive=\(t.classes.last.map { $0.description } ?? "yes")")
            }
            if t.index(of: pos) == nil && t.classes.count >= 2 {
                throw DataError("pos_label=\(MetricChecks.quoted(pos)) is not a valid label. It should be one of \(MetricChecks.list(t.classes))",
                                hint: "the positive class must be one of the labels in y_true or y_pred")
            }
            selected = [pos]
        } else if let pos = positive, pos != L.labelOne {
            warnings.append(MetricWarning(.positiveLabelIgnored,
                "Note that pos_label (set to \(MetricChecks.quoted(pos))) is ignored when average != 'binary' (got '\(average?.rawValue ?? "None")'). You may use labels=[pos_label] to specify a single positive class."))
        }
        if selected.isEmpty {
            throw DataError("labels is empty", hint: "list at least one class, or leave labels out to use every label")
        }
        let all = t.counts()
        var out = SelectedCounts(labels: selected, correct: [], predicted: [], actual: [], warnings: warnings)
        for label in selected {
            // A label that never occurs counts zero everywhere, as scikit-learn's does.
            let k = t.index(of: label)
            out.correct.append(k.map { all.correct[$0] } ?? 0)
            out.predicted.append(k.map { all.predicted[$0] } ?? 0)
            out.actual.append(k.map { all.actual[$0] } ?? 0)
        }
        return out
    }

    /// Precision, recall and F-beta from counts (scikit-learn's `_prf_divide`): a zero
    /// denominator gives `zeroDivision`'s value, and with `.warn` one warning per quantity.
    static func ratios(tp: [Int], predicted: [Int], actual: [Int], beta: Double, zeroDivision: ZeroDivision)
        -> (precision: [Double], recall: [Double], fScore: [Double], warnings: [MetricWarning]) {
        var warnings: [MetricWarning] = []
        func divide(_ num: [Double], _ den: [Double], _ kind: MetricWarning.Kind, _ name: String, _ modifier: String) -> [Double] {
            var undefined = false
            let out = zip(num, den).map { n, d -> Double in
                if d == 0 { undefined = true; return zeroDivision.value }
                return n / d
            }
            if undefined && zeroDivision == .warn {
                let place = out.count == 1 ? "due to" : "in labels with"
                warnings.append(MetricWarning(kind,
                    "\(name) is ill-defined and being set to 0.0 \(place) no \(modifier) samples. Use `zero_division` parameter to control this behavior."))
            }
            return out
        }
        let tpD = tp.map(Double.init), predD = predicted.map(Double.init), actD = actual.map(Double.init)
        let precision = divide(tpD, predD, .undefinedPrecision, "Precision", "predicted")
        let recall = divide(tpD, actD, .undefinedRecall, "Recall", "true")
        let fScore: [Double]
        if beta == .infinity {
            fScore = recall
        } else if beta == 0 {
            fScore = precision
        } else {
            // (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp), written as scikit-learn does so the digits match.
            let b2 = beta * beta
            fScore = divide(tpD.map { (1 + b2) * $0 }, zip(actD, predD).map { b2 * $0 + $1 },
                            .undefinedFScore, "F-score", "true nor predicted")
        }
        return (precision, recall, fScore, warnings)
    }

    /// scikit-learn's `_nanaverage`: NaNs (from zero_division=nan) are skipped with their
    /// weights; weights that sum to zero fall back to the plain mean.
    static func nanAverage(_ values: [Double], weights: [Double]?) -> Double {
        let kept = values.indices.filter { !values[$0].isNaN }
        if kept.isEmpty { return .nan }
        let v = kept.map { values[$0] }
        if let weights {
            let w = kept.map { weights[$0] }
            let total = Summation.sum(w)
            if total != 0 { return Summation.sum(zip(v, w).map { $0 * $1 }) / total }
        }
        return Summation.sum(v) / Double(v.count)
    }
}
