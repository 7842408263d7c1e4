/// Least squares when the answer is not unique (dependent columns, or fewer rows than
/// columns): of all the minimisers of ||A w - b||, the one of least norm, which is what
/// scikit-learn's LinearRegression returns there (LAPACK's gelsd through scipy's lstsq).
///
/// One-sided Jacobi SVD (Hestenes): plane rotations of A's columns, accumulated in V, until
/// every pair of columns is orthogonal; then A V = U Σ column by column, and
/// w = Σₖ (aₖᵀb / σₖ²) vₖ over the singular values above the cutoff. It works on A itself,
/// never on AᵀA, so small singular values keep their relative accuracy, and the columns are
/// few (features), so its n² pairs a sweep are cheap.
extension LinearSolve {
    struct MinimumNorm {
        var solution: [Double]
        /// The columns that take part in a dependency (those with weight in a singular vector
        /// whose singular value is below the cutoff), in order.
        var dependent: [Int]
        var rank: Int
    }

    /// Singular values at or below this fraction of the largest count as zero: the same
    /// relative size at which the QR solve calls columns dependent.
    static let rankCutoff = 1e-12

    /// `a`: `rows` x n, column-major.
    static func minimumNorm(columns a: [Double], rows m: Int, _ b: [Double]) -> MinimumNorm {
        let n = m > 0 ? a.count / m : 0
        var a = a
        var v = [Double](repeating: 0, count: n * n)
        for k in 0..<n { v[k * n + k] = 1 }
        a.withUnsafeMutableBufferPointer { ab in
            v.withUnsafeMutableBufferPointer { vb in
                let a = ab.baseAddress!, v = vb.baseAddress!
                // Each sweep squares the off-diagonal size near the end; 60 is far beyond need.
                for _ in 0..<60 {
                    var rotated = false
                    for p in 0..<n {
                        for q in (p + 1)..<max(p + 1, n) {
                            let ap = a + p * m, aq = a + q * m
                            let alpha = dot(ap, ap, m), beta = dot(aq, aq, m), gamma = dot(ap, aq, m)
                            guard gamma != 0, abs(gamma) > 1e-15 * (alpha * beta).squareRoot() else { continue }
                            rotated = true
                            let zeta = (beta - alpha) / (2 * gamma)
                            let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                            let c = 1 / (1 + t * t).squareRoot(), s = c * t
                            rotate(ap, aq, m, c, s)
                            rotate(v + p * n, v + q * n, n, c, s)
                        }
                    }
                    if !rotated { break }
                }
            }
        }
        let sigma = (0..<n).map { k in a.withUnsafeBufferPointer { dot($0.baseAddress! + k * m, $0.baseAddress! + k * m, m).squareRoot() } }
        let cutoff = rankCutoff * (sigma.max() ?? 0)
        var w = [Double](repeating: 0, count: n)
        var dependent = Set<Int>()
        var rank = 0
        for k in 0..<n {
            if sigma[k] > cutoff {
                rank += 1
                let along = a.withUnsafeBufferPointer { ab in b.withUnsafeBufferPointer { dot(ab.baseAddress! + k * m, $0.baseAddress!, m) } } / (sigma[k] * sigma[k])
                for i in 0..<n { w[i] += along * v[k * n + i] }
            } else {
                for i in 0..<n where abs(v[k * n + i]) > 1e-6 { dependent.insert(i) }
            }
        }
        return MinimumNorm(solution: w, dependent: dependent.sorted(), rank: rank)
    }

    /// (x, y) ← (c·x − s·y, s·x + c·y), element by element.
    private static func rotate(_ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int, _ c: Double, _ s: Double) {
        for i in 0..<count {
            let xi = x[i], yi = y[i]
            x[i] = c * xi - s * yi
            y[i] = s * xi + c * yi
        }
    }
}
