import LabData

/// y = X·coefficients + intercept: LinearRegression, Ridge and Lasso as scikit-learn
/// fits them, the intercept unpenalised (the data are centred first).
public struct LinearModel: Sendable, Equatable, Codable {
    public let coefficients: [Double]
    public let intercept: Double
    /// Coordinate descent passes (lasso only).
    public let iterations: Int?
    /// Least squares only, when its answer is not unique: the features that take part in a
    /// linear dependency (or all, with fewer rows than features); the coefficients are then
    /// the least-norm ones. Nil for a unique answer.
    public var dependentFeatures: [Int]? = nil

    public func predict(_ x: Matrix) -> [Double] {
        (0..<x.rows).map { r in
            var s = intercept
            for c in 0..<x.columns { s += x[r, c] * coefficients[c] }
            return s
        }
    }

    /// The same from the feature columns (one array per feature, in order, all of one length).
    public func predict(columns: [[Double]]) -> [Double] {
        precondition(columns.count == coefficients.count, "one column per feature")
        let block = ColumnScores.blockRows
        return Matrix.filledByRows(columns.first?.count ?? 0, columns: 1, minimum: block, block: block) { range, out in
            ColumnScores.linear(columns, rows: range, weights: [coefficients], intercepts: [intercept], into: out + range.lowerBound)
        }.storage
    }

    static func withIntercept(_ w: [Double], means: [Double], yMean: Double, iterations: Int? = nil, dependent: [Int]? = nil) -> LinearModel {
        var b = yMean
        for (c, m) in means.enumerated() { b -= m * w[c] }
        return LinearModel(coefficients: w, intercept: b, iterations: iterations, dependentFeatures: dependent)
    }

    public static func ordinaryLeastSquares(_ x: Matrix, _ y: [Double]) throws -> LinearModel { try ordinaryLeastSquares(source: x, y) }

    static func ordinaryLeastSquares<Source: FeatureSource>(source x: Source, _ y: [Double]) throws -> LinearModel {
        let means = x.columnMeans(), yMean = Summation.mean(y)
        if let w = try LinearSolve.leastSquares(x, means: means, y: y, yMean: yMean) {
            return withIntercept(w, means: means, yMean: yMean)
        }
        // Many coefficient vectors fit equally well; scikit-learn returns the one of least norm.
        let answer = try LinearSolve.minimumNormLeastSquares(x, means: means, y: y, yMean: yMean)
        // The QR solve's test for dependence is the stricter: the SVD may still find full rank.
        return withIntercept(answer.solution, means: means, yMean: yMean, dependent: answer.dependent.isEmpty ? nil : answer.dependent)
    }

    public static func ridge(_ x: Matrix, _ y: [Double], alpha: Double) throws -> LinearModel { try ridge(source: x, y, alpha: alpha) }

    static func ridge<Source: FeatureSource>(source x: Source, _ y: [Double], alpha: Double) throws -> LinearModel {
        var centred = try CentredGram(x, y: y)
        for i in 0..<centred.gram.rows { centred.gram[i, i] += alpha }
        guard let w = LinearSolve.cholesky(centred.gram, centred.xty) else {
            throw DataError("ridge could not solve: the features are linearly dependent and alpha is 0",
                            hint: "use alpha > 0 or drop redundant features")
        }
        return withIntercept(w, means: centred.means, yMean: centred.yMean)
    }

    /// scikit-learn's Lasso objective (1/2n)·||y - Xw||² + alpha·||w||₁ by cyclic coordinate descent,
    /// stopping on the same duality-gap test (gap < tol·||y||²/n).
    public static func lasso(_ x: Matrix, _ y: [Double], alpha: Double, maxIterations: Int, tolerance: Double) throws -> LinearModel {
        try lasso(source: x, y, alpha: alpha, maxIterations: maxIterations, tolerance: tolerance)
    }

