#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// Gaussian naive Bayes (scikit-learn's GaussianNB): per class a mean and a variance per
/// feature, every variance raised by epsilon = var_smoothing × the largest feature variance
/// (so a constant feature cannot divide by zero), priors from the class frequencies, and
/// probabilities normalised by log-sum-exp so tiny likelihoods do not underflow.
public struct GaussianNaiveBayes: Sendable, Equatable, Codable {
    public let classes: [String]
    public let priors: [Double]
    /// means[k][j], variances[k][j]: class k, feature j (variances include epsilon).
    public let means: [[Double]]
    public let variances: [[Double]]
    public let epsilon: Double

    public static func fit(_ x: Matrix, classes: [String], y: [Int], varSmoothing: Double) throws -> GaussianNaiveBayes {
        try fit(source: x, classes: classes, y: y, varSmoothing: varSmoothing)
    }

    static func fit<Source: FeatureSource>(source x: Source, classes: [String], y: [Int], varSmoothing: Double) throws -> GaussianNaiveBayes {
        let n = x.rows, p = x.columns, k = classes.count
        // One column-major copy with each feature's rows grouped by class (in row order within a
        // class): every statistic below reads a contiguous run, and nothing else is copied.
        var counts = [Int](repeating: 0, count: k)
        for c in y { counts[c] += 1 }
        var offsets = [Int](repeating: 0, count: k)
        for c in 1..<max(k, 1) { offsets[c] = offsets[c - 1] + counts[c - 1] }
        var order = [Int](repeating: 0, count: n), next = offsets
        for r in 0..<n {
            order[next[y[r]]] = r
            next[y[r]] += 1
        }
        let grouped = x.columns(inOrder: order)
        // Per feature (on both cores for many rows): its variance over all rows, then each class's mean and variance.
        var statistics = [Double](repeating: 0, count: p * (2 * k + 1))
        statistics.withUnsafeMutableBufferPointer { sb in
            let out = SharedBuffer(base: sb.baseAddress!)
            grouped.withUnsafeBufferPointer { all in
                let body = { (f: Int) in
                    let slot = f * (2 * k + 1)
                    // numpy's var over all rows sums in row order; grouped by class the order differs,
                    // which moves epsilon (a 1e-9 fraction of it) by an ulp at most.
                    out[slot] = Summation.populationVariance(UnsafeBufferPointer(rebasing: all[(f * n)..<((f + 1) * n)]))
                    for c in 0..<k where counts[c] > 0 {
                        let values = UnsafeBufferPointer(rebasing: all[(f * n + offsets[c])..<(f * n + offsets[c] + counts[c])])
                        let mean = Summation.sum(values) / Double(counts[c])
                        out[slot + 1 + 2 * c] = mean
                        out[slot + 2 + 2 * c] = Summation.sumOfSquares(values, around: mean) / Double(counts[c])
                    }
                }
                Parallel.forEach(p, eachReading: n, body)
            }
        }
        var means = [[Double]](repeating: [Double](repeating: 0, count: p), count: k)
        var variances = means
        var largest = 0.0
        for f in 0..<p {
            let slot = f * (2 * k + 1)
            largest = max(largest, statistics[slot])
            for c in 0..<k where counts[c] > 0 {
                means[c][f] = statistics[slot + 1 + 2 * c]
                variances[c][f] = statistics[slot + 2 + 2 * c]
            }
        }
        let epsilon = varSmoothing * largest
        for c in 0..<k { for f in 0..<p { variances[c][f] += epsilon } }
        if let j = (0..<p).first(where: { j in variances.contains { $0[j] <= 0 } }) {
            throw DataError("feature \(j + 1) has zero variance within a class and var_smoothing leaves it at zero",
                            hint: epsilon == 0 ? "every feature is constant or var_smoothing=0: use var_smoothing=1e-9 or drop constant features"
                                               : "raise var_smoothing")
        }
        return GaussianNaiveBayes(classes: classes, priors: counts.map { Double($0) / Double(n) },
                                  means: means, variances: variances, epsilon: epsilon)
    }

