#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The data term of two-class logistic regression and its gradient, the work of every
/// L-BFGS line-search step.
///
/// The costly part, a dot product, an exp and a log1p per row, is independent per row and
/// runs on both cores into per-row slots; the sums then run on one core in row order, so
/// every value is bit for bit what a single serial loop gives. One exp per row: e = exp(-|z|)
/// is the exp that both the overflow-safe sigmoid (`LogisticModel.sigmoid`) and the
/// overflow-safe softplus (t > 0 ? t + log1p(e^-t) : log1p(e^t)) would take.
final class BinaryLogisticLoss {
    private let n: Int
    /// Each row's loss term and its gradient weight (σ(z) − y) / n.
    private let terms: UnsafeMutablePointer<Double>
    private let weights: UnsafeMutablePointer<Double>

    init(rows: Int) {
        n = rows
        terms = .allocate(capacity: max(rows, 1))
        weights = .allocate(capacity: max(rows, 1))
    }

    deinit {
        terms.deallocate()
        weights.deallocate()
    }

    /// Σ log(1 + exp(-s·z)) over the rows (s = ±1 for class 1 / 0, z = w·x + b with the
    /// intercept last in `w`); the mean gradient (times `invN`) is added into `g[0...p]`.
    func accumulate(_ x: Matrix, _ y: [Int], w: [Double], g: inout [Double], invN: Double) -> Double {
        x.storage.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                w.withUnsafeBufferPointer { ws in
                    g.withUnsafeMutableBufferPointer { gs in
                        // Empty buffers (no features or no rows) have no address; such fits never get here, but stay safe.
                        guard let xb = xs.baseAddress, let yb = ys.baseAddress else { return 0 }
                        return accumulate(xb, yb, p: x.columns, w: ws.baseAddress!, g: gs.baseAddress!, invN: invN)
                    }
                }
            }
        }
    }

    private func accumulate(_ x: UnsafePointer<Double>, _ yb: UnsafePointer<Int>, p: Int, w wb: UnsafePointer<Double>,
                            g gb: UnsafeMutablePointer<Double>, invN: Double) -> Double {
        let n = self.n
        let terms = self.terms, weights = self.weights
        let pieces = Parallel.ranges(n, pieces: Parallel.pieces, minimum: 4096)
        Parallel.forEach(pieces.count) { piece in
            for r in pieces[piece] {
                let row = x + r &* p
                var z = wb[p]
                for f in 0..<p { z += wb[f] * row[f] }
                let positive = yb[r] == 1
                let e = exp(-abs(z))
                let t = positive ? -z : z
                terms[r] = t > 0 ? t + log1p(e) : log1p(e)
                let probability = z >= 0 ? 1 / (1 + e) : e / (1 + e)
                weights[r] = (probability - (positive ? 1 : 0)) * invN
            }
        }
        // The sums, on one core in row order (a pass of multiply-adds: cheap next to the exps).
        var loss = 0.0
        var row = x
        for r in 0..<n {
            loss += terms[r]
            let d = weights[r]
            for f in 0..<p { gb[f] += d * row[f] }
            gb[p] += d
            row += p
        }
        return loss
    }
}
