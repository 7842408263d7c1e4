/// The statistics `describe` shows for one column, computed like pandas' describe:
/// sample standard deviation (n-1) and linearly interpolated quartiles.
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
    public let unique: Int?
    public let top: String?
    public let topCount: Int?

    public init(_ column: Column) throws {
        name = column.name
        type = column.type
        missing = column.missingCount
        count = column.count - missing
        switch column.data {
        case .numbers(let values, let mask):
            var present: [Double] = []
            present.reserveCapacity(count)
            for (i, v) in values.enumerated() where !(mask?[i] ?? false) { present.append(v) }
            try Cancellation.check()
            if present.isEmpty {
                (mean, std, min, q25, median, q75, max) = (nil, nil, nil, nil, nil, nil, nil)
            } else {
                present.sort()
                let m = Self.mean(present)
                mean = type == .boolean || type.isArithmetic || type == .date || type == .datetime ? m : nil
                std = present.count > 1 && type.isArithmetic ? Self.sampleStd(present, mean: m) : nil
                min = present.first
                max = present.last
                q25 = Self.quantile(present, 0.25)
                median = Self.quantile(present, 0.5)
                q75 = Self.quantile(present, 0.75)
            }
            if type == .boolean {
                let trues = present.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
                unique = Set(present).count
                top = present.isEmpty ? nil : (trues >= present.count - trues ? "true" : "false")
                topCount = present.isEmpty ? nil : Swift.max(trues, present.count - trues)
            } else {
                unique = nil
                top = nil
                topCount = nil
            }
        case .strings(let codes, let levels):
            var counts = [Int](repeating: 0, count: levels.count)
            for c in codes where c >= 0 { counts[Int(c)] += 1 }
            unique = counts.filter { $0 > 0 }.count
            // Ties go to the level seen first, as pandas' value_counts does for equal counts.
            var best = -1
            for (i, n) in counts.enumerated() where n > 0 && (best < 0 || n > counts[best]) { best = i }
            top = best >= 0 ? levels[best] : nil
            topCount = best >= 0 ? counts[best] : nil
            (mean, std, min, q25, median, q75, max) = (nil, nil, nil, nil, nil, nil, nil)
        }
    }

    /// Mean by Kahan-compensated summation, so long columns keep their digits.
    static func mean(_ xs: [Double]) -> Double {
        var sum = 0.0, c = 0.0
        for x in xs {
            let y = x - c
            let t = sum + y
            c = (t - sum) - y
            sum = t
        }
        return sum / Double(xs.count)
    }

    static func sampleStd(_ xs: [Double], mean m: Double) -> Double {
        var ss = 0.0
        for x in xs { ss += (x - m) * (x - m) }
        return (ss / Double(xs.count - 1)).squareRoot()
    }

    /// numpy's default ("linear") quantile of sorted values.
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        let fraction = position - Double(lo)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * fraction
    }
}
