/// k-means' rows as its kernels read them (CKernels' `opslab_nearest_centres` and
/// `opslab_closest_after`): times a power of two that brings the largest magnitude near 1 (so no
/// value underflows or overflows in float), rounded to float, in blocks of eight rows: block b's
/// feature j of row 8b + q at (b·d + j)·8 + q, so one vector holds a feature of eight rows. Half
/// the bytes of the double rows to read on every pass, and eight rows a vector without a shuffle.
struct FloatRows: Sendable {
    let values: [Float]
    /// What the rows were multiplied by (a power of two: exact).
    let scale: Double
    let rows: Int, columns: Int

    /// The rows of `x`, scaled and blocked, on both cores.
    init(_ x: Matrix) {
        rows = x.rows
        columns = x.columns
        let largest = Self.largestMagnitude(x)
        scale = largest > 0 ? Double(sign: .plus, exponent: -largest.exponent, significand: 1) : 1
        let d = columns, n = rows, scale = scale, blocks = (n + 7) / 8
        let pieces = Self.chunks(n, minimum: 4096)
        values = [Float](unsafeUninitializedCapacity: blocks * 8 * d) { out, initialized in
            let shared = SharedBuffer(base: out.baseAddress!)
            x.storage.withUnsafeBufferPointer { xs in
                Parallel.forEach(pieces.count) { c in
                    for i in pieces[c] {
                        let row = xs.baseAddress! + i &* d, at = shared.base + (i >> 3) &* d &* 8 + (i & 7)
                        for j in 0..<d { at[j &* 8] = Float(row[j] * scale) }
                    }
                    // The last block's padding rows.
                    if pieces[c].upperBound == n {
                        for i in n..<(blocks * 8) {
                            let at = shared.base + (i >> 3) &* d &* 8 + (i & 7)
                            for j in 0..<d { at[j &* 8] = 0 }
                        }
                    }
                }
            }
            initialized = blocks * 8 * d
        }
    }

    /// Row-major floats blocked as they are, unscaled.
    init(blocking rowMajor: [Float], rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        scale = 1
        var values = [Float](repeating: 0, count: (rows + 7) / 8 * 8 * columns)
        for i in 0..<rows { for j in 0..<columns { values[((i >> 3) * columns + j) * 8 + (i & 7)] = rowMajor[i * columns + j] } }
        self.values = values
    }

    /// Row i's features, contiguous (a candidate centre for k-means++).
    func row(_ i: Int) -> [Float] {
        let base = (i >> 3) * columns * 8 + (i & 7)
        return (0..<columns).map { values[base + $0 * 8] }
    }

    /// Pieces of 0..<n for both cores that start on a block's first row, as the kernels need.
    static func chunks(_ n: Int, minimum: Int) -> [Range<Int>] {
        Parallel.ranges((n + 7) / 8, pieces: Parallel.pieces, minimum: max(1, minimum / 8)).map { ($0.lowerBound * 8)..<min(n, $0.upperBound * 8) }
    }

    /// The largest |value| of the matrix (its values are finite), on both cores.
    private static func largestMagnitude(_ x: Matrix) -> Double {
        let chunks = Parallel.ranges(x.rows, pieces: Parallel.pieces, minimum: 4096)
        var partial = [Double](repeating: 0, count: chunks.count)
        let d = x.columns
        partial.withUnsafeMutableBufferPointer { pb in
            let out = SharedBuffer(base: pb.baseAddress!)
            x.storage.withUnsafeBufferPointer { xs in
                Parallel.forEach(chunks.count) { c in
                    // The largest and the smallest value, by compare-and-select (vector instructions, no branch).
                    var top = SIMD2<Double>(), bottom = top
                    var i = chunks[c].lowerBound * d
                    let end = chunks[c].upperBound * d
                    while i &+ 2 <= end {
                        let v = UnsafeRawPointer(xs.baseAddress! + i).loadUnaligned(as: SIMD2<Double>.self)
                        top.replace(with: v, where: v .> top)
                        bottom.replace(with: v, where: v .< bottom)
                        i &+= 2
                    }
                    if i < end { top.x = max(top.x, abs(xs[i])) }
                    out[c] = max(top.max(), -bottom.min())
                }
            }
        }
        return partial.max() ?? 0
    }
}
