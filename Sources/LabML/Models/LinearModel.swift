import LabData

/// y = X·coefficients + intercept: LinearRegression, Ridge and Lasso as scikit-learn
/// fits them, the intercept unpenalised (the data are centred first).
public struct LinearModel: Sendable, Equatable, Codable {
    public let coefficients: [Double]
    public let intercept: Double
    /// Coordinate descent passes (lasso only).
    public let iterations: Int?

    public func predict(_ x: Matrix) -> [Double] {
        (0..<x.rows).map { r in
            var s = intercept
            for c in 0..<x.columns { s += x[r, c] * coefficients[c] }
            return s
        }
    }

    /// Centres the columns of x and y; returns the centred copies and the means.
    static func centred(_ x: Matrix, _ y: [Double]) -> (Matrix, [Double], [Double], Double) {
        let means = x.columnMeans()
        let xc = x.subtractingFromRows(means)
        let yMean = Summation.mean(y)
        return (xc, y.map { $0 - yMean }, means, yMean)
    }

    static func withIntercept(_ w: [Double], means: [Double], yMean: Double, iterations: Int? = nil) -> LinearModel {
        var b = yMean
        for (c, m) in means.enumerated() { b -= m * w[c] }
        return LinearModel(coefficients: w, intercept: b, iterations: iterations)
    }

    public static func ordinaryLeastSquares(_ x: Matrix, _ y: [Double]) throws -> LinearModel {
        let (xc, yc, means, yMean) = centred(x, y)
        guard let w = LinearSolve.leastSquares(xc, yc) else {
            throw DataError("the features are linearly dependent (or there are fewer rows than features), so least squares has no unique answer",
                            hint: "drop a redundant or constant feature, or use ridge alpha=1")
        }
        return withIntercept(w, means: means, yMean: yMean)
    }

    public static func ridge(_ x: Matrix, _ y: [Double], alpha: Double) throws -> LinearModel {
        let (xc, yc, means, yMean) = centred(x, y)
        var g = LinearSolve.gram(xc)
        for i in 0..<g.rows { g[i, i] += alpha }
        guard let w = LinearSolve.cholesky(g, LinearSolve.transposeTimes(xc, yc)) else {
            throw DataError("ridge could not solve: the features are linearly dependent and alpha is 0",
                            hint: "use alpha > 0 or drop redundant features")
        }
        return withIntercept(w, means: means, yMean: yMean)
    }

    /// scikit-learn's Lasso objective (1/2n)·||y - Xw||² + alpha·||w||₁ by cyclic coordinate descent,
    /// stopping on the same duality-gap test (gap < tol·||y||²/n).
    public static func lasso(_ x: Matrix, _ y: [Double], alpha: Double, maxIterations: Int, tolerance: Double) throws -> LinearModel {
        let (xc, yc, means, yMean) = centred(x, y)
        let n = Double(x.rows), p = x.columns
        var w = [Double](repeating: 0, count: p)
        var residual = yc
        // Column-major copy: each coordinate step reads one feature's values in sequence (the
        // same products in the same order as on the row-major matrix, so the same numbers).
        let m = x.rows
        var columns = [Double](repeating: 0, count: m * p)
        xc.storage.withUnsafeBufferPointer { s in
            columns.withUnsafeMutableBufferPointer { out in
                for r in 0..<m { for c in 0..<p { out[c &* m &+ r] = s[r &* p &+ c] } }
            }
        }
        let norms = (0..<p).map { c in columns[(c * m)..<((c + 1) * m)].reduce(0.0) { $0 + $1 * $1 } }
        let yNorm2 = yc.reduce(0) { $0 + $1 * $1 }
        let tol = tolerance * yNorm2 / n
        var passes = 0
        for pass in 0..<maxIterations {
            try Cancellation.check()
            passes = pass + 1
            var maxChange = 0.0, maxWeight = 0.0
            for c in 0..<p where norms[c] > 0 {
                let old = w[c]
                let threshold = alpha * n
                let new: Double = columns.withUnsafeBufferPointer { all in
                    residual.withUnsafeMutableBufferPointer { res in
                        let column = all.baseAddress! + c &* m
                        // x·(r + old·x) = x·r + old·||x||², as scikit-learn's cd_fast; four partial
                        // sums so the products pipeline instead of waiting on one running total.
                        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                        var r = 0
                        while r &+ 4 <= m {
                            s0 += column[r] * res[r]; s1 += column[r &+ 1] * res[r &+ 1]
                            s2 += column[r &+ 2] * res[r &+ 2]; s3 += column[r &+ 3] * res[r &+ 3]
                            r &+= 4
                        }
                        while r < m { s0 += column[r] * res[r]; r &+= 1 }
                        let rho = ((s0 + s1) + (s2 + s3)) + old * norms[c]
                        let new = rho > threshold ? (rho - threshold) / norms[c] : rho < -threshold ? (rho + threshold) / norms[c] : 0
                        if new != old {
                            let delta = new - old
                            for r in 0..<m { res[r] -= delta * column[r] }
                        }
                        return new
                    }
                }
                if new != old { w[c] = new }
                maxChange = max(maxChange, abs(new - old))
                maxWeight = max(maxWeight, abs(new))
            }
            if maxWeight == 0 || maxChange / maxWeight < tolerance || pass == maxIterations - 1 {
                if dualityGap(xc, residual, w, alpha: alpha, n: n) < tol { break }
            }
        }
        return withIntercept(w, means: means, yMean: yMean, iterations: passes)
    }

    /// The Lasso duality gap, as scikit-learn's cd_fast computes it.
    static func dualityGap(_ x: Matrix, _ residual: [Double], _ w: [Double], alpha: Double, n: Double) -> Double {
        var xtr = [Double](repeating: 0, count: x.columns)
        for r in 0..<x.rows { for c in 0..<x.columns { xtr[c] += x[r, c] * residual[r] } }
        let dualNormXtR = xtr.reduce(0) { max($0, abs($1)) }
        let rNorm2 = residual.reduce(0) { $0 + $1 * $1 }
        let wNorm1 = w.reduce(0) { $0 + abs($1) }
        let a = alpha * n
        let constant: Double
        var gap: Double
        if dualNormXtR > a {
            constant = a / dualNormXtR
            gap = 0.5 * (rNorm2 + rNorm2 * constant * constant)
        } else {
            constant = 1
            gap = rNorm2
        }
        // R·y, with y = R + Xw in centred coordinates.
        var rDotY = 0.0
        for r in 0..<x.rows {
            var xw = 0.0
            for c in 0..<x.columns { xw += x[r, c] * w[c] }
            rDotY += residual[r] * (residual[r] + xw)
        }
        gap += a * wNorm1 - constant * rDotY
        return gap / n
    }
}
