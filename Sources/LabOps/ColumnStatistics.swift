import Dispatch
import LabData

/// The per-column numbers a dataset version keeps so two versions can be compared later
/// without their data: count (present values), missing, mean, sample std (n-1), min, max
/// and the number of distinct present values, counted exactly up to `distinctLimit`.
/// No sorting, columns on all cores: it runs on every load of a million-row file.
public struct ColumnStatistics: Sendable, Equatable {
    public let name: String
    public let type: ColumnType
    public let count: Int
    public let missing: Int
    /// Numbers only; dates and datetimes have a mean, min and max (in days/seconds) but no std.
    public let mean: Double?
    public let std: Double?
    public let min: Double?
    public let max: Double?
    /// Exact up to `distinctLimit`; `distinctLimit + 1` means "more than the limit".
    public let unique: Int

    /// Past this many distinct values a count says nothing a reader of a diff needs (an id,
    /// a measurement), and counting exactly would cost more than the load it follows.
    public static let distinctLimit = 10_000

    public init(name: String, type: ColumnType, count: Int, missing: Int, mean: Double?, std: Double?,
                min: Double?, max: Double?, unique: Int) {
        self.name = name
        self.type = type
        self.count = count
        self.missing = missing
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
        self.unique = unique
    }

    public init(_ column: Column) {
        name = column.name
        type = column.type
        switch column.data {
        case .strings(let codes, let levels):
            var used = [Bool](repeating: false, count: levels.count)
            var missingCount = 0
            for c in codes { if c < 0 { missingCount += 1 } else { used[Int(c)] = true } }
            // Distinct texts, not codes: a level list may hold the same text twice.
            var distinct = Set<String>()
            for (k, u) in used.enumerated() where u { distinct.insert(levels[k]) }
            missing = missingCount
            count = codes.count - missingCount
            unique = Swift.min(distinct.count, Self.distinctLimit + 1)
            (mean, std, min, max) = (nil, nil, nil, nil)
        case .numbers(let values, let mask):
            let summary = NumericSummary(values, missing: mask?.words, arithmetic: column.type.isArithmetic)
            count = summary.count
            missing = values.count - summary.count
            unique = summary.distinct
            (mean, std, min, max) = summary.count == 0 ? (nil, nil, nil, nil) : (summary.mean, summary.std, summary.min, summary.max)
        }
    }

    /// Every column's statistics, computed in parallel.
    public static func of(_ frame: Frame) -> [ColumnStatistics] {
        let columns = frame.columns
        let box = StatisticsBox(count: columns.count)
        DispatchQueue.concurrentPerform(iterations: columns.count) { j in box.set(j, ColumnStatistics(columns[j])) }
        return box.values
    }
}

/// One column's numbers in tight passes over raw pointers: Kahan-summed mean (as describe
/// does, so long columns keep their digits), min and max; the sample std; the distinct count.
/// The passes run over stretches of present values in four independent lanes, so a column
/// of a million numbers costs a few milliseconds, not a branch per row.
struct NumericSummary {
    private(set) var count = 0
    private(set) var mean = 0.0
    private(set) var std: Double?
    private(set) var min = Double.infinity
    private(set) var max = -Double.infinity
    private(set) var distinct = 0

