/// Least squares and symmetric positive definite solves, written out (no BLAS here):
/// Householder QR for ordinary least squares (stable when features are nearly
/// collinear) and Cholesky for the ridge normal equations.
public enum LinearSolve {
    /// Minimises ||A x - b||; A is m x n with m >= n. Returns nil when A is rank deficient.
    public static func leastSquares(_ a: Matrix, _ b: [Double]) -> [Double]? {
        let m = a.rows, n = a.columns
        guard m >= n, n > 0 else { return nil }
        // Column-major copy: Householder reflections work down columns.
        var q = [Double](repeating: 0, count: m * n)
        var rhs = b
        var diag = [Double](repeating: 0, count: n)
        // Raw buffers in the loops below: the same operations in the same order, without bounds checks.
        let solved: Bool = q.withUnsafeMutableBufferPointer { qb in
            rhs.withUnsafeMutableBufferPointer { rb in
                let q = qb.baseAddress!, rhs = rb.baseAddress!
                a.storage.withUnsafeBufferPointer { s in
                    for r in 0..<m { for c in 0..<n { q[c &* m &+ r] = s[r &* n &+ c] } }
                }
                var scale = 0.0
                for c in 0..<n {
                    var largest = 0.0
                    for i in 0..<m { largest = max(largest, abs(q[c &* m &+ i])) }
                    scale = c == 0 ? largest : max(scale, largest)
                }
                for k in 0..<n {
                    let qk = q + k &* m
                    var norm = 0.0
                    for i in k..<m { norm += qk[i] * qk[i] }
                    norm = norm.squareRoot()
                    if norm <= 1e-12 * max(scale, 1e-300) { return false }
                    let alpha = qk[k] > 0 ? -norm : norm
                    qk[k] -= alpha
                    var vnorm2 = 0.0
                    for i in k..<m { vnorm2 += qk[i] * qk[i] }
                    diag[k] = alpha
                    if vnorm2 == 0 { continue }
                    for c in (k + 1)..<max(k + 1, n) {
                        let qc = q + c &* m
                        var dot = 0.0
                        for i in k..<m { dot += qk[i] * qc[i] }
                        let f = 2 * dot / vnorm2
                        for i in k..<m { qc[i] -= f * qk[i] }
                    }
                    var dot = 0.0
                    for i in k..<m { dot += qk[i] * rhs[i] }
                    let f = 2 * dot / vnorm2
                    for i in k..<m { rhs[i] -= f * qk[i] }
                }
                return true
            }
        }
        if !solved { return nil }
        var x = [Double](repeating: 0, count: n)
        for k in stride(from: n - 1, through: 0, by: -1) {
            var s = rhs[k]
            for c in (k + 1)..<max(k + 1, n) { s -= q[c * m + k] * x[c] }
            x[k] = s / diag[k]
        }
        return x
    }

    /// Solves S x = b for symmetric positive definite S (n x n). Returns nil if S is not positive definite.
    public static func cholesky(_ s: Matrix, _ b: [Double]) -> [Double]? {
        let n = s.rows
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = s[i, j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    if sum <= 0 { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = b
        for i in 0..<n {
            var sum = y[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = y
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<max(i + 1, n) { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }

    /// Xᵀ X of a row-major matrix (n x n), accumulated row by row.
    public static func gram(_ x: Matrix) -> Matrix {
        let n = x.columns
        var g = [Double](repeating: 0, count: n * n)
        x.storage.withUnsafeBufferPointer { s in
            g.withUnsafeMutableBufferPointer { gb in
                guard let g = gb.baseAddress, let base = s.baseAddress else { return }
                // Four rows at a time, each whole row of G at once: the inner loop runs the full
                // width (the compiler's vector width), and G is loaded and stored a quarter as often.
                var r = 0
                while r + 4 <= x.rows {
                    let r0 = base + r &* n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
                    for i in 0..<n {
                        let a0 = r0[i], a1 = r1[i], a2 = r2[i], a3 = r3[i]
                        let gi = g + i &* n
                        for j in 0..<n { gi[j] += a0 * r0[j] + a1 * r1[j] + a2 * r2[j] + a3 * r3[j] }
                    }
                    r += 4
                }
                while r < x.rows {
                    let row = base + r &* n
                    for i in 0..<n {
                        let a = row[i], gi = g + i &* n
                        for j in 0..<n { gi[j] += a * row[j] }
                    }
                    r += 1
                }
                // Both triangles were summed alike, but keep G exactly symmetric.
                for i in 0..<n { for j in 0..<i { g[j &* n &+ i] = g[i &* n &+ j] } }
            }
        }
        return Matrix(rows: n, columns: n, storage: g)
    }

    /// Xᵀ y.
    public static func transposeTimes(_ x: Matrix, _ y: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: x.columns)
        for r in 0..<x.rows {
            let yr = y[r]
            for c in 0..<x.columns { out[c] += x[r, c] * yr }
        }
        return out
    }
}
