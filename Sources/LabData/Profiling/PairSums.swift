import Dispatch

/// Pearson correlations of many column pairs in one sweep over the rows. The rows are cut
/// into fixed chunks (worked on in parallel, summed in chunk order, so the result does not
/// depend on the number of cores) and each chunk into cache-sized blocks that every pair
/// reads while they are hot.
enum PairSums {
    struct Result: Sendable, Equatable {
        var r: Double
        var n: Int
    }

    static let chunkRows = 1 << 16
    static let blockRows = 2048

    /// Which sums a pair needs; a side with every row valid has its sums precomputed.
    enum Kind {
        case dot, leftMasked, rightMasked, bothMasked
    }

    static func kind(_ a: CorrelationInput, _ b: CorrelationInput) -> Kind {
        switch (a.valid, b.valid) {
        case (nil, nil): return .dot
        case (let x?, let y?) where x == y: return .dot
        case (_?, nil): return .leftMasked
        case (nil, _?): return .rightMasked
        default: return .bothMasked
        }
    }

    /// `ranked`: the inputs are centred ranks, which never need the exact second pass.
    static func pearson(_ inputs: [CorrelationInput], pairs: [(Int, Int)], ranked: Bool = false) throws -> [Result] {
        let rows = inputs.first?.centered.count ?? 0
        let kinds = pairs.map { kind(inputs[$0.0], inputs[$0.1]) }
        let chunks = max(1, (rows + chunkRows - 1) / chunkRows)
        let partial = Slots<[Double]>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            partial.results[c] = Swift.Result {
                var sums = [Double](repeating: 0, count: pairs.count * 6)
                var start = c * chunkRows
                let end = min(rows, start + chunkRows)
                while start < end {
                    let stop = min(end, start + blockRows)
                    for (p, (i, j)) in pairs.enumerated() {
                        accumulate(inputs[i], inputs[j], kinds[p], start..<stop, into: &sums, at: p * 6)
                    }
                    try Cancellation.check()
                    start = stop
                }
                return sums
            }
        }
        var total = [Double](repeating: 0, count: pairs.count * 6)
        for part in try partial.values() {
            for s in total.indices { total[s] += part[s] }
        }
        return try pairs.enumerated().map { p, pair in
            let (a, b) = (inputs[pair.0], inputs[pair.1])
            var s = Array(total[(p * 6)..<(p * 6 + 6)])
            // Sums the sweep did not need come from the columns' own totals.
            switch kinds[p] {
            case .dot: (s[0], s[1], s[2], s[3], s[4]) = (Double(a.count), a.sum, b.sum, a.sumSquares, b.sumSquares)
            case .leftMasked: (s[0], s[1], s[3]) = (Double(a.count), a.sum, a.sumSquares)
            case .rightMasked: (s[0], s[2], s[4]) = (Double(b.count), b.sum, b.sumSquares)
            case .bothMasked: break
            }
            return try correlation(s, a, b, exactFallback: !ranked)
        }
    }

    /// r from n, Σx, Σy, Σx², Σy², Σxy of values centred near their mean.
    static func correlation(_ s: [Double], _ a: CorrelationInput, _ b: CorrelationInput, exactFallback: Bool) throws -> Result {
        let n = Int(s[0].rounded())
        guard n > 0, !a.constant, !b.constant else { return Result(r: .nan, n: n) }
        let count = Double(n)
        let vx = s[3] - s[1] * s[1] / count
        let vy = s[4] - s[2] * s[2] / count
        // Centring on the whole column's mean leaves little to cancel unless a pair's rows are
        // (nearly) constant; then only an exact second pass can tell 0 from rounding noise.
        if exactFallback, !(vx > s[3] * 1e-9) || !(vy > s[4] * 1e-9) { return try twoPass(a, b) }
        let cov = s[5] - s[1] * s[2] / count
        return Result(r: cov / (vx * vy).squareRoot(), n: n)
    }

    /// Mean first, then deviations, over the rows both columns hold: exact zeros for constant runs.
    static func twoPass(_ a: CorrelationInput, _ b: CorrelationInput) throws -> Result {
        var n = 0, sx = 0.0, sy = 0.0
        var first: (Double, Double)?
        var varies = (false, false)
        for r in 0..<a.centered.count where a.isValid(r) && b.isValid(r) {
            let (x, y) = (a.raw[r], b.raw[r])
            if let f = first {
                varies = (varies.0 || x != f.0, varies.1 || y != f.1)
            } else {
                first = (x, y)
            }
            n += 1
            sx += x
            sy += y
        }
        try Cancellation.check()
        guard n > 0, varies.0, varies.1 else { return Result(r: .nan, n: n) }
        let (mx, my) = (sx / Double(n), sy / Double(n))
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for r in 0..<a.centered.count where a.isValid(r) && b.isValid(r) {
            let dx = a.raw[r] - mx, dy = b.raw[r] - my
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        let divisor = (sxx * syy).squareRoot()
        return Result(r: divisor != 0 ? sxy / divisor : .nan, n: n)
    }

    private static func accumulate(_ a: CorrelationInput, _ b: CorrelationInput, _ kind: Kind, _ rows: Range<Int>,
                                   into sums: inout [Double], at o: Int) {
        a.centered.withUnsafeBufferPointer { xa in
            b.centered.withUnsafeBufferPointer { xb in
                let x = xa.baseAddress! + rows.lowerBound, y = xb.baseAddress! + rows.lowerBound
                let n = rows.count
                switch kind {
                case .dot:
                    sums[o + 5] += Kernels.dot(x, y, n)
                case .leftMasked:
                    a.weights!.withUnsafeBufferPointer { w in
                        let (sy, syy, sxy) = Kernels.oneSided(x, w.baseAddress! + rows.lowerBound, y, n)
                        sums[o + 2] += sy
                        sums[o + 4] += syy
                        sums[o + 5] += sxy
                    }
                case .rightMasked:
                    b.weights!.withUnsafeBufferPointer { w in
                        let (sx, sxx, sxy) = Kernels.oneSided(y, w.baseAddress! + rows.lowerBound, x, n)
                        sums[o + 1] += sx
                        sums[o + 3] += sxx
                        sums[o + 5] += sxy
                    }
                case .bothMasked:
                    a.weights!.withUnsafeBufferPointer { wa in
                        b.weights!.withUnsafeBufferPointer { wb in
                            let s = Kernels.full(x, wa.baseAddress! + rows.lowerBound, y, wb.baseAddress! + rows.lowerBound, n)
                            sums[o] += s.0
                            sums[o + 1] += s.1
                            sums[o + 2] += s.2
                            sums[o + 3] += s.3
                            sums[o + 4] += s.4
                            sums[o + 5] += s.5
                        }
                    }
                }
            }
        }
    }
}