    init(_ values: [Double], missing: [UInt64]?, arithmetic: Bool) {
        var n = 0
        var sum = SIMD4<Double>(repeating: 0), compensation = SIMD4<Double>(repeating: 0)
        var lo = SIMD4<Double>(repeating: .infinity), hi = SIMD4<Double>(repeating: -.infinity)
        var tailSum = 0.0, tailCompensation = 0.0
        Self.forEachPresentRun(values, missing: missing) { p, count in
            n += count
            var i = 0
            while i + 4 <= count {
                let x = SIMD4<Double>(p[i], p[i + 1], p[i + 2], p[i + 3])
                let y = x - compensation
                let t = sum + y
                compensation = (t - sum) - y
                sum = t
                lo = lo.replacing(with: x, where: x .< lo)
                hi = hi.replacing(with: x, where: x .> hi)
                i += 4
            }
            while i < count {
                let x = p[i]
                let y = x - tailCompensation
                let t = tailSum + y
                tailCompensation = (t - tailSum) - y
                tailSum = t
                if x < lo[0] { lo[0] = x }
                if x > hi[0] { hi[0] = x }
                i += 1
            }
        }
        (count, min, max) = (n, lo.min(), hi.max())
        distinct = DistinctCount.of(values, missing: missing, limit: ColumnStatistics.distinctLimit)
        guard n > 0 else { return }
        // The lanes' sums and what each lost, added with the same compensation.
        var total = 0.0, lost = 0.0
        for part in [sum[0], sum[1], sum[2], sum[3], tailSum, -compensation[0], -compensation[1], -compensation[2], -compensation[3], -tailCompensation] {
            let y = part - lost
            let t = total + y
            lost = (t - total) - y
            total = t
        }
        let m = total / Double(n)
        mean = m
        guard n > 1, arithmetic else { return }
        var squares = SIMD4<Double>(repeating: 0), tail = 0.0
        let centre = SIMD4<Double>(repeating: m)
        Self.forEachPresentRun(values, missing: missing) { p, count in
            var i = 0
            while i + 4 <= count {
                let d = SIMD4<Double>(p[i], p[i + 1], p[i + 2], p[i + 3]) - centre
                squares += d * d
                i += 4
            }
            while i < count {
                tail += (p[i] - m) * (p[i] - m)
                i += 1
            }
        }
        std = ((squares.sum() + tail) / Double(n - 1)).squareRoot()
        if !(m.isFinite && std!.isFinite), min.isFinite, max.isFinite {
            // Finite values near the largest Double whose sum or squares overflow: describe's scaled passes.
            var present: [Double] = []
            Self.forEachPresentRun(values, missing: missing) { p, count in present.append(contentsOf: UnsafeBufferPointer(start: p, count: count)) }
            present.withUnsafeBufferPointer { xs in
                mean = ColumnSummary.mean(xs)
                std = ColumnSummary.sampleStd(xs, mean: mean)
            }
        }
    }

    /// Calls `body` with each stretch of consecutive present values, in row order.
    static func forEachPresentRun(_ values: [Double], missing: [UInt64]?, _ body: (UnsafePointer<Double>, Int) -> Void) {
        values.withUnsafeBufferPointer { v in
            guard let base = v.baseAddress, v.count > 0 else { return }
            guard let missing else { return body(base, v.count) }
            // From one missing row to the next by the mask's set bits, not row by row.
            var start = 0
            for w in 0..<Swift.min(missing.count, (v.count + 63) / 64) {
                var word = missing[w]
                while word != 0 {
                    let r = w * 64 + word.trailingZeroBitCount
                    guard r < v.count else { break }
                    if r > start { body(base + start, r - start) }
                    start = r + 1
                    word &= word &- 1
                }
            }
            if v.count > start { body(base + start, v.count - start) }
        }
    }
}

/// Counts distinct values by value (0.0 and -0.0 are one, and so are all NaNs) in an
/// open-addressing set small enough to stay in cache, stopping as soon as the count passes
/// `limit`: a column of measurements stops within its first rows, a coded column is one
/// streaming pass.
enum DistinctCount {
    static func of(_ values: [Double], missing: [UInt64]?, limit: Int) -> Int {
        var capacity = 16
        while capacity < 2 * (limit + 1) { capacity <<= 1 }
        let shift = UInt64(64 - capacity.trailingZeroBitCount)
        let mask = capacity - 1
        // Key 0 (the value zero) marks an empty slot, so zero is counted apart.
        var slots = [UInt64](repeating: 0, count: capacity)
        var sawZero = false, distinct = 0
        values.withUnsafeBufferPointer { v in
            slots.withUnsafeMutableBufferPointer { table in
                for r in 0..<v.count {
                    if let missing, missing[r >> 6] & (1 << UInt64(r & 63)) != 0 { continue }
                    let x = v[r]
                    if x == 0 {
                        if !sawZero { sawZero = true; distinct += 1 }
                        continue
                    }
                    let key = x.isNaN ? 0x7FF8_0000_0000_0000 : x.bitPattern
                    var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                    while true {
                        let here = table[i]
                        if here == key { break }
                        if here == 0 {
                            table[i] = key
                            distinct += 1
                            break
                        }
                        i = (i + 1) & mask
                    }
                    if distinct > limit { return }
                }
            }
        }
        return Swift.min(distinct, limit + 1)
    }
}

/// One slot per column, each written by exactly one task (distinct addresses, so no data race).
private final class StatisticsBox: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<ColumnStatistics?>
    private let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: Swift.max(count, 1))
        slots.initialize(repeating: nil, count: Swift.max(count, 1))
    }
    deinit {
        slots.deinitialize(count: Swift.max(count, 1))
        slots.deallocate()
    }
    func set(_ i: Int, _ s: ColumnStatistics) { slots[i] = s }
    var values: [ColumnStatistics] { (0..<count).compactMap { slots[$0] } }
}
