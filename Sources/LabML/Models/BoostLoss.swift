#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CKernels

/// The losses of histogram gradient boosting as scikit-learn's _loss module defines them:
/// half squared error, binary log-loss on one raw score, multinomial log-loss on one raw
/// score per class. Raw scores and gradients are laid out output by output (k·rows + i).
enum BoostLoss: Sendable, Equatable {
    case squaredError
    case binary
    case multinomial(classes: Int)

    var outputs: Int {
        if case .multinomial(let k) = self { return k }
        return 1
    }

    /// The best constant raw score: the mean, the log-odds, or centred log-priors.
    func baseline(_ y: [Double]) -> [Double] {
        let n = Double(y.count)
        switch self {
        case .squaredError: return [Summation.mean(y)]
        case .binary:
            let p = min(max(y.reduce(0, +) / n, Double.ulpOfOne), 1 - Double.ulpOfOne)
            return [log(p / (1 - p))]
        case .multinomial(let k):
            var counts = [Double](repeating: 0, count: k)
            for v in y { counts[Int(v)] += 1 }
            let logs = counts.map { log(min(max($0 / n, Double.ulpOfOne), 1 - Double.ulpOfOne)) }
            let mean = logs.reduce(0, +) / Double(k)
            return logs.map { $0 - mean }
        }
    }

    /// What a pass over the rows found besides the gradients: the mean loss of the raw scores as
    /// they stand and, for one output, the largest |gradient| and hessian (the fixed-point scales
    /// of the next tree; nil for multinomial, whose trees each take one class's slice).
    struct Pass {
        var meanLoss: Double
        var tops: SIMD2<Double>?
    }

    /// Gradients and hessians of every row (hessians stay untouched for squared error, where
    /// they are 1), computed in the same pass as the loss and the largest magnitudes.
    /// `halves`, when given, runs its argument's pieces 0 and 1 at once (the fit's helper thread,
    /// already awake, instead of Dispatch's, which would have to be woken each round).
    func gradients(raw: [Double], y: [Double], g: inout [Double], h: inout [Double],
                   halves: (((Int) -> Void) -> Void)? = nil) -> Pass {
        let n = y.count
        let chunks = Self.chunks(n, halves: halves)
        // Per chunk: loss, largest |g|, largest h.
        var partial = [SIMD4<Double>](repeating: .zero, count: chunks.count)
        raw.withUnsafeBufferPointer { r in
            y.withUnsafeBufferPointer { ys in
                g.withUnsafeMutableBufferPointer { gb in
                    h.withUnsafeMutableBufferPointer { hb in
                        partial.withUnsafeMutableBufferPointer { pb in
                            let gs = SharedBuffer(base: gb.baseAddress!), hs = SharedBuffer(base: hb.baseAddress!)
                            let sums = SharedBuffer(base: pb.baseAddress!)
                            Self.run(chunks.count, halves: halves) { c in sums[c] = chunk(chunks[c], n, r, ys, gs, hs) }
                        }
                    }
                }
            }
        }
        let loss = partial.reduce(0) { $0 + $1.x } / Double(n)
        if case .multinomial = self { return Pass(meanLoss: loss, tops: nil) }
        return Pass(meanLoss: loss, tops: partial.reduce(SIMD2<Double>.zero) { pointwiseMax($0, SIMD2($1.y, $1.z)) })
    }

    /// The rows' chunks: two halves for `halves`, else pieces for Dispatch's threads.
    private static func chunks(_ n: Int, halves: (((Int) -> Void) -> Void)?) -> [Range<Int>] {
        halves != nil ? Parallel.ranges(n, pieces: 2, minimum: 1) : Parallel.ranges(n, pieces: Parallel.pieces, minimum: 8192)
    }

    /// body(c) for each chunk: on `halves` when there are two, else on Dispatch's threads.
    private static func run(_ count: Int, halves: (((Int) -> Void) -> Void)?, _ body: (Int) -> Void) {
        if let halves, count == 2 { halves(body) } else { Parallel.forEach(count, body) }
    }

