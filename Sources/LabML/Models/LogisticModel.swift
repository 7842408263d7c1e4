#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// Logistic regression as scikit-learn's LogisticRegression(solver="lbfgs") defines it:
/// minimise mean log-loss + ||W||² / (2·C·n), the intercepts unpenalised; one weight
/// vector for two classes (the second class is the positive one), a softmax over
/// all classes (multinomial) for three or more.
public struct LogisticModel: Sendable, Equatable, Codable {
    public let classes: [String]
    /// One row per class (a single row for two classes), one weight per feature.
    public let coefficients: [[Double]]
    public let intercepts: [Double]
    public let iterations: Int
    public let converged: Bool
    public let lossHistory: [Double]

    public var isBinary: Bool { classes.count == 2 }

    /// Class probabilities, one row per sample, columns in `classes` order.
    public func probabilities(_ x: Matrix) -> [[Double]] { probabilityMatrix(x).rowArrays }

    /// The same as one matrix: row r, column k is row r's probability of `classes[k]`.
    public func probabilityMatrix(_ x: Matrix) -> Matrix { Self.probabilityMatrix(scores: decisionScores(x)) }

    /// Each row's score per weight vector (scikit-learn's decision_function: one column for two
    /// classes, one per class otherwise).
    public func decisionScores(_ x: Matrix) -> Matrix {
        let k = coefficients.count, p = x.columns
        let weights = coefficients.flatMap { $0 }, intercepts = intercepts
        return x.storage.withUnsafeBufferPointer { xs in
            weights.withUnsafeBufferPointer { w in
                Matrix.filledByRows(x.rows, columns: k) { range, out in
                    for r in range {
                        let row = xs.baseAddress! + r &* p
                        for c in 0..<k {
                            var s = intercepts[c]
                            let wc = w.baseAddress! + c &* p
                            for j in 0..<p { s += wc[j] * row[j] }
                            out[r &* k &+ c] = s
                        }
                    }
                }
            }
        }
    }

    /// The same from the feature columns (one array per feature, in order, all of one length).
    public func decisionScores(columns: [[Double]]) -> Matrix {
        let rows = columns.first?.count ?? 0, k = coefficients.count
        let block = ColumnScores.blockRows
        return Matrix.filledByRows(rows, columns: k, minimum: block, block: block) { range, out in
            let count = range.count
            withUnsafeTemporaryAllocation(of: Double.self, capacity: k * count) { z in
                ColumnScores.linear(columns, rows: range, weights: coefficients, intercepts: intercepts, into: z.baseAddress!)
                for i in 0..<count { for c in 0..<k { out[(range.lowerBound + i) &* k &+ c] = z[c &* count &+ i] } }
            }
        }
    }

    /// Class probabilities from raw scores (`decisionScores`, or boosting's): the sigmoid of a
    /// single score (two classes: the second's probability), the softmax of a row of several.
    static func probabilityMatrix(scores: Matrix) -> Matrix {
        let k = scores.columns, binary = k == 1, width = binary ? 2 : k
        return scores.storage.withUnsafeBufferPointer { z in
            Matrix.filledByRows(scores.rows, columns: width) { range, out in
                for r in range {
                    let to = out + r &* width
                    if binary {
                        let positive = sigmoid(z[r])
                        to[0] = 1 - positive
                        to[1] = positive
                    } else {
                        softmax(UnsafeBufferPointer(rebasing: z[(r &* k)..<(r &* k &+ k)]), into: to)
                    }
                }
            }
        }
    }

    static func sigmoid(_ z: Double) -> Double { z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)) }

    /// exp(z − max) / Σ exp(z − max) into `out` (z.count values).
    static func softmax(_ z: UnsafeBufferPointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let m = z.max()!
        var s = 0.0
        for c in z.indices {
            out[c] = exp(z[c] - m)
            s += out[c]
        }
        for c in z.indices { out[c] /= s }
    }

    /// Stops, as scikit-learn's lbfgs does, once the largest gradient component is at most
    /// `tolerance` or an iteration lowers the objective by less than 64 ulps of it.
    public static func fit(_ x: Matrix, classes: [String], y: [Int], c: Double, penalized: Bool, maxIterations: Int,
                           tolerance: Double = 1e-4) throws -> LogisticModel {
        let n = x.rows, p = x.columns
        let k = classes.count == 2 ? 1 : classes.count
        let width = p + 1
        let l2 = penalized ? 1 / (c * Double(n)) : 0
        let invN = 1 / Double(n)
        let binary = k == 1 ? BinaryLogisticLoss(rows: n) : nil
        let objective: ([Double], inout [Double]) -> Double = { w, g in
            for i in g.indices { g[i] = 0 }
            var loss = 0.0
            if k == 1 {
                loss = binary!.accumulate(x, y, w: w, g: &g, invN: invN)
            } else {
                var z = [Double](repeating: 0, count: k)
                x.storage.withUnsafeBufferPointer { xs in
                    for r in 0..<n {
                        let row = r * p
                        for j in 0..<k {
                            var s = w[j * width + p]
                            for f in 0..<p { s += w[j * width + f] * xs[row + f] }
                            z[j] = s
                        }
                        let m = z.max()!
                        var total = 0.0
                        for j in 0..<k { total += exp(z[j] - m) }
                        let lse = m + log(total)
                        loss += lse - z[y[r]]
                        for j in 0..<k {
                            let d = (exp(z[j] - lse) - (j == y[r] ? 1 : 0)) * invN
                            for f in 0..<p { g[j * width + f] += d * xs[row + f] }
                            g[j * width + p] += d
                        }
                    }
                }
            }
            var penalty = 0.0
            for j in 0..<k {
                for f in 0..<p {
                    let wf = w[j * width + f]
                    penalty += wf * wf
                    g[j * width + f] += l2 * wf
                }
            }
            return loss * invN + 0.5 * l2 * penalty
        }
        let optimizer = LBFGS(maxIterations: maxIterations, gradientTolerance: tolerance)
        let result = try optimizer.minimize([Double](repeating: 0, count: k * width), objective)
        guard result.x.allSatisfy(\.isFinite) else {
            throw DataError("logistic regression diverged", hint: "scale the features (scale ...) or use a smaller C")
        }
        let coefficients = (0..<k).map { j in Array(result.x[(j * width)..<(j * width + p)]) }
        let intercepts = (0..<k).map { result.x[$0 * width + p] }
        return LogisticModel(classes: classes, coefficients: coefficients, intercepts: intercepts,
                             iterations: result.iterations,
                             converged: result.converged, lossHistory: result.history)
    }
}
