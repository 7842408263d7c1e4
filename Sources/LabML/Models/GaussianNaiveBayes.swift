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
        let n = x.rows, p = x.columns, k = classes.count
        let largest = FeatureColumns(x, rows: Array(0..<n)).map(populationVariance).max() ?? 0
        let epsilon = varSmoothing * largest
        var groups = [[Int]](repeating: [], count: k)
        for (r, c) in y.enumerated() { groups[c].append(r) }
        var means = [[Double]](), variances = [[Double]]()
        for rows in groups {
            let columns = FeatureColumns(x, rows: rows)
            means.append(columns.map { rows.isEmpty ? 0 : Summation.sum($0) / Double(rows.count) })
            variances.append(columns.map { (rows.isEmpty ? 0 : populationVariance($0)) + epsilon })
        }
        if let j = (0..<p).first(where: { j in variances.contains { $0[j] <= 0 } }) {
            throw DataError("feature \(j + 1) has zero variance within a class and var_smoothing leaves it at zero",
                            hint: epsilon == 0 ? "every feature is constant or var_smoothing=0: use var_smoothing=1e-9 or drop constant features"
                                               : "raise var_smoothing")
        }
        return GaussianNaiveBayes(classes: classes, priors: groups.map { Double($0.count) / Double(n) },
                                  means: means, variances: variances, epsilon: epsilon)
    }

    /// numpy's var (ddof 0): the mean of squared deviations from the mean.
    static func populationVariance(_ values: UnsafeBufferPointer<Double>) -> Double {
        let count = Double(values.count)
        let mean = Summation.sum(values) / count
        let squares = values.map { ($0 - mean) * ($0 - mean) }
        return Summation.sum(squares) / count
    }

    /// log P(class) + Σ log N(x_j; mean, variance) per class.
    public func jointLogLikelihood(_ x: Matrix) -> [[Double]] {
        let constants = classes.indices.map { c in
            log(priors[c]) - 0.5 * variances[c].reduce(0) { $0 + log(2 * Double.pi * $1) }
        }
        return (0..<x.rows).map { r in
            classes.indices.map { c in
                var s = 0.0
                for j in 0..<x.columns {
                    let d = x[r, j] - means[c][j]
                    s += d * d / variances[c][j]
                }
                return constants[c] - 0.5 * s
            }
        }
    }

    public func probabilities(_ x: Matrix) -> [[Double]] {
        jointLogLikelihood(x).map { jll in
            let m = jll.max()!
            let lse = m + log(jll.reduce(0) { $0 + exp($1 - m) })
            return jll.map { exp($0 - lse) }
        }
    }
}
