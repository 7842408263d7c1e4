import LabData
import CKernels

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
        var yc = [Double](repeating: 0, count: block)
        // Cache-line aligned (an array's elements start 32 bytes into its allocation): the kernel's
        // four-double loads then never straddle two lines, which made them a fifth slower.
        let centred = UnsafeMutableRawPointer.allocate(byteCount: block * n * 8, alignment: 64).bindMemory(to: Double.self, capacity: block * n)
        defer { centred.deallocate() }
        out.withUnsafeMutableBufferPointer { ob in
            yc.withUnsafeMutableBufferPointer { yb in
                let g = ob.baseAddress!, xty = g + n &* n, sums = xty + n, c = centred
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
        return out
    }
}

extension CentredGram {
    /// Adds the upper triangle of CᵀC (C: `rows` x `columns`, column-major) into `g` (row-major):
    /// CKernels' `opslab_upper_products`, four rows a vector, AVX2 where the processor has it
    /// (the same bits either way).
    static func addUpperProducts(_ c: UnsafePointer<Double>, columns n: Int, rows count: Int, into g: UnsafeMutablePointer<Double>) {
        opslab_upper_products(c, n, count, g, VectorUnits.wide)
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
