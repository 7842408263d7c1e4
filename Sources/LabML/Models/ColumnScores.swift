/// Scores of many rows read feature column by feature column, as `predict` reads a frame: no
/// row-major copy of the features is made. Each row's terms are added in feature order, the
/// order of a row-by-row dot product, so the results are the same bits.
enum ColumnScores {
    /// For the rows in `range`: scores[k·range.count + i] = intercepts[k] + Σ_j weights[k][j] ·
    /// columns[j][range.lowerBound + i].
    static func linear(_ columns: [[Double]], rows range: Range<Int>, weights: [[Double]], intercepts: [Double],
                       into scores: UnsafeMutablePointer<Double>) {
        let count = range.count
        for (k, w) in weights.enumerated() {
            let to = scores + k &* count
            to.update(repeating: intercepts[k], count: count)
            for (j, column) in columns.enumerated() {
                let weight = w[j]
                column.withUnsafeBufferPointer { v in
                    let from = v.baseAddress! + range.lowerBound
                    for i in 0..<count { to[i] += weight * from[i] }
                }
            }
        }
    }

    /// Rows cut into blocks of a few thousand (their scores stay in cache between features), the
    /// blocks on both cores; `body(range)` handles one block.
    static func blocks(_ rows: Int, _ body: (Range<Int>) -> Void) {
        let blocks = Parallel.ranges(rows, pieces: max(1, rows / blockRows), minimum: blockRows)
        Parallel.forEach(blocks.count) { body(blocks[$0]) }
    }

    static let blockRows = 4096

    /// body with the start of each column's values, the columns held in place throughout.
    static func withBases<R>(_ columns: [[Double]], _ body: ([UnsafePointer<Double>]) -> R) -> R {
        var bases: [UnsafePointer<Double>] = []
        bases.reserveCapacity(columns.count)
        func nest(_ j: Int) -> R {
            guard j < columns.count else { return body(bases) }
            return columns[j].withUnsafeBufferPointer { v in
                bases.append(v.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Double>.alignment)!)
                return nest(j + 1)
            }
        }
        return nest(0)
    }
}
