import Dispatch
import LabData

/// The per-column numbers a dataset version keeps so two versions can be compared later
/// without their data: count (present values), missing, mean, sample std (n-1), min, max
/// and the number of distinct present values. One pass per column, no sorting, columns on
/// all cores: it runs on every load of a million-row file.
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
    public let unique: Int

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
            unique = distinct.count
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

/// One column's numbers in two tight passes over raw pointers: Kahan-summed mean (as describe
/// does, so long columns keep their digits), min, max and the keys for the distinct count,
/// then the sample std.
struct NumericSummary {
    private(set) var count = 0
    private(set) var mean = 0.0
    private(set) var std: Double?
    private(set) var min = Double.infinity
    private(set) var max = -Double.infinity
    private(set) var distinct = 0

    init(_ values: [Double], missing: [UInt64]?, arithmetic: Bool) {
        var n = 0, sum = 0.0, compensation = 0.0, lo = Double.infinity, hi = -Double.infinity
        var keys = [UInt64]()
        keys.reserveCapacity(values.count)
        values.withUnsafeBufferPointer { v in
            for r in 0..<v.count {
                if let missing, missing[r >> 6] & (1 << UInt64(r & 63)) != 0 { continue }
                let x = v[r]
                n += 1
                let y = x - compensation
                let t = sum + y
                compensation = (t - sum) - y
                sum = t
                if x < lo { lo = x }
                if x > hi { hi = x }
                // By value: 0.0 and -0.0 are one, and so are all NaNs.
                keys.append(x == 0 ? 0 : (x.isNaN ? 0x7FF8_0000_0000_0000 : x.bitPattern))
            }
        }
        (count, min, max, distinct) = (n, lo, hi, DistinctCount.of(&keys))
        guard n > 0 else { return }
        let m = sum / Double(n)
        mean = m
        guard n > 1, arithmetic else { return }
        var ss = 0.0
        values.withUnsafeBufferPointer { v in
            for r in 0..<v.count {
                if let missing, missing[r >> 6] & (1 << UInt64(r & 63)) != 0 { continue }
                ss += (v[r] - m) * (v[r] - m)
            }
        }
        std = (ss / Double(n - 1)).squareRoot()
    }
}

/// Counts distinct 64-bit keys by sorting them (LSD radix sort, 11 bits a pass, skipping a pass
/// when every key has the same digit there) and counting changes. A hash set would be as
/// simple, but a million mostly distinct keys make it miss the cache on every insert; the radix
/// passes stream through memory, several times faster on the columns this runs on at each load.
enum DistinctCount {
    static func of(_ keys: inout [UInt64]) -> Int {
        let n = keys.count
        guard n > 1 else { return n }
        var scratch = [UInt64](repeating: 0, count: n)
        let bits = 11, buckets = 1 << bits
        var counts = [Int](repeating: 0, count: buckets)
        var shift: UInt64 = 0
        while shift < 64 {
            let mask = UInt64(buckets - 1)
            let moved: Bool = keys.withUnsafeBufferPointer { src in
                scratch.withUnsafeMutableBufferPointer { dst in
                    counts.withUnsafeMutableBufferPointer { c in
                        for k in 0..<buckets { c[k] = 0 }
                        for key in src { c[Int((key >> shift) & mask)] += 1 }
                        if c[Int((src[0] >> shift) & mask)] == n { return false }
                        var total = 0
                        for k in 0..<buckets {
                            let here = c[k]
                            c[k] = total
                            total += here
                        }
                        for key in src {
                            let d = Int((key >> shift) & mask)
                            dst[c[d]] = key
                            c[d] += 1
                        }
                        return true
                    }
                }
            }
            if moved { swap(&keys, &scratch) }
            shift += UInt64(bits)
        }
        var distinct = 1
        keys.withUnsafeBufferPointer { k in
            for i in 1..<n where k[i] != k[i - 1] { distinct += 1 }
        }
        return distinct
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