/// The inner loops, over raw pointers, four rows at a time in SIMD registers with the
/// remainder done one by one, so the CPU works on independent sums side by side.
enum Kernels {
    typealias V = SIMD4<Double>

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>, _ i: Int) -> V {
        UnsafeRawPointer(p + i).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ n: Int) -> Double {
        var a = V(repeating: 0), b = V(repeating: 0)
        var i = 0
        while i + 8 <= n {
            a += load(x, i) * load(y, i)
            b += load(x, i + 4) * load(y, i + 4)
            i += 8
        }
        var s = (a + b).sum()
        while i < n { s += x[i] * y[i]; i += 1 }
        return s
    }

    /// x is zero where its weight w is; y is valid everywhere: (Σ y·w, Σ y²·w, Σ x·y).
    @inline(__always)
    static func oneSided(_ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ n: Int)
        -> (Double, Double, Double) {
        var sy = V(repeating: 0), syy = V(repeating: 0), sxy = V(repeating: 0)
        var i = 0
        while i + 4 <= n {
            let yv = load(y, i), yw = yv * load(w, i)
            sy += yw
            syy += yw * yv
            sxy += load(x, i) * yv
            i += 4
        }
        var (a, b, c) = (sy.sum(), syy.sum(), sxy.sum())
        while i < n {
            let yw = y[i] * w[i]
            a += yw
            b += yw * y[i]
            c += x[i] * y[i]
            i += 1
        }
        return (a, b, c)
    }

    /// Both sides zero where invalid: (n, Σx, Σy, Σx², Σy², Σxy) over rows valid in both.
    @inline(__always)
    static func full(_ x: UnsafePointer<Double>, _ wx: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
                     _ wy: UnsafePointer<Double>, _ n: Int)
        -> (Double, Double, Double, Double, Double, Double) {
        var count = V(repeating: 0), sx = count, sy = count, sxx = count, syy = count, sxy = count
        var i = 0
        while i + 4 <= n {
            let xv = load(x, i), yv = load(y, i), wxv = load(wx, i), wyv = load(wy, i)
            let xw = xv * wyv, yw = yv * wxv
            count += wxv * wyv
            sx += xw
            sy += yw
            sxx += xw * xv
            syy += yw * yv
            sxy += xv * yv
            i += 4
        }
        var t = (count.sum(), sx.sum(), sy.sum(), sxx.sum(), syy.sum(), sxy.sum())
        while i < n {
            let xw = x[i] * wy[i], yw = y[i] * wx[i]
            t.0 += wx[i] * wy[i]
            t.1 += xw
            t.2 += yw
            t.3 += xw * x[i]
            t.4 += yw * y[i]
            t.5 += x[i] * y[i]
            i += 1
        }
        return t
    }
}
