import LabData

extension Metrics {
    /// scikit-learn's `roc_curve`: `falsePositiveRate[i]` and `truePositiveRate[i]` are the
    /// rates of samples scoring at least `thresholds[i]`. Thresholds decrease from +∞ (which
    /// predicts nothing positive: the point (0, 0), as scikit-learn ≥ 1.3 adds it).
    public struct ROCCurve: Sendable, Equatable {
        public let falsePositiveRate: [Double]
        public let truePositiveRate: [Double]
        public let thresholds: [Double]
        /// y_true without negatives (rates NaN) or without positives.
        public let warnings: [MetricWarning]
    }

    /// The ROC curve of binary `yTrue` against `scores` (probabilities or decision values).
    /// Without `positive`, y_true must be {0, 1} or {-1, 1} and 1 is positive; with it, any
    /// labels work and `positive` is scored against the rest. `dropIntermediate` leaves out
    /// thresholds whose point lies on the straight line between its neighbours, which
    /// changes neither the plot nor the area.
    public static func rocCurve<L: MetricLabel>(_ yTrue: [L], _ scores: [Double], positive: L? = nil,
                                                dropIntermediate: Bool = true) throws -> ROCCurve {
        let target = try BinaryTarget(yTrue, scores: scores.count, positive: positive, rule: .zeroOrMinusOneAndOne)
        let ranked = try RankedScores(scores: scores, codes: target.codes, positive: target.positive)
        // Slot 0 is left for the point (0, 0) at threshold +∞, which scikit-learn ≥ 1.3 adds.
        var (thresholds, tps, fps, upper, lower) = ranked.stretches(leading: 1)
        let positives = Double(ranked.positiveCount), negatives = Double(ranked.negativeCount)
        var warnings: [MetricWarning] = []
        if negatives <= 0 {
            warnings.append(MetricWarning(.noNegativeSamples, "No negative samples in y_true, false positive value should be meaningless"))
        }
        if positives <= 0 {
            warnings.append(MetricWarning(.noPositiveSamples, "No positive samples in y_true, true positive value should be meaningless"))
        }
        thresholds[0] = .infinity
        fps[0] = 0
        tps[0] = 0
        // Counts become rates in place, in the same pass that drops intermediate points when it runs
        // (with no negatives every false-positive rate is 0 / 0, the NaN scikit-learn gives).
        var m = 0
        thresholds.withUnsafeMutableBufferPointer { th in
            tps.withUnsafeMutableBufferPointer { tp in
                fps.withUnsafeMutableBufferPointer { fp in
                    let curve = CurveBuffers(thresholds: th.baseAddress!, tps: tp.baseAddress!, fps: fp.baseAddress!)
                    guard dropIntermediate else {
                        curve.move(from: lower.lowerBound, to: upper.upperBound, count: lower.count)
                        m = upper.upperBound + lower.count
                        for i in 0..<m { (tp[i], fp[i]) = (tp[i] / positives, fp[i] / negatives) }
                        return
                    }
                    m = CurveBends.keepBends(curve, upper: upper, lower: lower, positives: positives, negatives: negatives)
                }
            }
        }
        thresholds.removeSubrange(m...)
        tps.removeSubrange(m...)
        fps.removeSubrange(m...)
        return ROCCurve(falsePositiveRate: fps, truePositiveRate: tps, thresholds: thresholds, warnings: warnings)
    }

    /// scikit-learn's binary `roc_auc_score`: the area under the full ROC curve by the
    /// trapezoid rule, tied scores counting half. The greater of the two labels is positive
    /// unless `positive` names one (then it is scored against all other labels, as
    /// `auc(*roc_curve(y, s, pos_label=positive)[:2])` would).
    ///
    /// Sorts the scores once (radix sort, O(n)), and sums the area in whole numbers.
    public static func rocAUC<L: MetricLabel>(_ yTrue: [L], _ scores: [Double], positive: L? = nil) throws -> Double {
        let target = try BinaryTarget(yTrue, scores: scores.count, positive: positive, rule: .greaterOfTwo)
        if positive == nil && target.classCount > 2 {
            throw DataError("y_true holds \(target.classCount) classes; a single column of scores can only rank two",
                            hint: "pass the probability matrix (one column per class) for one-vs-rest AUC, or name the positive class")
        }
        let ranked = try RankedScores(scores: scores, codes: target.codes, positive: target.positive)
        guard ranked.positiveCount > 0, ranked.negativeCount > 0 else { throw singleClassAUC(ranked.positiveCount > 0 ? "positive" : "negative") }
        return ranked.rocArea()
    }

    static func singleClassAUC(_ present: String) -> DataError {
        DataError("Only one class present in y_true. ROC AUC score is not defined in that case.",
                  hint: "every sample is \(present): ROC AUC needs both positives and negatives, e.g. a stratified split (split stratify=TARGET)")
    }
}
