/// One column made ready for pairwise correlation: values (or average ranks) centred on
/// their own mean, with 0 wherever the value is missing or not finite, so that sums over
/// all rows are sums over the valid ones and inner loops need no branches.
struct CorrelationInput: Sendable {
    let name: String
    let count: Int
    /// x - mean(x), or rank - (count + 1) / 2 for spearman; 0 where invalid.
    let centered: [Double]
    /// 1 where valid, 0 where not; nil when every row is valid.
    let weights: [Double]?
    let valid: Bitmap?
    /// Σ centered and Σ centered² over the valid rows.
    let sum: Double
    let sumSquares: Double
    /// Every valid value equal (or fewer than 2): no correlation with anything.
    let constant: Bool
    /// Spearman only: valid rows in ascending order of value, and their sort keys (ties are equal keys).
    let order: [Int32]
    let orderKeys: [UInt64]
    /// The column's own values.
    let raw: [Double]

    init(_ column: Column, ranked: Bool) throws {
        guard case .numbers(let values, let missing) = column.data else { preconditionFailure("numeric columns only") }
        let n = values.count
        name = column.name
        var valid: Bitmap?
        var count = 0
        values.withUnsafeBufferPointer { xs in
            for r in 0..<n {
                if !(missing?[r] ?? false) && xs[r].isFinite {
                    count += 1
                } else {
                    if valid == nil { valid = Bitmap(count: n, value: true) }
                    valid![r] = false
                }
            }
        }
        try Cancellation.check()
        self.count = count
        self.valid = valid
        weights = valid.map { bits in (0..<n).map { bits[$0] ? 1.0 : 0.0 } }
        raw = values
        var centered = [Double](repeating: 0, count: n)
        var lo = Double.infinity, hi = -Double.infinity
        if ranked {
            (orderKeys, order) = Ranking.order(values, valid: valid, count: count)
            try Cancellation.check()
            Ranking.centeredRanks(orderKeys, order, into: &centered)
            if let a = order.first, let b = order.last { (lo, hi) = (values[Int(a)], values[Int(b)]) }
        } else {
            (orderKeys, order) = ([], [])
            var total = 0.0, c = 0.0
            values.withUnsafeBufferPointer { xs in
                for r in 0..<n where valid?[r] ?? true {
                    let x = xs[r]
                    lo = Swift.min(lo, x)
                    hi = Swift.max(hi, x)
                    // Kahan summation: the mean is the centre every later sum depends on.
                    let y = x - c
                    let t = total + y
                    c = (t - total) - y
                    total = t
                }
            }
            let mean = count > 0 ? total / Double(count) : 0
            let isConstant = !(lo < hi)
            centered.withUnsafeMutableBufferPointer { out in
                values.withUnsafeBufferPointer { xs in
                    for r in 0..<n where valid?[r] ?? true { out[r] = isConstant ? 0 : xs[r] - mean }
                }
            }
        }
        constant = !(lo < hi)
        var s = 0.0, ss = 0.0
        for x in centered { s += x; ss += x * x }
        sum = s
        sumSquares = ss
        self.centered = centered
    }

    func isValid(_ row: Int) -> Bool { valid?[row] ?? true }
}
