import LabData

/// XᵀX and Xᵀy of the centred data, with the means, from one pass over the rows.
///
/// The rows are read once: a block of rows at a time, minus a provisional centre (the mean
/// of the first block), goes into a small buffer whose products and sums are added in.
/// Centring on the true means afterwards is exact algebra:
///     Σ (x − μ)(z − ν) = Σ (x − s)(z − t) − n (μ − s)(ν − t),
/// and, the provisional centre being near the true one, the correction is of the size of the
/// sums themselves, so no digits are lost to cancellation (as they would be centring at 0).
/// The two halves of the rows are summed on the two cores and added in that order, so the
/// result does not depend on the number of cores.
struct CentredGram {
    /// (X − μ)ᵀ(X − μ), n x n.
    var gram: Matrix
    /// (X − μ)ᵀ(y − ν), when y was given.
    var xty: [Double]
    var means: [Double]
    var yMean: Double

    static let blockRows = 256

    /// Throws `NonFiniteGram` when a feature or y holds a value that is not finite (or whose square overflows).
    init<Source: FeatureSource>(_ x: Source, y: [Double]? = nil) throws {
        let p = x.columns, m = x.rows
        guard m > 0 else { throw DataError("no rows to learn from", hint: "check the split and filters: the training part is empty") }
        // The provisional centre: the mean of the first block.
        let first = min(Self.blockRows, m)
        var shift = [Double](repeating: 0, count: p)
        var yShift = 0.0
        withUnsafeTemporaryAllocation(of: Double.self, capacity: first * p) { b in
            x.centredBlock(0..<first, means: shift, into: b.baseAddress!)
            for j in 0..<p {
                var s = 0.0
                for r in 0..<first { s += b[j * first + r] }
                shift[j] = s / Double(first)
            }
        }
        if let y {
            for r in 0..<first { yShift += y[r] }
            yShift /= Double(first)
        }
        let halves = Parallel.ranges(m, pieces: 2, minimum: 4096)
        var partial = [[Double]](repeating: [], count: halves.count)
        partial.withUnsafeMutableBufferPointer { parts in
            let shared = SharedBuffer(base: parts.baseAddress!)
            Parallel.forEach(halves.count) { h in
                shared[h] = Self.piece(x, rows: halves[h], shift: shift, y: y, yShift: yShift)
            }
        }
        // Layout of a piece: the upper triangle of n x n, Xᵀy (n), Σx (n), Σy.
        var total = partial[0]
        for h in partial.indices.dropFirst() { for i in total.indices { total[i] += partial[h][i] } }
        let count = Double(m)
        let offsets = (0..<p).map { total[p * p + p + $0] / count }, yOffset = total[p * p + 2 * p] / count
        var gram = Matrix(rows: p, columns: p)
        var xty = [Double](repeating: 0, count: p)
        for i in 0..<p {
            for j in i..<p {
                let v = total[i * p + j] - count * offsets[i] * offsets[j]
                gram[i, j] = v
                gram[j, i] = v
            }
            xty[i] = total[p * p + i] - count * offsets[i] * yOffset
        }
        guard gram.storage.allSatisfy(\.isFinite), xty.allSatisfy(\.isFinite), offsets.allSatisfy(\.isFinite), yOffset.isFinite else {
            throw NonFiniteGram()
        }
        self.gram = gram
        self.xty = y == nil ? [] : xty
        means = (0..<p).map { shift[$0] + offsets[$0] }
        yMean = yShift + yOffset
    }

    /// One piece's sums, over blocks of rows minus the shift: the upper triangle (row-major
    /// n x n), then Xᵀy, Σx, Σy. The products of two columns of a block run two lanes at a time.
    private static func piece<Source: FeatureSource>(_ x: Source, rows: Range<Int>, shift: [Double], y: [Double]?, yShift: Double) -> [Double] {
        let n = x.columns, block = blockRows
        var out = [Double](repeating: 0, count: n * n + 2 * n + 1)
        var centred = [Double](repeating: 0, count: block * n), yc = [Double](repeating: 0, count: block)
        out.withUnsafeMutableBufferPointer { ob in
            centred.withUnsafeMutableBufferPointer { cb in
                yc.withUnsafeMutableBufferPointer { yb in
                    let g = ob.baseAddress!, xty = g + n &* n, sums = xty + n, c = cb.baseAddress!
                    for start in stride(from: rows.lowerBound, to: rows.upperBound, by: block) {
                        let count = min(block, rows.upperBound - start)
                        x.centredBlock(start..<(start + count), means: shift, into: c)
                        addUpperProducts(c, columns: n, rows: count, into: g)
                        for i in 0..<n { sums[i] += Self.sum(c + i &* count, count) }
                        if let y {
                            for r in 0..<count { yb[r] = y[start &+ r] - yShift }
                            sums[n] += Self.sum(yb.baseAddress!, count)
                            for i in 0..<n { xty[i] += LinearSolve.dot(c + i &* count, yb.baseAddress!, count) }
                        }
                    }
                }
            }
        }
        return out
    }
}