    /// (loss summed over the range, largest |g|, largest h, 0).
    private func chunk(_ range: Range<Int>, _ n: Int, _ raw: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
                       _ g: SharedBuffer<Double>, _ h: SharedBuffer<Double>) -> SIMD4<Double> {
        var loss = 0.0
        switch self {
        case .squaredError:
            var top = 0.0
            for i in range {
                let d = raw[i] - y[i]
                g[i] = d
                loss += 0.5 * d * d
                top = max(top, abs(d))
            }
            return SIMD4(loss, top, 1, 0)
        case .binary:
            // Four or eight rows a step in C, with its own exp (the library's, one row at a time, was most of this pass).
            var out = SIMD4<Double>.zero
            withUnsafeMutableBytes(of: &out) { o in
                let result = o.baseAddress!.assumingMemoryBound(to: Double.self)
                opslab_binary_log_loss(raw.baseAddress! + range.lowerBound, y.baseAddress! + range.lowerBound, range.count,
                                       g.base + range.lowerBound, h.base + range.lowerBound, result, VectorUnits.level)
            }
            return out
        case .multinomial(let k):
            var e = [Double](repeating: 0, count: k)
            for i in range {
                var m = -Double.infinity
                for c in 0..<k { m = max(m, raw[c * n + i]) }
                var s = 0.0
                for c in 0..<k { e[c] = exp(raw[c * n + i] - m); s += e[c] }
                let label = Int(y[i])
                for c in 0..<k {
                    let p = e[c] / s
                    g[c * n + i] = p - (c == label ? 1 : 0)
                    h[c * n + i] = p * (1 - p)
                }
                loss += log(s) + m - raw[label * n + i]
            }
            return SIMD4(loss, 0, 0, 0)
        }
    }

    /// The mean loss alone (validation rows, the training rows after the last round). The binary
    /// log-loss goes through its kernel in blocks whose gradients land in scratch space, not in
    /// two new arrays the size of the rows (whose pages took most of the 6 ms on 800,000 rows).
    /// `halves` as for `gradients`.
    func loss(raw: [Double], y: [Double], halves: (((Int) -> Void) -> Void)? = nil) -> Double {
        guard self == .binary else {
            var g = [Double](repeating: 0, count: raw.count), h = g
            return gradients(raw: raw, y: y, g: &g, h: &h, halves: halves).meanLoss
        }
        let n = y.count
        let chunks = Self.chunks(n, halves: halves)
        var partial = [Double](repeating: 0, count: chunks.count)
        raw.withUnsafeBufferPointer { r in
            y.withUnsafeBufferPointer { ys in
                partial.withUnsafeMutableBufferPointer { pb in
                    let sums = SharedBuffer(base: pb.baseAddress!)
                    Self.run(chunks.count, halves: halves) { c in sums[c] = Self.binaryLossSum(chunks[c], r.baseAddress!, ys.baseAddress!) }
                }
            }
        }
        return partial.reduce(0, +) / Double(n)
    }

    /// The binary log-loss summed over `range`, 4,096 rows at a time.
    private static func binaryLossSum(_ range: Range<Int>, _ raw: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
        let block = 4096
        var g = [Double](repeating: 0, count: block), h = g, out = SIMD4<Double>.zero, total = 0.0
        g.withUnsafeMutableBufferPointer { gb in
            h.withUnsafeMutableBufferPointer { hb in
                withUnsafeMutableBytes(of: &out) { o in
                    let result = o.baseAddress!.assumingMemoryBound(to: Double.self)
                    for start in stride(from: range.lowerBound, to: range.upperBound, by: block) {
                        let count = min(block, range.upperBound - start)
                        opslab_binary_log_loss(raw + start, y + start, count, gb.baseAddress!, hb.baseAddress!, result, VectorUnits.level)
                        total += result[0]
                    }
                }
            }
        }
        return total
    }
}
