/// Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations:
/// slow for large matrices but accurate to the last digits for the feature counts models
/// see (a covariance matrix of tens of features), with no library behind it.
enum SymmetricEigen {
    /// Eigenvalues in decreasing order and their unit eigenvectors (vectors[i] belongs to values[i]).
    static func decompose(_ a: Matrix) -> (values: [Double], vectors: [[Double]]) {
        let n = a.rows
        var m = a.storage
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0, scale = 0.0
            for i in 0..<n {
                scale += m[i * n + i] * m[i * n + i]
                for j in (i + 1)..<max(i + 1, n) { off += m[i * n + j] * m[i * n + j] }
            }
            if off <= 1e-34 * scale || off == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = m[p * n + q]
                    if apq == 0 { continue }
                    // Too small to change either diagonal entry: zero it (Numerical Recipes' test), so sweeps end.
                    let g = 100 * abs(apq)
                    if abs(m[p * n + p]) + g == abs(m[p * n + p]) && abs(m[q * n + q]) + g == abs(m[q * n + q]) {
                        m[p * n + q] = 0; m[q * n + p] = 0
                        continue
                    }
                    // The rotation that zeroes m[p][q] (Golub & Van Loan, the smaller angle).
                    let theta = (m[q * n + q] - m[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let mkp = m[k * n + p], mkq = m[k * n + q]
                        m[k * n + p] = c * mkp - s * mkq
                        m[k * n + q] = s * mkp + c * mkq
                    }
                    for k in 0..<n {
                        let mpk = m[p * n + k], mqk = m[q * n + k]
                        m[p * n + k] = c * mpk - s * mqk
                        m[q * n + k] = s * mpk + c * mqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { m[$0 * n + $0] > m[$1 * n + $1] || (m[$0 * n + $0] == m[$1 * n + $1] && $0 < $1) }
        return (order.map { m[$0 * n + $0] }, order.map { c in (0..<n).map { v[$0 * n + c] } })
    }
}