extension CentredGram {
    /// Adds the upper triangle of CᵀC (C: `rows` x `columns`, column-major) into `g` (row-major),
    /// in tiles of 2 x 4 entries: two rows of each of six columns loaded give sixteen products.
    /// Tiles at the edges repeat the last column and drop the repeats. Each entry sums its even
    /// and its odd rows apart, then adds the two.
    static func addUpperProducts(_ c: UnsafePointer<Double>, columns n: Int, rows count: Int, into g: UnsafeMutablePointer<Double>) {
        let pairs = count &- count & 1
        var i = 0
        while i < n {
            let i1 = Swift.min(i &+ 1, n &- 1)
            let a = UnsafeRawPointer(c + i &* count), b = UnsafeRawPointer(c + i1 &* count)
            var j = i
            while j < n {
                let js = (j, Swift.min(j &+ 1, n &- 1), Swift.min(j &+ 2, n &- 1), Swift.min(j &+ 3, n &- 1))
                let p0 = UnsafeRawPointer(c + js.0 &* count), p1 = UnsafeRawPointer(c + js.1 &* count)
                let p2 = UnsafeRawPointer(c + js.2 &* count), p3 = UnsafeRawPointer(c + js.3 &* count)
                var s00 = SIMD2<Double>(), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00
                var r = 0
                while r < pairs {
                    let o = r &* 8
                    let x = a.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self), y = b.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
                    let q0 = p0.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self), q1 = p1.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
                    let q2 = p2.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self), q3 = p3.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
                    s00 += x * q0; s01 += x * q1; s02 += x * q2; s03 += x * q3
                    s10 += y * q0; s11 += y * q1; s12 += y * q2; s13 += y * q3
                    r &+= 2
                }
                if pairs < count {
                    // An odd last row goes to the even lane.
                    let x = c[i &* count &+ pairs], y = c[i1 &* count &+ pairs]
                    let q = SIMD4(c[js.0 &* count &+ pairs], c[js.1 &* count &+ pairs], c[js.2 &* count &+ pairs], c[js.3 &* count &+ pairs])
                    s00[0] += x * q[0]; s01[0] += x * q[1]; s02[0] += x * q[2]; s03[0] += x * q[3]
                    s10[0] += y * q[0]; s11[0] += y * q[1]; s12[0] += y * q[2]; s13[0] += y * q[3]
                }
                let first = (s00.sum(), s01.sum(), s02.sum(), s03.sum()), second = (s10.sum(), s11.sum(), s12.sum(), s13.sum())
                let gi = g + i &* n, gi1 = g + i1 &* n
                // A column repeated at the edge (js.k == js.k-1) is dropped; so is row i1's entry below the diagonal.
                gi[js.0] += first.0
                if js.1 > js.0 { gi[js.1] += first.1 }
                if js.2 > js.1 { gi[js.2] += first.2 }
                if js.3 > js.2 { gi[js.3] += first.3 }
                if i1 > i {
                    if js.0 >= i1 { gi1[js.0] += second.0 }
                    if js.1 > js.0, js.1 >= i1 { gi1[js.1] += second.1 }
                    if js.2 > js.1, js.2 >= i1 { gi1[js.2] += second.2 }
                    if js.3 > js.2, js.3 >= i1 { gi1[js.3] += second.3 }
                }
                j &+= 4
            }
            i &+= 2
        }
    }

    /// The sum of `count` values in the four running sums `LinearSolve.dot` uses (one chain of
    /// adds would wait on each add).
    @inline(__always)
    static func sum(_ v: UnsafePointer<Double>, _ count: Int) -> Double {
        var sums = LinearSolve.RunningSums()
        let raw = UnsafeRawPointer(v)
        var i = 0
        while i &+ 4 <= count {
            sums.add(raw.loadUnaligned(fromByteOffset: i &* 8, as: SIMD2<Double>.self),
                     raw.loadUnaligned(fromByteOffset: i &* 8 &+ 16, as: SIMD2<Double>.self))
            i &+= 4
        }
        while i < count { sums.addTail(v[i]); i &+= 1 }
        return sums.total
    }
}

/// Features whose sums of squares are not finite: a value is NaN or infinite, or so large that its square overflows.
struct NonFiniteGram: LabError {
    var message: String { "a feature holds values whose squares are not finite numbers (NaN, infinity, or beyond 1e154)" }
    var hint: String? { "replace them (impute, filter) or scale the feature down" }
}
