/// What a box plot draws of one set of numbers, as matplotlib's `boxplot` (and so pandas'
/// `df.boxplot`) computes it: numpy's linear quartiles; whiskers at the furthest values still
/// within `whis`·IQR of the box (at the box's edge when none is); every value beyond a whisker
/// an outlier (a "flier").
public struct BoxStats: Sendable, Equatable {
    /// Values that are not missing.
    public let count: Int
    public let q1: Double
    public let median: Double
    public let q3: Double
    public let whiskerLow: Double
    public let whiskerHigh: Double
    public let min: Double
    public let max: Double
    /// How many values lie beyond the whiskers.
    public let outlierCount: Int
    /// Where outliers lie, enough to draw them: all of them up to `drawnOutliers`, else that many
    /// spread evenly over them in order (the lowest and highest always among them).
    public let outliers: [Double]

    /// Beyond this many, the outliers kept for drawing are a spread of them.
    public static let drawnOutliers = 512

    /// From values sorted ascending (at least one; no NaN).
    public init(sorted: [Double], whis: Double) {
        precondition(!sorted.isEmpty, "a box needs a value")
        let q1 = ColumnSummary.quantile(sorted, 0.25), q3 = ColumnSummary.quantile(sorted, 0.75)
        let iqr = q3 - q1
        let lowest = q1 - whis * iqr, highest = q3 + whis * iqr
        // matplotlib: the whisker is the furthest value inside its fence, but never inside the box.
        let firstInside = Self.firstIndex(in: sorted) { $0 >= lowest }
        let lastInside = Self.firstIndex(in: sorted) { $0 > highest } - 1
        let low = firstInside < sorted.count ? Swift.min(sorted[firstInside], q1) : q1
        let high = lastInside >= 0 ? Swift.max(sorted[lastInside], q3) : q3
        let below = Self.firstIndex(in: sorted) { $0 >= low }
        let above = Self.firstIndex(in: sorted) { $0 > high }
        let beyond = below + (sorted.count - above)
        var drawn: [Double] = []
        if beyond > 0 {
            let take = Swift.min(beyond, Self.drawnOutliers)
            drawn.reserveCapacity(take)
            for i in 0..<take {
                // Positions 0...beyond-1 among the outliers, spread evenly, ends included.
                let k = take == 1 ? 0 : (i * (beyond - 1) + (take - 1) / 2) / (take - 1)
                drawn.append(k < below ? sorted[k] : sorted[above + (k - below)])
            }
        }
        count = sorted.count
        self.q1 = q1
        median = ColumnSummary.quantile(sorted, 0.5)
        self.q3 = q3
        whiskerLow = low
        whiskerHigh = high
        min = sorted[0]
        max = sorted[sorted.count - 1]
        outlierCount = beyond
        outliers = drawn
    }

    /// The box of a numeric column's values (of `rows` only, when given).
    public init(_ column: Column, rows: [Int]? = nil, whis: Double) throws {
        try Self.check(column)
        guard case .numbers(let values, let missing) = column.data else { preconditionFailure("checked numeric") }
        var present: [Double]
        if let rows {
            present = []
            present.reserveCapacity(rows.count)
            for r in rows where !(missing?[r] ?? false) { present.append(values[r]) }
        } else {
            present = PresentValues.gather(values, missing: missing)
        }
        guard !present.isEmpty else {
            throw DataError("'\(column.name)' has no values to draw in these rows: every one is missing", hint: "`missing` shows where values are missing")
        }
        RadixSort.sort(&present)
        self.init(sorted: present, whis: whis)
    }

    /// Throws unless `column` is numeric (not boolean) with at least one value.
    public static func check(_ column: Column) throws {
        guard case .numbers = column.data, column.type != .boolean else {
            throw DataError("a box plot needs a numeric column; '\(column.name)' is \(column.type.rawValue)",
                            hint: column.type == .string ? "counts \(column.name) shows how often each value occurs"
                                                         : "pick an integer, float, date or datetime column; `columns` lists the types")
        }
        if column.hasNoValue {
            throw DataError("'\(column.name)' has no values to draw: every row is missing", hint: "`missing` shows where values are missing")
        }
    }

    /// The first index whose value meets `condition` (which holds from some index on), or the count.
    private static func firstIndex(in sorted: [Double], where condition: (Double) -> Bool) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if condition(sorted[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
