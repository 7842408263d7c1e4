#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The data term of two-class logistic regression and its gradient, the work of every
/// L-BFGS line-search step.
///
/// One pass over the rows, on both cores: each piece of rows (`Parallel.ranges`, which depend
/// on the row count alone) sums its loss and gradient into slots of its own, and the pieces'
/// sums are then added in piece order, so the result is the same on every run and any number
/// of cores. One exp per row: e = exp(-|z|) is the exp that both the overflow-safe sigmoid
/// (`LogisticModel.sigmoid`) and the overflow-safe softplus (t > 0 ? t + log(1 + e^-t) :
/// log(1 + e^t)) would take; the logarithms are taken 256 terms at a time (`LogOnePlusSum`).
final class BinaryLogisticLoss {
    private let n: Int

    init(rows: Int) {
        n = rows
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
        let pieces = Parallel.ranges(n, pieces: Parallel.pieces, minimum: 4096)
        // Per piece: the p + 1 gradient sums, then the loss.
        let stride = p + 2
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: pieces.count * stride)
        sums.initialize(repeating: 0, count: pieces.count * stride)
        defer { sums.deallocate() }
        Parallel.forEach(pieces.count) { piece in
            let out = sums + piece &* stride
            var loss = 0.0, softplus = LogOnePlusSum()
            // Row r's loss term goes into the sums; its gradient weight is returned.
            func weight(_ r: Int) -> Double {
                let z = wb[p] + LinearSolve.dot(wb, x + r &* p, p)
                let positive = yb[r] == 1
                let e = exp(-abs(z))
                let t = positive ? -z : z
                loss += t > 0 ? t : 0
                softplus.add(e)
                let probability = z >= 0 ? 1 / (1 + e) : e / (1 + e)
                return (probability - (positive ? 1 : 0)) * invN
            }
            // The gradient takes four rows at a time: one load and store of each sum per four rows
            // instead of per row.
            var r = pieces[piece].lowerBound
            let end = pieces[piece].upperBound
            while r &+ 4 <= end {
                let d0 = weight(r), d1 = weight(r &+ 1), d2 = weight(r &+ 2), d3 = weight(r &+ 3)
                let row0 = x + r &* p, row1 = row0 + p, row2 = row1 + p, row3 = row2 + p
                for f in 0..<p { out[f] += (d0 * row0[f] + d1 * row1[f]) + (d2 * row2[f] + d3 * row3[f]) }
                out[p] += (d0 + d1) + (d2 + d3)
                r &+= 4
            }
            while r < end {
                let d = weight(r), row = x + r &* p
                for f in 0..<p { out[f] += d * row[f] }
                out[p] += d
                r &+= 1
            }
            out[p + 1] = loss + softplus.total
        }
        var loss = 0.0
        for piece in 0..<pieces.count {
            let out = sums + piece &* stride
            for f in 0...p { gb[f] += out[f] }
            loss += out[p + 1]
        }
        return loss
    }
}
