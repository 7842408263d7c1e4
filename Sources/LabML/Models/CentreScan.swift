import CKernels

/// The nearest and second-nearest of k centres for many rows, as k-means needs them when
/// its bounds cannot rule a row's centre settled. Scores ||c||² − 2·x·c rank the centres
/// as distances do, and come from a multiply and an add per feature over 8 centres held in
/// two four-lane vectors (centres transposed, 8 to a group, padded with infinite norms).
struct CentreScan {
    let k: Int, d: Int
    let groups: Int
    /// Group g, feature j, centre slot s at (g·d + j)·8 + s.
    let transposed: [Double]
    /// ||c||² per centre slot, +∞ for the padding.
    let norms: [Double]
    /// The largest ||c||²: scores carry rounding well below `rounding` × (||x||² + 2·this), which bounds allow for.
    let largestNorm: Double
    /// Relative rounding of a score: d products summed, with a wide margin.
    let rounding: Double

    init(_ centers: Matrix) {
        k = centers.rows
        d = centers.columns
        groups = (k + 7) / 8
        var transposed = [Double](repeating: 0, count: groups * d * 8)
        var norms = [Double](repeating: .infinity, count: groups * 8)
        var largest = 0.0
        for c in 0..<k {
            var s = 0.0
            for j in 0..<d {
                transposed[((c / 8) * d + j) * 8 + c % 8] = centers[c, j]
                s += centers[c, j] * centers[c, j]
            }
            norms[c] = s
            largest = max(largest, s)
        }
        self.transposed = transposed
        self.norms = norms
        largestNorm = largest
        rounding = max(1e-12, Double(d) * 8 * Double.ulpOfOne)
    }

    /// (nearest centre, its score, the second-best score) for one row; add ||x||² for squared distances.
    /// The scores come from CKernels' `opslab_centre_scores` (four lanes a vector, AVX2 where the
    /// processor has it; the same bits either way), then the best two are picked in centre order.
    @inline(__always)
    func nearestTwo(_ row: UnsafePointer<Double>) -> (Int, Double, Double) {
        var best = 0, first = Double.infinity, second = Double.infinity
        withUnsafeTemporaryAllocation(of: Double.self, capacity: groups &* 8) { scores in
            transposed.withUnsafeBufferPointer { tb in
                norms.withUnsafeBufferPointer { nb in
                    opslab_centre_scores(row, d, tb.baseAddress!, nb.baseAddress!, groups, scores.baseAddress!, VectorUnits.wide)
                }
            }
            for c in 0..<(groups &* 8) { Self.consider(scores[c], c, &best, &first, &second) }
        }
        return (best, first, second)
    }

    /// Keeps the smallest and second-smallest score; the lower index wins a tie.
    @inline(__always)
    private static func consider(_ v: Double, _ c: Int, _ best: inout Int, _ first: inout Double, _ second: inout Double) {
        // Branch-free: which centre wins is data-dependent and mispredicts as branches.
        best = v < first ? c : best
        second = min(second, max(first, v))
        first = min(first, v)
    }
}
