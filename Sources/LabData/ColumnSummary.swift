import Dispatch

/// The statistics `describe` shows for one column, computed like pandas' describe:
/// sample standard deviation (n-1) and linearly interpolated quartiles; plus the profile
/// pandas spreads over other calls: nunique, value_counts().head(3), numpy.histogram.
public struct ColumnSummary: Sendable, Equatable {
    public let name: String
    public let type: ColumnType
    public let count: Int
    public let missing: Int
    public let mean: Double?
    public let std: Double?
    public let min: Double?
    public let q25: Double?
    public let median: Double?
    public let q75: Double?
    public let max: Double?
    /// Distinct present values, for every type (pandas' nunique).
    public let unique: Int
    /// The three most frequent values, most common first; ties in order of first appearance.
    public let topValues: [ValueCount]
    /// Ten equal-width bins from min to max, for integer, float, date and datetime columns with values.
    public let histogram: Histogram?

    public static let topLimit = 3
    public static let histogramBins = 10

    public var top: String? { topValues.first.map { Self.text($0.value, type: type) } }
    public var topCount: Int? { topValues.first?.count }
    /// Missing rows as a percentage of all rows (0 for an empty column).
    public var missingPercent: Double { count + missing == 0 ? 0 : Double(missing) / Double(count + missing) * 100 }

    public init(_ column: Column) throws {
        name = column.name
        type = column.type
        missing = column.missingCount
        count = column.count - missing
        switch column.data {
        case .numbers(let values, let mask):
            // Sorted with their rows: quartiles, distinct values, and the first row of each
            // value (for ties among the most common) all come from one ordering.
            let (keys, rows) = RadixSort.sorted(values, rows: RadixSort.presentRows(count: values.count, missing: mask))
            try Cancellation.check()
            let present = keys.map(RadixSort.value)
            let type = type
            (mean, std, min, q25, median, q75, max, unique, topValues, histogram) = present.withUnsafeBufferPointer { sorted in
                rows.withUnsafeBufferPointer { firstRows in
                    let counted = ValueCounts.top(sorted: sorted, rows: firstRows, type: type, limit: Self.topLimit)
                    guard let first = sorted.first, let last = sorted.last else {
                        return (nil, nil, nil, nil, nil, nil, nil, counted.unique, counted.top, nil)
                    }
                    let m = Self.mean(sorted)
                    let sd = sorted.count > 1 && type.isArithmetic ? Self.sampleStd(sorted, mean: m) : nil
                    let binned = type == .boolean ? nil : Histogram(sorted: sorted, bins: Self.histogramBins)
                    return (m, sd, first, Self.quantile(sorted, 0.25), Self.quantile(sorted, 0.5), Self.quantile(sorted, 0.75),
                            last, counted.unique, counted.top, binned)
                }
            }
        case .strings(let codes, let levels):
            (topValues, unique) = ValueCounts.top(codes: codes, levels: levels, limit: Self.topLimit)
            (mean, std, min, q25, median, q75, max, histogram) = (nil, nil, nil, nil, nil, nil, nil, nil)
        }
    }

    /// Summaries of several columns, computed side by side on the available cores.
    public static func summaries(of columns: [Column]) throws -> [ColumnSummary] {
        let box = SummaryBox(count: columns.count)
        DispatchQueue.concurrentPerform(iterations: columns.count) { i in
            box.results[i] = Result { try ColumnSummary(columns[i]) }
        }
        return try box.results.map { try $0!.get() }
    }

    private final class SummaryBox: @unchecked Sendable {
        // Each worker writes only its own slot.
        var results: [Result<ColumnSummary, Error>?]
        init(count: Int) { results = Array(repeating: nil, count: count) }
    }

    /// The canonical text of a top value: dates as dates, booleans as true/false.
    public static func text(_ value: Value, type: ColumnType) -> String {
        switch value {
        case .number(let x): return Column.canonicalText(x, type: type)
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .missing: return ""
        }
    }

    /// Mean by Kahan-compensated summation, so long columns keep their digits. Values near
    /// the largest Double whose sum overflows are summed again scaled down by a power of two
    /// (exact), so a column of finite numbers has a finite mean (pandas says inf).
    public static func mean(_ xs: UnsafeBufferPointer<Double>) -> Double {
        let m = compensatedSum(xs, scale: 1) / Double(xs.count)
        guard !m.isFinite, xs.allSatisfy(\.isFinite) else { return m }
        return compensatedSum(xs, scale: overflowScale) / Double(xs.count) / overflowScale
    }

    /// 2^-64: a billion values near the largest Double, scaled by it, sum far from overflow.
    static let overflowScale = 0x1p-64

    private static func compensatedSum(_ xs: UnsafeBufferPointer<Double>, scale: Double) -> Double {
        var sum = 0.0, c = 0.0
        for x in xs {
            let y = x * scale - c
            let t = sum + y
            c = (t - sum) - y
            sum = t
        }
        return sum
    }

    /// Deviations over ~1e154 overflow when squared: those are measured scaled down as the mean is.
    public static func sampleStd(_ xs: UnsafeBufferPointer<Double>, mean m: Double) -> Double {
        let ss = sumOfSquares(xs, mean: m, scale: 1)
        guard !ss.isFinite, m.isFinite, xs.allSatisfy(\.isFinite) else { return (ss / Double(xs.count - 1)).squareRoot() }
        // Scaled so the largest value is below 1: every square is then below 4.
        let largest = xs.reduce(m.magnitude) { Swift.max($0, $1.magnitude) }
        let scale = Double(sign: .plus, exponent: -largest.exponent - 1, significand: 1)
        return (sumOfSquares(xs, mean: m, scale: scale) / Double(xs.count - 1)).squareRoot() / scale
    }

    private static func sumOfSquares(_ xs: UnsafeBufferPointer<Double>, mean m: Double, scale: Double) -> Double {
        var ss = 0.0
        if scale == 1 {
            for x in xs { ss += (x - m) * (x - m) }
        } else {
            let centre = m * scale
            for x in xs { let d = x * scale - centre; ss += d * d }
        }
        return ss
    }

    /// numpy's default ("linear") quantile of sorted values, with numpy's two-sided
    /// interpolation so results agree to the last bit.
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        sorted.withUnsafeBufferPointer { quantile($0, q) }
    }

    public static func quantile(_ sorted: UnsafeBufferPointer<Double>, _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        let t = position - Double(lo)
        let a = sorted[lo], b = sorted[hi]
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
    }
}
