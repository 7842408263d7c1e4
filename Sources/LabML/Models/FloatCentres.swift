import CKernels

/// k-means centres as the assignment kernel reads them (CKernels' `opslab_nearest_centres`):
/// in float, scaled like the rows' float copy, transposed in groups of eight with each value
/// times −2, and each centre's squared norm; the padding of the last group has infinite norms,
/// so it never wins.
struct FloatCentres {
    let k: Int, d: Int
    let groups: Int
    /// Group g, feature j, centre slot s at (g·d + j)·8 + s: −2 · c_j · scale.
    let transposed: [Float]
    /// ||c · scale||² per centre slot, +∞ for the padding.
    let norms: [Float]

    init(_ centers: Matrix, scale: Double) {
        k = centers.rows
        d = centers.columns
        groups = (k + 7) / 8
        var transposed = [Float](repeating: 0, count: groups * d * 8)
        var norms = [Float](repeating: .infinity, count: groups * 8)
        for c in 0..<k {
            var s = 0.0
            for j in 0..<d {
                let v = centers[c, j] * scale
                transposed[((c / 8) * d + j) * 8 + c % 8] = Float(-2 * v)
                s += v * v
            }
            norms[c] = Float(s)
        }
        self.transposed = transposed
        self.norms = norms
    }
}
