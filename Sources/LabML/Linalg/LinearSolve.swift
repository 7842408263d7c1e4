/// Least squares and symmetric positive definite solves, written out (no BLAS here):
/// Householder QR for ordinary least squares (stable when features are nearly
/// collinear) and Cholesky for the ridge normal equations.
public enum LinearSolve {
    /// Minimises ||A x - b||, A given column-major (m rows, n columns, m >= n), as Householder QR.
    /// Returns nil when A is rank deficient.
    /// `a` is consumed: the reflections overwrite it in place (a copy would be another matrix
    /// of fresh memory, page faults and all).
    /// `scale` is the largest magnitude in the problem the columns came from (by default, in them):
    /// a column whose remaining norm falls below 1e-12 of it counts as dependent.
    public static func leastSquares(columns a: consuming [Double], rows m: Int, _ b: [Double], scale given: Double? = nil) -> [Double]? {
        let n = m > 0 ? a.count / m : 0
        guard m >= n, n > 0 else { return nil }
        var q = consume a
        var rhs = b
        var diag = [Double](repeating: 0, count: n)
        let solved: Bool = q.withUnsafeMutableBufferPointer { qb in
            rhs.withUnsafeMutableBufferPointer { rb in
                let q = SharedBuffer(base: qb.baseAddress!), rhs = rb.baseAddress!
                let scale = given ?? largestMagnitude(UnsafePointer(q.base), m &* n)
                for k in 0..<n {
                    let qk = q.base + k &* m
                    let norm = dot(qk + k, qk + k, m - k).squareRoot()
                    if norm <= 1e-12 * max(scale, 1e-300) { return false }
                    let alpha = qk[k] > 0 ? -norm : norm
                    qk[k] -= alpha
                    let vnorm2 = dot(qk + k, qk + k, m - k)
                    diag[k] = alpha
                    if vnorm2 == 0 { continue }
                    // Each later column (and b) takes the reflection on its own: the columns are
                    // shared out over the cores, each one's arithmetic the same wherever it runs.
                    let later = Array((k + 1)..<max(k + 1, n))
                    let pieces = m &* later.count >= 1 << 16 ? min(2, later.count) : 1
                    Parallel.forEach(pieces) { piece in
                        for c in later[(later.count * piece / pieces)..<(later.count * (piece + 1) / pieces)] {
                            reflect(q.base + c &* m + k, by: qk + k, m - k, vnorm2)
                        }
                    }
                    reflect(rhs + k, by: qk + k, m - k, vnorm2)
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

    static func largestMagnitude(_ values: UnsafePointer<Double>, _ count: Int) -> Double {
        var largest = 0.0
        for i in 0..<count { largest = max(largest, abs(values[i])) }
        return largest
    }

    /// v ← v − 2 (u·v / u·u) u: a Householder reflection applied to one column.
    @inline(__always)
    static func reflect(_ v: UnsafeMutablePointer<Double>, by u: UnsafeMutablePointer<Double>, _ count: Int, _ unorm2: Double) {
        let f = 2 * dot(u, v, count) / unorm2
        for i in 0..<count { v[i] -= f * u[i] }
    }

    /// The four running sums of a dot product: elements at i mod 4 = 0, 1 in one vector, 2, 3 in
    /// another, elements past the last whole four into the first sum. Every product below sums
    /// through it, so each gives the same bits as `dot` for the same numbers.
    struct RunningSums {
        private var low = SIMD2<Double>(), high = SIMD2<Double>()

        @inline(__always) mutating func add(_ first: SIMD2<Double>, _ second: SIMD2<Double>) {
            low += first
            high += second
        }

        @inline(__always) mutating func addTail(_ product: Double) { low[0] += product }

        @inline(__always) var total: Double { (low[0] + low[1]) + (high[0] + high[1]) }
    }

    @inline(__always)
    private static func pair(_ p: UnsafeRawPointer, _ i: Int) -> (SIMD2<Double>, SIMD2<Double>) {
        (p.loadUnaligned(fromByteOffset: i &* 8, as: SIMD2<Double>.self), p.loadUnaligned(fromByteOffset: i &* 8 &+ 16, as: SIMD2<Double>.self))
    }

    /// a·b with four running sums, so the multiply-adds overlap instead of waiting on one total;
    /// two lanes of a vector each.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var sums = RunningSums()
        var i = 0
        while i &+ 4 <= count {
            let (a0, a1) = pair(UnsafeRawPointer(a), i), (b0, b1) = pair(UnsafeRawPointer(b), i)
            sums.add(a0 * b0, a1 * b1)
            i &+= 4
        }
        while i < count { sums.addTail(a[i] * b[i]); i &+= 1 }
        return sums.total
    }

    /// r −= delta·x, then (when `next` is given) next·r of the updated r, summed as `dot` sums it:
    /// one pass over r instead of two when coordinate steps follow one another.
    @inline(__always)
    static func subtractScaled(_ delta: Double, _ x: UnsafePointer<Double>, from r: UnsafeMutablePointer<Double>, _ count: Int,
                               thenDot next: UnsafePointer<Double>?) -> Double {
        guard let next else {
            for i in 0..<count { r[i] -= delta * x[i] }
            return 0
        }
        let rr = UnsafeMutableRawPointer(r), scale = SIMD2<Double>(repeating: delta)
        var sums = RunningSums()
        var i = 0
        while i &+ 4 <= count {
            let (r0, r1) = pair(UnsafeRawPointer(r), i), (x0, x1) = pair(UnsafeRawPointer(x), i), (n0, n1) = pair(UnsafeRawPointer(next), i)
            let a = r0 - scale * x0, b = r1 - scale * x1
            rr.storeBytes(of: a, toByteOffset: i &* 8, as: SIMD2<Double>.self)
            rr.storeBytes(of: b, toByteOffset: i &* 8 &+ 16, as: SIMD2<Double>.self)
            sums.add(n0 * a, n1 * b)
            i &+= 4
        }
        while i < count {
            r[i] -= delta * x[i]
            sums.addTail(next[i] * r[i])
            i &+= 1
        }
        return sums.total
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

    /// Each of `count` columns (m values each, one after another) dotted with `v`, or with itself
    /// when `v` is nil; the columns on both cores for long ones (each dot as `dot` sums it).
    static func columnDots(_ columns: UnsafePointer<Double>, count: Int, rows m: Int, with v: UnsafePointer<Double>?) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { ob in
            let shared = SharedBuffer(base: ob.baseAddress!)
            let body = { (c: Int) in
                let column = columns + c &* m
                shared[c] = dot(column, v ?? UnsafePointer(column), m)
            }
            Parallel.forEach(count, eachReading: m, body)
        }
        return out
    }
}
