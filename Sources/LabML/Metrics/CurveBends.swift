import Dispatch

/// scikit-learn's `drop_intermediate` for the ROC curve, fused with turning counts into rates:
/// a point is kept where the curve bends (a non-zero second difference in either count), the
/// first and last points always. In place and branch-free (every point is written, the kept
/// count advances only at a bend); above `parallelPoints` the points are taken in two halves on
/// two cores, each compacted at its own place, and the upper half's kept points are then moved
/// down to follow the lower half's.
enum CurveBends {
    static let parallelPoints = 1 << 16

    /// The curve is in slots 0..<m of the three buffers, slot 0 the leading point; returns how
    /// many points are kept (in slots 0..<result), as rates.
    static func keepBends(_ th: UnsafeMutablePointer<Double>, _ tp: UnsafeMutablePointer<Double>, _ fp: UnsafeMutablePointer<Double>,
                          count m: Int, positives: Double, negatives: Double) -> Int {
        let last = m - 1
        let buffers = CurveBuffers(thresholds: th, tps: tp, fps: fp)
        // Each half reads its neighbours' original counts across its ends, saved before either half writes.
        let first = (tp[1], fp[1]), final = (tp[last], fp[last])
        var kept: Int
        if last - 2 >= parallelPoints {
            let mid = 2 + (last - 2) / 2
            let beforeMid = (tp[mid - 1], fp[mid - 1]), atMid = (tp[mid], fp[mid])
            let counts = HalfCounts()
            DispatchQueue.concurrentPerform(iterations: 2) { h in
                if h == 0 {
                    counts.lower = buffers.compact(2..<mid, previous: first, next: atMid, positives: positives, negatives: negatives)
                } else {
                    counts.upper = buffers.compact(mid..<last, previous: beforeMid, next: final, positives: positives, negatives: negatives)
                }
            }
            kept = 2 + counts.lower
            buffers.move(from: mid, to: kept, count: counts.upper)
            kept += counts.upper
        } else {
            kept = 2 + buffers.compact(2..<last, previous: first, next: final, positives: positives, negatives: negatives)
        }
        for i in 0..<2 { (tp[i], fp[i]) = (tp[i] / positives, fp[i] / negatives) }
        (th[kept], tp[kept], fp[kept]) = (th[last], final.0 / positives, final.1 / negatives)
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
            // Slot i + 1 is still original: this half writes only at or below i, the other half never here
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
