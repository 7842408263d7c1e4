import LabData

/// Lasso's coordinate descent on XᵀX, as scikit-learn's `enet_coordinate_descent_gram`
/// (Lasso with precompute=True): the same steps as the descent on the columns, each
/// coordinate's x·r read from Xᵀy − (XᵀX)w instead of a pass over the rows. One blocked pass
/// builds XᵀX on both cores; after it a descent pass costs p² operations instead of two
/// reads of the whole matrix.
extension LinearModel {
    /// Up to this many features the Gram matrix is the cheaper road (it costs p/2 passes over the data).
    static let gramLassoFeatures = 128

    static func lassoOnGram<Source: FeatureSource>(source x: Source, _ y: [Double], alpha: Double, maxIterations: Int, tolerance: Double) throws -> LinearModel {
        let centred = try CentredGram(x, y: y)
        let means = centred.means, yMean = centred.yMean, xty = centred.xty
        let p = x.columns, n = Double(x.rows)
        var yNorm2 = 0.0
        for v in y { yNorm2 += (v - yMean) * (v - yMean) }
        let g = centred.gram.storage
        var w = [Double](repeating: 0, count: p)
        // h = (XᵀX) w, kept up to date coordinate by coordinate.
        var h = [Double](repeating: 0, count: p)
        let threshold = alpha * n, tol = tolerance * yNorm2 / n
        let active = (0..<p).filter { g[$0 * p + $0] > 0 }
        var passes = 0
        for pass in 0..<maxIterations {
            try Cancellation.check()
            passes = pass + 1
            var maxChange = 0.0, maxWeight = 0.0
            for c in active {
                let old = w[c], row = c * p
                if old != 0 { for j in 0..<p { h[j] -= old * g[row + j] } }
                let rho = xty[c] - h[c]
                let new = rho > threshold ? (rho - threshold) / g[row + c] : rho < -threshold ? (rho + threshold) / g[row + c] : 0
                if new != 0 { for j in 0..<p { h[j] += new * g[row + j] } }
                w[c] = new
                maxChange = max(maxChange, abs(new - old))
                maxWeight = max(maxWeight, abs(new))
            }
            if maxWeight == 0 || maxChange / maxWeight < tolerance || pass == maxIterations - 1 {
                if gramDualityGap(w: w, h: h, xty: xty, yNorm2: yNorm2, alpha: alpha, rows: x.rows) < tol { break }
            }
        }
        return withIntercept(w, means: means, yMean: yMean, iterations: passes)
    }

    /// The duality gap from XᵀX: Xᵀr = Xᵀy − h, ||r||² = ||y||² − 2 w·Xᵀy + w·h, r·y = ||y||² − w·Xᵀy.
    static func gramDualityGap(w: [Double], h: [Double], xty: [Double], yNorm2: Double, alpha: Double, rows: Int) -> Double {
        let n = Double(rows)
        var wXty = 0.0, wH = 0.0, dualNormXtR = 0.0, wNorm1 = 0.0
        for c in w.indices {
            wXty += w[c] * xty[c]
            wH += w[c] * h[c]
            dualNormXtR = max(dualNormXtR, abs(xty[c] - h[c]))
            wNorm1 += abs(w[c])
        }
        let rNorm2 = yNorm2 - 2 * wXty + wH, rDotY = yNorm2 - wXty
        let a = alpha * n
        let constant = dualNormXtR > a ? a / dualNormXtR : 1
        var gap = dualNormXtR > a ? 0.5 * (rNorm2 + rNorm2 * constant * constant) : rNorm2
        gap += a * wNorm1 - constant * rDotY
        return gap / n
    }
}
