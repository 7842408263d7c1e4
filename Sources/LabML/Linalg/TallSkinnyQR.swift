/// Least squares for many rows and few columns as a tall-skinny QR: the rows are cut into
/// blocks that fit in a core's cache, each block is reduced by Householder QR to its n x n
/// triangle R (and Qᵀb), and the stacked triangles are solved by the same QR once more.
/// The answer is the QR answer of the whole matrix (RᵀR = XᵀX block by block, with no
/// normal equations formed), but each reflection reads a block from cache instead of a
/// whole column from memory, and the blocks run on both cores. Blocks are cut by row count
/// alone, so the bits do not depend on how many cores there are.
extension LinearSolve {
    static let qrBlockRows = 2048

    /// Minimises ||(X - means) w - (y - yMean)||; nil when the centred features are dependent.
    /// Throws when values are so large that the reductions overflow.
    static func leastSquares<Source: FeatureSource>(_ x: Source, means: [Double], y: [Double], yMean: Double) throws -> [Double]? {
        guard x.rows >= x.columns, x.columns > 0 else { return nil }
        let s = try stackedTriangles(x, means: means, y: y, yMean: yMean)
        return leastSquares(columns: s.columns, rows: s.rows, s.rhs, scale: s.scale)
    }

    /// The least-norm minimiser of the same, for dependent features or fewer rows than features
    /// (`minimumNorm`): from the stacked triangles, which keep XᵀX and Xᵀy, or from the centred
    /// rows themselves when they are fewer than the features.
    static func minimumNormLeastSquares<Source: FeatureSource>(_ x: Source, means: [Double], y: [Double], yMean: Double) throws -> MinimumNorm {
        let m = x.rows, n = x.columns
        if m >= n && n > 0 {
            let s = try stackedTriangles(x, means: means, y: y, yMean: yMean)
            return minimumNorm(columns: s.columns, rows: s.rows, s.rhs)
        }
        var centred = [Double](repeating: 0, count: m * n)
        if m > 0 { centred.withUnsafeMutableBufferPointer { x.centredBlock(0..<m, means: means, into: $0.baseAddress!) } }
        guard centred.allSatisfy(\.isFinite) else { throw NonFiniteGram() }
        return minimumNorm(columns: centred, rows: m, y.map { $0 - yMean })
    }

    /// Every block of rows reduced to its n x n triangle and Qᵀb, the triangles stacked
    /// (column-major, blocks·n rows) with their right-hand sides, and the largest centred value.
    private static func stackedTriangles<Source: FeatureSource>(_ x: Source, means: [Double], y: [Double], yMean: Double) throws
        -> (columns: [Double], rows: Int, rhs: [Double], scale: Double) {
        let m = x.rows, n = x.columns
        // Every block has at least qrBlockRows rows (the last takes the remainder), so at least n.
        let blocks = max(1, m / qrBlockRows)
        let stackedRows = blocks &* n
        var stacked = [Double](repeating: 0, count: stackedRows &* (n &+ 1))
        var scales = [Double](repeating: 0, count: blocks)
        stacked.withUnsafeMutableBufferPointer { sb in
            scales.withUnsafeMutableBufferPointer { scb in
                let out = SharedBuffer(base: sb.baseAddress!), scaleOut = SharedBuffer(base: scb.baseAddress!)
                Parallel.forEach(blocks, eachReading: m &* n / blocks) { b in
                    let start = b &* m / blocks, end = (b &+ 1) &* m / blocks, count = end &- start
                    let q = UnsafeMutablePointer<Double>.allocate(capacity: count &* (n &+ 1))
                    defer { q.deallocate() }
                    x.centredBlock(start..<end, means: means, into: q)
                    let rhs = q + n &* count
                    for r in 0..<count { rhs[r] = y[start &+ r] - yMean }
                    scaleOut[b] = largestMagnitude(q, n &* count)
                    var diagonal = [Double](repeating: 0, count: n)
                    reduceToTriangle(q, rows: count, columns: n, diagonal: &diagonal)
                    // Row k of this block's triangle goes to stacked row b·n + k (column-major, rhs last).
                    for k in 0..<n {
                        let row = b &* n &+ k
                        out[k &* stackedRows &+ row] = diagonal[k]
                        for c in (k &+ 1)..<(n &+ 1) { out[c &* stackedRows &+ row] = q[c &* count &+ k] }
                    }
                }
            }
        }
        guard stacked.allSatisfy(\.isFinite) else { throw NonFiniteGram() }
        let rhs = Array(stacked[(n &* stackedRows)...])
        stacked.removeLast(stackedRows)
        return (stacked, stackedRows, rhs, scales.max() ?? 0)
    }

    /// Householder QR of the `rows` x (`columns` + 1) column-major block at `q` (the last column
    /// the right-hand side, reflected along): R's diagonal into `diagonal`, the rest of R and Qᵀb
    /// left in the top rows. A column with nothing left below the diagonal is left as it is
    /// (a zero on R's diagonal); whether the whole problem is dependent is for the final solve.
    private static func reduceToTriangle(_ q: UnsafeMutablePointer<Double>, rows m: Int, columns n: Int, diagonal: inout [Double]) {
        for k in 0..<n {
            let qk = q + k &* m
            let norm = dot(qk + k, qk + k, m &- k).squareRoot()
            let alpha = qk[k] > 0 ? -norm : norm
            qk[k] -= alpha
            diagonal[k] = alpha
            let vnorm2 = dot(qk + k, qk + k, m &- k)
            if vnorm2 == 0 { continue }
            for c in (k &+ 1)..<(n &+ 1) { reflect(q + (c &* m &+ k), by: qk + k, m &- k, vnorm2) }
        }
    }
}
