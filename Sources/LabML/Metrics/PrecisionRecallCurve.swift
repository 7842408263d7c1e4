import LabData

extension Metrics {
    /// scikit-learn's `precision_recall_curve`: precision and recall of predicting positive
    /// every sample scoring at least `thresholds[i]`, thresholds increasing, then a last
    /// point (precision 1, recall 0) with no threshold, so there is one more point than
    /// thresholds.
    public struct PrecisionRecallCurve: Sendable, Equatable {
        public let precision: [Double]
        public let recall: [Double]
        public let thresholds: [Double]
        public let warnings: [MetricWarning]
    }

    /// Without `positive`, y_true must be {0, 1} or {-1, 1} and 1 is positive. Unlike the ROC
    /// curve, every threshold is kept by default; `dropIntermediate` keeps only the first and
    /// last point of each run with the same recall.
    public static func precisionRecallCurve<L: MetricLabel>(_ yTrue: [L], _ scores: [Double], positive: L? = nil,
                                                            dropIntermediate: Bool = false) throws -> PrecisionRecallCurve {
        let target = try BinaryTarget(yTrue, scores: scores.count, positive: positive, rule: .zeroOrMinusOneAndOne)
        return try precisionRecallCurve(target, scores, dropIntermediate: dropIntermediate)
    }

    static func precisionRecallCurve(_ target: BinaryTarget, _ scores: [Double], dropIntermediate: Bool) throws -> PrecisionRecallCurve {
        let ranked = try RankedScores(scores: scores, codes: target.codes, positive: target.positive)
        var (thresholds, tps, fps) = ranked.thresholds()
        var m = tps.count
        if dropIntermediate && m > 2 {
            // Keep the first and last point of each run of equal recall (equal true positives),
            // compacted in place and branch-free as for the ROC curve.
            var kept = 1
            thresholds.withUnsafeMutableBufferPointer { th in
                tps.withUnsafeMutableBufferPointer { tp in
                    fps.withUnsafeMutableBufferPointer { fp in
                        var previous = tp[0]
                        for i in 1..<(m - 1) {
                            let current = tp[i]
                            (th[kept], tp[kept], fp[kept]) = (th[i], current, fp[i])
                            kept += current != previous || tp[i + 1] != current ? 1 : 0
                            previous = current
                        }
                        (th[kept], tp[kept], fp[kept]) = (th[m - 1], tp[m - 1], fp[m - 1])
                    }
                }
            }
            m = kept + 1
        }
        if m < tps.count {
            thresholds.removeSubrange(m...)
            tps.removeSubrange(m...)
            fps.removeSubrange(m...)
        }
        var warnings: [MetricWarning] = []
        let positives = tps[m - 1]
        if positives == 0 {
            warnings.append(MetricWarning(.noPositiveSamples, "No positive class found in y_true, recall is set to one for all thresholds."))
        }
        // In place: fps becomes precision and tps recall; then all three are reversed into
        // increasing thresholds, and the point that predicts nothing positive is appended.
        var precision = fps, recall = tps
        (fps, tps) = ([], [])
        precision.withUnsafeMutableBufferPointer { p in
            recall.withUnsafeMutableBufferPointer { r in
                for i in 0..<m {
                    let t = r[i], predicted = r[i] + p[i]
                    p[i] = predicted != 0 ? t / predicted : 0
                    r[i] = positives == 0 ? 1 : t / positives
                }
            }
        }
        precision.reverse()
        recall.reverse()
        thresholds.reverse()
        precision.append(1)
        recall.append(0)
        return PrecisionRecallCurve(precision: precision, recall: recall, thresholds: thresholds, warnings: warnings)
    }

    /// scikit-learn's `average_precision_score` (binary): Σ (Rₙ − Rₙ₋₁) Pₙ over the
    /// thresholds, precision weighted by the recall it adds. A step function, not the
    /// trapezoid under the curve, which would be optimistic. The positive class is 1 unless
    /// `positive` names one (text labels must); a named class is scored against all others,
    /// as `average_precision_score(y == positive, scores)` would.
    public static func averagePrecision<L: MetricLabel>(_ yTrue: [L], _ scores: [Double], positive: L? = nil) throws -> MetricValue {
        let target = try BinaryTarget(yTrue, scores: scores.count, positive: positive, rule: .one)
        if positive == nil && target.classCount > 2 {
            throw DataError("y_true holds \(target.classCount) classes; a single column of scores can only rank two",
                            hint: "name the positive class to score it against all the others")
        }
        let curve = try precisionRecallCurve(target, scores, dropIntermediate: false)
        let p = curve.precision, r = curve.recall
        // Exactly scikit-learn's -Σ diff(recall) · precision[:-1], summed as numpy sums.
        let terms = (0..<(r.count - 1)).map { (r[$0 + 1] - r[$0]) * p[$0] }
        return MetricValue(max(0, -Summation.sum(terms)), warnings: curve.warnings)
    }
}