    static func lasso<Source: FeatureSource>(source x: Source, _ y: [Double], alpha: Double, maxIterations: Int, tolerance: Double) throws -> LinearModel {
        x.columns <= gramLassoFeatures
            ? try lassoOnGram(source: x, y, alpha: alpha, maxIterations: maxIterations, tolerance: tolerance)
            : try lassoOnColumns(source: x, y, alpha: alpha, maxIterations: maxIterations, tolerance: tolerance)
    }

    /// The same descent on the centred columns themselves: each pass reads every feature twice, so it
    /// is for many features, where XᵀX would cost more than the passes.
    static func lassoOnColumns<Source: FeatureSource>(source x: Source, _ y: [Double], alpha: Double, maxIterations: Int, tolerance: Double) throws -> LinearModel {
        let means = x.columnMeans(), yMean = Summation.mean(y)
        let yc = y.map { $0 - yMean }
        let n = Double(x.rows), p = x.columns, m = x.rows
        var w = [Double](repeating: 0, count: p)
        var residual = yc
        // Column-major: each coordinate step reads one feature's values in sequence.
        let (columns, norms) = x.centredColumnsAndNorms(means)
        let yNorm2 = yc.withUnsafeBufferPointer { LinearSolve.dot($0.baseAddress!, $0.baseAddress!, m) }
        let tol = tolerance * yNorm2 / n
        var passes = 0
        // The features that can move; a step's residual update and the next step's x·r share one pass.
        let active = (0..<p).filter { norms[$0] > 0 }
        let threshold = alpha * n
        for pass in 0..<maxIterations {
            try Cancellation.check()
            passes = pass + 1
            var maxChange = 0.0, maxWeight = 0.0
            columns.withUnsafeBufferPointer { all in
                residual.withUnsafeMutableBufferPointer { res in
                    let r = res.baseAddress!
                    var xr = active.first.map { LinearSolve.dot(all.baseAddress! + $0 &* m, r, m) } ?? 0
                    for (t, c) in active.enumerated() {
                        let old = w[c], column = all.baseAddress! + c &* m
                        let next = t + 1 < active.count ? all.baseAddress! + active[t + 1] &* m : nil
                        // x·(r + old·x) = x·r + old·||x||², as scikit-learn's cd_fast.
                        let rho = xr + old * norms[c]
                        let new = rho > threshold ? (rho - threshold) / norms[c] : rho < -threshold ? (rho + threshold) / norms[c] : 0
                        if new != old {
                            xr = LinearSolve.subtractScaled(new - old, column, from: r, m, thenDot: next)
                            w[c] = new
                        } else if let next {
                            xr = LinearSolve.dot(next, r, m)
                        }
                        maxChange = max(maxChange, abs(new - old))
                        maxWeight = max(maxWeight, abs(new))
                    }
                }
            }
            if maxWeight == 0 || maxChange / maxWeight < tolerance || pass == maxIterations - 1 {
                if dualityGap(columns, rows: m, residual, yc, w, alpha: alpha) < tol { break }
            }
        }
        return withIntercept(w, means: means, yMean: yMean, iterations: passes)
    }

    /// The Lasso duality gap, as scikit-learn's cd_fast computes it (X column-major, centred).
    static func dualityGap(_ columns: [Double], rows m: Int, _ residual: [Double], _ y: [Double], _ w: [Double], alpha: Double) -> Double {
        let n = Double(m)
        let (xtr, rNorm2, rDotY): ([Double], Double, Double) = columns.withUnsafeBufferPointer { all in
            residual.withUnsafeBufferPointer { r in
                y.withUnsafeBufferPointer { yb in
                    (LinearSolve.columnDots(all.baseAddress!, count: w.count, rows: m, with: r.baseAddress!),
                     LinearSolve.dot(r.baseAddress!, r.baseAddress!, m), LinearSolve.dot(r.baseAddress!, yb.baseAddress!, m))
                }
            }
        }
        let dualNormXtR = xtr.reduce(0) { max($0, abs($1)) }
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
        gap += a * wNorm1 - constant * rDotY
        return gap / n
    }
}
