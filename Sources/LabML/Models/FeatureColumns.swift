/// Some rows of a row-major matrix copied out column by column, so that per-feature
/// statistics read each feature's values contiguously, in row order (one pass over the
/// rows instead of a strided gather per feature and statistic).
struct FeatureColumns {
    private let values: [Double]
    private let count: Int
    private let features: Int

    init(_ x: Matrix, rows: [Int]) {
        let p = x.columns, m = rows.count
        features = p
        count = m
        var values = [Double](repeating: 0, count: p * m)
        x.storage.withUnsafeBufferPointer { xs in
            values.withUnsafeMutableBufferPointer { out in
                for (i, r) in rows.enumerated() {
                    let row = r * p
                    for f in 0..<p { out[f * m + i] = xs[row + f] }
                }
            }
        }
        self.values = values
    }

    /// `body` applied to each feature's values, in feature order.
    func map<T>(_ body: (UnsafeBufferPointer<Double>) -> T) -> [T] {
        values.withUnsafeBufferPointer { all in
            (0..<features).map { f in
                body(UnsafeBufferPointer(rebasing: all[(f * count)..<((f + 1) * count)]))
            }
        }
    }
}
