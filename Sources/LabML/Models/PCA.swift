import LabData

/// Principal component analysis (scikit-learn's PCA, whiten=False): the eigenvectors of the
/// covariance matrix of the centred features, largest variance first, each signed as
/// scikit-learn's svd_flip signs them (its largest-magnitude entry positive), so components
/// compare one to one.
public struct PCA: Sendable, Equatable, Codable {
    public let features: Int
    public let mean: [Double]
    /// One row per component, one column per feature.
    public let components: [[Double]]
    /// Variance along each component (ddof 1), and its share of the total variance.
    public let explainedVariance: [Double]
    public let explainedVarianceRatio: [Double]
    public let singularValues: [Double]

    /// The column names `transform` produces: PC1, PC2, ...
    public var columnNames: [String] { components.indices.map { "PC\($0 + 1)" } }

    public static func fit(_ x: Matrix, components count: Int) throws -> PCA { try fit(source: x, components: count) }

    static func fit<Source: FeatureSource>(source x: Source, components count: Int) throws -> PCA {
        let n = x.rows, p = x.columns
        guard count <= min(n, p) else {
            throw DataError("components=\(count) is more than min(rows, features) = min(\(n), \(p))",
                            hint: "use components=\(max(1, min(2, min(n, p)))) up to \(min(n, p))")
        }
        guard n >= 2 else { throw DataError("PCA needs at least 2 rows", hint: "use more data") }
        let centred = try CentredGram(x)
        let mean = centred.means
        var covariance = centred.gram
        for i in covariance.storage.indices { covariance.storage[i] /= Double(n - 1) }
        let (values, vectors) = SymmetricEigen.decompose(covariance)
        let variances = values.map { max($0, 0) }
        let total = variances.reduce(0, +)
        let kept = (0..<count).map { c -> [Double] in
            let v = vectors[c]
            // svd_flip(u_based_decision=False): the entry of largest magnitude (the first such) is positive.
            var big = 0
            for j in 1..<max(1, p) where abs(v[j]) > abs(v[big]) { big = j }
            return v[big] < 0 ? v.map { -$0 } : v
        }
        let explained = Array(variances.prefix(count))
        return PCA(features: p, mean: mean, components: kept, explainedVariance: explained,
                   explainedVarianceRatio: explained.map { total > 0 ? $0 / total : 0 },
                   singularValues: explained.map { ($0 * Double(n - 1)).squareRoot() })
    }

    /// The coordinates of each row along the components: (x − mean) · componentsᵀ, one row per sample.
    public func transform(_ x: Matrix) -> Matrix {
        let projected = project(x)
        var out = Matrix(rows: x.rows, columns: components.count)
        for (c, values) in projected.enumerated() { for r in 0..<x.rows { out[r, c] = values[r] } }
        return out
    }

    /// The coordinates of the matrix's rows, one array per component.
    public func project(_ x: Matrix) -> [[Double]] {
        let columns = x.columnMajor(), rows = x.rows
        guard rows > 0 else { return components.map { _ in [] } }
        return columns.withUnsafeBufferPointer { c in project(rows: rows, bases: (0..<features).map { c.baseAddress! + $0 * rows }) }
    }

    /// The same from the feature columns (one array per feature, in order).
    public func project(columns: [[Double]]) -> [[Double]] {
        precondition(columns.count == features, "one column per feature")
        return ColumnScores.withBases(columns) { project(rows: columns.first?.count ?? 0, bases: $0) }
    }

    /// Each row's terms are added feature by feature, as a row-by-row loop adds them, a block of
    /// rows at a time so that the columns are read from memory once; the blocks on both cores.
    /// `bases`: the start of each feature's values.
    private func project(rows: Int, bases: [UnsafePointer<Double>]) -> [[Double]] {
        guard rows > 0 else { return components.map { _ in [] } }
        let buffers = components.map { _ in UnsafeMutablePointer<Double>.allocate(capacity: rows) }
        defer { buffers.forEach { $0.deallocate() } }
        let targets = buffers.map { SharedBuffer(base: $0) }
        let blocks = Parallel.ranges(rows, pieces: max(1, rows / 4096), minimum: 4096)
        Parallel.forEach(blocks.count) { b in
            // 512 rows at a time: their values of every feature (80 KB for 20) stay in the core's
            // cache while each component reads them again.
            for start in stride(from: blocks[b].lowerBound, to: blocks[b].upperBound, by: 512) {
                let count = min(blocks[b].upperBound, start + 512) - start
                for (c, v) in components.enumerated() {
                    let to = targets[c].base + start
                    to.update(repeating: 0, count: count)
                    for j in 0..<features {
                        let m = mean[j], w = v[j], from = bases[j] + start
                        for r in 0..<count { to[r] += (from[r] - m) * w }
                    }
                }
            }
        }
        return buffers.map { Array(UnsafeBufferPointer(start: $0, count: rows)) }
    }
}
