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
    public func probabilities(_ x: Matrix) -> [[Double]] {
        (0..<x.rows).map { r in
            let z = coefficients.indices.map { k -> Double in
                var s = intercepts[k]
                for c in 0..<x.columns { s += coefficients[k][c] * x[r, c] }
                return s
            }
            if isBinary {
                let p = Self.sigmoid(z[0])
                return [1 - p, p]
            }
            return Self.softmax(z)
        }
    }

    static func sigmoid(_ z: Double) -> Double { z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)) }

    static func softmax(_ z: [Double]) -> [Double] {
        let m = z.max()!
        let e = z.map { exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
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