    /// log P(class) + Σ log N(x_j; mean, variance) per class.
    public func jointLogLikelihood(_ x: Matrix) -> [[Double]] {
        eachRow(x) { _ in }.rowArrays
    }

    public func probabilities(_ x: Matrix) -> [[Double]] { probabilityMatrix(x).rowArrays }

    /// Class probabilities as one matrix: row r, column k is row r's probability of `classes[k]`.
    public func probabilityMatrix(_ x: Matrix) -> Matrix {
        let k = classes.count
        return eachRow(x) { Self.normalise($0, k) }
    }

    /// The same from the feature columns (one array per feature, in order, all of one length):
    /// each class's sum over features is added feature by feature for a block of rows, in the
    /// order the row-by-row loop adds it.
    public func probabilityMatrix(columns: [[Double]]) -> Matrix {
        let k = classes.count, rows = columns.first?.count ?? 0
        let constants = logConstants()
        let block = ColumnScores.blockRows
        return Matrix.filledByRows(rows, columns: k, minimum: block, block: block) { range, out in
            let start = range.lowerBound, count = range.count
            withUnsafeTemporaryAllocation(of: Double.self, capacity: k * count) { scratch in
                let sums = scratch.baseAddress!
                sums.update(repeating: 0, count: k * count)
                for c in 0..<k {
                    let s = sums + c &* count
                    for (j, column) in columns.enumerated() {
                        let mu = means[c][j], v = variances[c][j]
                        column.withUnsafeBufferPointer { values in
                            let from = values.baseAddress! + start
                            for i in 0..<count {
                                let d = from[i] - mu
                                s[i] += d * d / v
                            }
                        }
                    }
                }
                for i in 0..<count {
                    let jll = out + (start + i) &* k
                    for c in 0..<k { jll[c] = constants[c] - 0.5 * sums[c &* count &+ i] }
                    Self.normalise(jll, k)
                }
            }
        }
    }

    /// Joint log-likelihoods turned in place into probabilities: exp(jll − logsumexp(jll)).
    private static func normalise(_ jll: UnsafeMutablePointer<Double>, _ k: Int) {
        var m = jll[0]
        for c in 1..<k { m = Swift.max(m, jll[c]) }
        var total = 0.0
        for c in 0..<k { total += exp(jll[c] - m) }
        let lse = m + log(total)
        for c in 0..<k { jll[c] = exp(jll[c] - lse) }
    }

    /// log P(class) − ½ Σ_j log(2π·variance): the part of each class's joint log-likelihood that
    /// does not depend on the row.
    private func logConstants() -> [Double] {
        classes.indices.map { c in
            log(priors[c]) - 0.5 * variances[c].reduce(0) { $0 + log(2 * Double.pi * $1) }
        }
    }

    /// A matrix of each row's joint log-likelihoods (one column per class), each row passed to
    /// `finish` to be turned in place into what the caller wants.
    private func eachRow(_ x: Matrix, _ finish: (UnsafeMutablePointer<Double>) -> Void) -> Matrix {
        let k = classes.count, p = x.columns
        let constants = logConstants()
        let flatMeans = means.flatMap { $0 }, flatVariances = variances.flatMap { $0 }
        return x.storage.withUnsafeBufferPointer { xs in
            flatMeans.withUnsafeBufferPointer { mu in
                flatVariances.withUnsafeBufferPointer { v in
                    Matrix.filledByRows(x.rows, columns: k) { range, out in
                        for r in range {
                            let row = r &* p, jll = out + r &* k
                            for c in 0..<k {
                                var s = 0.0
                                let at = c &* p
                                for j in 0..<p {
                                    let d = xs[row &+ j] - mu[at &+ j]
                                    s += d * d / v[at &+ j]
                                }
                                jll[c] = constants[c] - 0.5 * s
                            }
                            finish(jll)
                        }
                    }
                }
            }
        }
    }
}
