import Dispatch

/// scikit-learn's `drop_intermediate` for the ROC curve, fused with turning counts into rates:
/// a point is kept where the curve bends (a non-zero second difference in either count), the
/// first and last points always. In place and branch-free (every point is written, the kept
/// count advances only at a bend). A curve left in two stretches by the two-core walk
/// (`RankedScores.stretches`) is compacted on two cores, each stretch at its own place, and the
/// lower one's kept points are moved once, to follow the upper one's.
enum CurveBends {
    /// Slot 0 holds the leading point, then the points of slots `upper` (from slot 1), then those
    /// of slots `lower` (empty on one core). Returns how many points are kept (in slots
    /// 0..<result), as rates.
    static func keepBends(_ curve: CurveBuffers, upper: Range<Int>, lower: Range<Int>, positives: Double, negatives: Double) -> Int {
        let th = curve.thresholds, tp = curve.tps, fp = curve.fps
        guard upper.lowerBound == 1, upper.count >= 2, lower.count >= 2 else {
            // One stretch, or one too short to be a half: joined first, compacted on this thread.
            curve.move(from: lower.lowerBound, to: upper.upperBound, count: lower.count)
            let last = upper.upperBound + lower.count - 1
            guard last >= 3 else {
                for i in 0...last { (tp[i], fp[i]) = (tp[i] / positives, fp[i] / negatives) }
                return last + 1
            }
            let first = (tp[1], fp[1]), final = (tp[last], fp[last])
            let kept = 2 + curve.compact(2..<last, previous: first, next: final, positives: positives, negatives: negatives)
            return finish(curve, kept: kept, last: (th[last], final), positives: positives, negatives: negatives)
        }
        let last = lower.upperBound - 1
        // Each stretch reads its neighbours' original counts across its ends, saved before either writes.
        let first = (tp[1], fp[1]), upperLast = (tp[upper.upperBound - 1], fp[upper.upperBound - 1])
        let lowerFirst = (tp[lower.lowerBound], fp[lower.lowerBound]), final = (tp[last], fp[last]), finalThreshold = th[last]
        let counts = HalfCounts()
        DispatchQueue.concurrentPerform(iterations: 2) { h in
            if h == 0 {
                counts.upper = curve.compact(2..<upper.upperBound, previous: first, next: lowerFirst, positives: positives, negatives: negatives)
            } else {
                counts.lower = curve.compact(lower.lowerBound..<last, previous: upperLast, next: final, positives: positives, negatives: negatives)
            }
        }
        let kept = 2 + counts.upper
        curve.move(from: lower.lowerBound, to: kept, count: counts.lower)
        return finish(curve, kept: kept + counts.lower, last: (finalThreshold, final), positives: positives, negatives: negatives)
    }

    /// The first two points (kept always) as rates, and the last one after the `kept` others.
    private static func finish(_ curve: CurveBuffers, kept: Int, last: (threshold: Double, counts: (Double, Double)),
                               positives: Double, negatives: Double) -> Int {
        let th = curve.thresholds, tp = curve.tps, fp = curve.fps
        for i in 0..<2 { (tp[i], fp[i]) = (tp[i] / positives, fp[i] / negatives) }
        (th[kept], tp[kept], fp[kept]) = (last.threshold, last.counts.0 / positives, last.counts.1 / negatives)
        return kept + 1
    }
}

extension CurveBuffers {
    /// Keeps the bends among the points of `range`, written from its first slot on; `previous`
    /// and `next` are the original counts of the points on either side. Returns how many.
    fileprivate func compact(_ range: Range<Int>, previous before: (Double, Double), next after: (Double, Double),
                             positives: Double, negatives: Double) -> Int {
        let th = thresholds, tp = tps, fp = fps
        var previous = before, kept = range.lowerBound
        for i in range {
            let current = (tp[i], fp[i])
            // Slot i + 1 is still original: this stretch writes only at or below i, the other never here
            // (its first slot's counts were saved as `after`).
            let next = i + 1 < range.upperBound ? (tp[i + 1], fp[i + 1]) : after
            let bendF = (next.1 - current.1) - (current.1 - previous.1)
            let bendT = (next.0 - current.0) - (current.0 - previous.0)
            (th[kept], tp[kept], fp[kept]) = (th[i], current.0 / positives, current.1 / negatives)
            kept += bendF != 0 || bendT != 0 ? 1 : 0
            previous = current
        }
        return kept - range.lowerBound
    }
}
