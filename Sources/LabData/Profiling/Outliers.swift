public enum OutlierMethod: String, Sendable, CaseIterable {
    /// Outside [Q1 - k·IQR, Q3 + k·IQR], quartiles by numpy's linear method (Tukey's fences).
    case iqr
    /// |x - mean| / std > k, with the sample standard deviation (ddof = 1).
    case zscore

    public var defaultK: Double { self == .iqr ? 1.5 : 3 }
}

/// The values of one column that lie far from the rest, farthest first.
public struct OutlierReport: Sendable, Equatable {
    public let column: String
    public let type: ColumnType
    public let method: OutlierMethod
    public let k: Double
    public let lower: Double
    public let upper: Double
    /// Q1 and Q3 for iqr; mean and standard deviation for zscore.
    public let centre: (Double, Double)
    public let nonMissing: Int
    /// Every outlying row, farthest first; rows equally far keep their order.
    public let rows: [Int]
    /// For each of `rows`: how far past the fence (iqr) or the z-score (zscore), signed.
    public let scores: [Double]

    public var count: Int { rows.count }
    public var percent: Double { nonMissing == 0 ? 0 : Double(rows.count) / Double(nonMissing) * 100 }

    public static func == (a: OutlierReport, b: OutlierReport) -> Bool {
        a.column == b.column && a.method == b.method && a.k == b.k && a.lower == b.lower && a.upper == b.upper
            && a.centre == b.centre && a.nonMissing == b.nonMissing && a.rows == b.rows && a.scores == b.scores
    }

    public init(_ column: Column, method: OutlierMethod, k: Double) throws {
        guard case .numbers(let values, let missing) = column.data, column.type != .boolean else {
            throw DataError("outliers needs a numeric column; '\(column.name)' is \(column.type.rawValue)",
                            hint: "pick an integer, float, date or datetime column; `columns` lists the types")
        }
        guard k > 0, k.isFinite else {
            throw DataError("k=\(k) is not valid: expected a positive number", hint: "e.g. k=\(method.defaultK)")
        }
        var present = PresentValues.gather(values, missing: missing)
        guard !present.isEmpty else {
            throw values.isEmpty ? DataError("there are no rows to look for outliers in", hint: "a filter or sample left the frame empty: `undo` brings the rows back")
                : DataError("'\(column.name)' has no values: all \(values.count) rows are missing", hint: "`missing` shows where values are missing")
        }
        RadixSort.sort(&present)
        try Cancellation.check()
        let fences = try Self.fences(present, column: column, method: method, k: k)
        self.column = column.name
        type = column.type
        self.method = method
        self.k = k
        (lower, upper, centre) = (fences.lower, fences.upper, fences.centre)
        nonMissing = present.count
        var found: [(row: Int, score: Double, distance: Double)] = []
        let (lo, hi, c) = (fences.lower, fences.upper, fences.centre)
        values.withUnsafeBufferPointer { xs in
            for r in 0..<xs.count where !(missing?[r] ?? false) {
                let x = xs[r]
                switch method {
                case .iqr:
                    let distance = Swift.max(lo - x, x - hi)
                    if distance > 0 { found.append((r, x > hi ? x - hi : x - lo, distance)) }
                case .zscore:
                    let z = (x - c.0) / c.1
                    if z.magnitude > k { found.append((r, z, z.magnitude)) }
                }
            }
        }
        try Cancellation.check()
        found.sort { $0.distance != $1.distance ? $0.distance > $1.distance : $0.row < $1.row }
        rows = found.map(\.row)
        scores = found.map(\.score)
    }

    private static func fences(_ sorted: [Double], column: Column, method: OutlierMethod, k: Double) throws
        -> (lower: Double, upper: Double, centre: (Double, Double)) {
        let constant = sorted[0] == sorted[sorted.count - 1]
        let shown = { (x: Double) in Column.canonicalText(x, type: column.type) }
        switch method {
        case .iqr:
            let q1 = ColumnSummary.quantile(sorted, 0.25), q3 = ColumnSummary.quantile(sorted, 0.75)
            let iqr = q3 - q1
            if iqr == 0 {
                let what = constant ? "'\(column.name)' is constant (every value is \(shown(sorted[0])))"
                    : "half of '\(column.name)' lies on one value (Q1 = Q3 = \(shown(q1)))"
                throw DataError("\(what): its IQR is 0, so the IQR fences cannot single out outliers",
                                hint: constant ? "a constant column has no outliers" : "try method=zscore")
            }
            return (q1 - k * iqr, q3 + k * iqr, (q1, q3))
        case .zscore:
            if constant {
                throw DataError("'\(column.name)' is constant (every value is \(shown(sorted[0]))): its std is 0, so z-scores are undefined",
                                hint: "a constant column has no outliers")
            }
            let mean = sorted.withUnsafeBufferPointer { ColumnSummary.mean($0) }
            let std = sorted.withUnsafeBufferPointer { ColumnSummary.sampleStd($0, mean: mean) }
            return (mean - k * std, mean + k * std, (mean, std))
        }
    }
}
