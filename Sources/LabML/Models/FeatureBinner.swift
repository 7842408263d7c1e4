import LabData

/// Quantile bins per feature, learned on the training rows as scikit-learn's _BinMapper
/// learns them: with at most `maxBins` distinct values, one bin per value (thresholds at
/// midpoints); otherwise thresholds at the 'averaged_inverted_cdf' percentiles 100·i/maxBins,
/// repeated ones kept once. A value
/// goes to the first bin whose threshold it does not exceed, so a split "bin <= b" is the
/// split "value <= threshold[b]" on raw numbers. A missing value (NaN) is left out of the
/// quantiles and goes to bin `missingBin`, as scikit-learn's missing_values_bin_idx (255 with
/// max_bins=255): above every bin of values, so a split sends it right unless told otherwise.
public struct FeatureBinner: Sendable, Equatable, Codable {
    /// Per feature, the increasing upper edges of every bin but the last.
    public let thresholds: [[Double]]

    /// Bins per feature (at most 255, so a bin index fits a byte).
    public var binCounts: [Int] { thresholds.map { $0.count + 1 } }

    /// The bin of a missing value, past the at most 255 bins of values (0...254).
    static let missingBin: UInt8 = 255

    /// Rows beyond this are subsampled (seeded) before taking quantiles, as scikit-learn does.
    static let subsample = 200_000

    /// Learns the bins of `x`'s features. A feature's quantiles are taken without sorting it
    /// (`RankSelection`); above `subsample` rows, from a seeded sample of them.
    /// `categories`: per feature, the categories of a categorical one (sorted, at most 255; empty
    /// for the others), which are its bins: thresholds halfway between them put each in its own.
    public static func fit(_ x: Matrix, maxBins: Int, seed: UInt64, categories: [[Double]] = []) -> FeatureBinner {
        fit(FeatureValues(x), maxBins: maxBins, seed: seed, categories: categories)
    }

    /// The same on features as `FeatureValues` picks them.
    static func fit(_ s: FeatureValues, maxBins: Int, seed: UInt64, categories: [[Double]] = []) -> FeatureBinner {
        precondition(maxBins >= 2 && maxBins <= 255)
        let n = s.rowCount, p = s.featureCount
        let categories = categories.isEmpty ? [[Double]](repeating: [], count: p) : categories
        let rows = Swift.min(n, subsample)
        // The rows the quantiles are taken from: all of them, or the seeded sample, in row order
        // (the set of rows is what counts).
        let taken = n > subsample ? sample(subsample, of: n, seed: seed) : Array(0..<n)
        // Each feature's sample is read in its own task, one column at a time (in row order, which
        // the caches follow), and its thresholds found there.
        let source = s.rows.map { all in taken.map { all[$0] } } ?? taken
        var thresholds = [[Double]](repeating: [], count: p)
        s.withBases { bases, stride in
            thresholds.withUnsafeMutableBufferPointer { out in
                let shared = SharedBuffer(base: out.baseAddress!)
                Parallel.forEach(p) { f in
                    guard categories[f].isEmpty else {
                        shared[f] = featureThresholds(categories[f], maxBins: 255)
                        return
                    }
                    let column = bases[f]
                    let values = [Double](unsafeUninitializedCapacity: rows) { buffer, initialized in
                        for (k, r) in source.enumerated() { buffer[k] = column[r &* stride] }
                        initialized = rows
                    }
                    shared[f] = values.withUnsafeBufferPointer { Self.thresholds(of: $0, maxBins: maxBins) }
                }
            }
        }
        return FeatureBinner(thresholds: thresholds)
    }

    /// `count` distinct rows of 0..<n, each set of them equally likely, in increasing order
    /// (Floyd's sampling: one draw per row taken, marked in a bit set that stays in the cache;
    /// shuffling a list of all n rows read and wrote it at random, 5 to 8 ms on 800,000 rows).
    static func sample(_ count: Int, of n: Int, seed: UInt64) -> [Int] {
        precondition(count >= 0 && count <= n)
        var rng = SeededGenerator(seed: seed)
        var marked = [UInt64](repeating: 0, count: (n + 63) / 64)
        for j in (n - count)..<n {
            // Row t joins unless already in, when j (not yet drawable) does.
            let t = rng.below(j + 1)
            let pick = marked[t >> 6] & (1 << UInt64(t & 63)) == 0 ? t : j
            marked[pick >> 6] |= 1 << UInt64(pick & 63)
        }
        var rows: [Int] = []
        rows.reserveCapacity(count)
        for (w, word) in marked.enumerated() {
            var bits = word
            while bits != 0 {
                rows.append(w << 6 | bits.trailingZeroBitCount)
                bits &= bits &- 1
            }
        }
        return rows
    }

    /// Learns the bins (`fit`) and bins the same rows, row-major as `bin` bins new rows and
    /// column-major too (`layouts`).
    static func fitAndBin(_ x: Matrix, maxBins: Int, seed: UInt64, categories: [[Double]] = []) -> (binner: FeatureBinner, bins: [UInt8], columns: [UInt8]) {
        fitAndBin(FeatureValues(x), maxBins: maxBins, seed: seed, categories: categories)
    }

    static func fitAndBin(_ s: FeatureValues, maxBins: Int, seed: UInt64, categories: [[Double]] = []) -> (binner: FeatureBinner, bins: [UInt8], columns: [UInt8]) {
        let binner = fit(s, maxBins: maxBins, seed: seed, categories: categories)
        let (rowMajor, columnMajor) = binner.layouts(s, columnMajor: true)
        return (binner, rowMajor, columnMajor)
    }

    /// `featureThresholds` of a feature's values in any order, missing ones (NaN) among them.
    static func thresholds(of values: UnsafeBufferPointer<Double>, maxBins: Int) -> [Double] {
        if let distinct = fewDistinct(values, atMost: maxBins) { return featureThresholds(distinct, maxBins: maxBins) }
        var keys: [UInt64] = []
        keys.reserveCapacity(values.count)
        for v in values where !v.isNaN { keys.append(RadixSort.key(v)) }
        let count = keys.count
        // The ranks the percentiles read, found by asking for them; then their values.
        var ranks: [Int] = []
        _ = percentiles(count: count, maxBins: maxBins) { ranks.append($0); return 0 }
        ranks = Array(Set(ranks)).sorted()
        let selected = keys.withUnsafeBufferPointer { RankSelection.keys(at: ranks, of: $0) }
        var value: [Int: Double] = [:]
        for (r, k) in zip(ranks, selected) { value[r] = RadixSort.value(k) }
        return percentiles(count: count, maxBins: maxBins) { value[$0]! }
    }

    /// The distinct values, increasing, when there are at most `limit` of them (NaN left out; -0
    /// and +0 are one value), else nil: found with a small hash set that gives up at the first
    /// value past the limit, which continuous features reach within a few hundred rows.
    static func fewDistinct(_ values: UnsafeBufferPointer<Double>, atMost limit: Int) -> [Double]? {
        let capacity = 1 << (Int.bitWidth - (4 * limit + 3).leadingZeroBitCount)
        let empty = UInt64.max  // a NaN's bits: never a value kept here
        var table = [UInt64](repeating: empty, count: capacity)
        var found: [Double] = []
        let mask = capacity - 1
        let full = table.withUnsafeMutableBufferPointer { t -> Bool in
            for v in values where !v.isNaN {
                let bits = (v + 0.0).bitPattern
                var at = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
                while t[at] != empty && t[at] != bits { at = (at + 1) & mask }
                if t[at] == empty {
                    if found.count == limit { return true }
                    t[at] = bits
                    found.append(v + 0.0)
                }
            }
            return false
        }
        return full ? nil : found.sorted()
    }

    /// A feature's thresholds from its sorted values (NaN left out).
    static func featureThresholds(_ sorted: [Double], maxBins: Int) -> [Double] {
        var distinct: [Double] = []
        for v in sorted where distinct.last != v { distinct.append(v) }
        if distinct.count <= maxBins {
            return distinct.indices.dropLast().map { Swift.min((distinct[$0] + distinct[$0 + 1]) * 0.5, 1e300) }
        }
        return sorted.withUnsafeBufferPointer { s in percentiles(count: s.count, maxBins: maxBins) { s[$0] } }
    }

    /// The thresholds of more than `maxBins` distinct values, `count` of them, the value of rank
    /// r (0 the smallest) given by `at`: np.percentile's 'averaged_inverted_cdf' at
    /// np.linspace(0, 100, maxBins + 1)[1:-1], repeated ones kept once.
    private static func percentiles(count: Int, maxBins: Int, at: (Int) -> Double) -> [Double] {
        // The step first, as numpy computes it.
        let step = 100 / Double(maxBins)
        var cuts: [Double] = []
        for i in 1..<maxBins {
            let t = averagedInvertedCDF(count: count, Double(i) * step, at: at)
            if cuts.last != t { cuts.append(t) }
        }
        // scikit-learn keeps thresholds below 1e300 (ALMOST_INF; +inf means "split on missing values" there).
        return cuts.map { Swift.min($0, 1e300) }
    }

    /// numpy.percentile(method="averaged_inverted_cdf"), step for step: the order statistic at
    /// n·q, or halfway to the next one when n·q falls exactly on a whole number.
    static func averagedInvertedCDF(_ sorted: [Double], _ percent: Double) -> Double {
        sorted.withUnsafeBufferPointer { s in averagedInvertedCDF(count: s.count, percent) { s[$0] } }
    }

    private static func averagedInvertedCDF(count n: Int, _ percent: Double, at: (Int) -> Double) -> Double {
        let position = Double(n) * (percent / 100) - 1
        if position >= Double(n - 1) { return at(n - 1) }
        if position < 0 { return at(0) }
        let below = position.rounded(.down)
        let a = at(Int(below)), b = at(Int(below) + 1)
        // numpy's lerp from the upper end: b - (b - a)·(1 - γ), γ = 1/2 on a whole number, else 1.
        return position - below == 0 ? b - (b - a) * 0.5 : b
    }

    /// Row-major bin indices (row i, feature f at i·columns + f); `missingBin` for NaN.
    public func bin(_ x: Matrix) -> [UInt8] { layouts(FeatureValues(x), columnMajor: false).rows }

    /// The bins row-major and, when asked, column-major too (feature f's at f·rows ..< (f+1)·rows,
    /// then four zero bytes: boosting's partitions read four bytes at a row's bin), both written
    /// in one pass. The row-major bins are on 2 MB pages (a boosting fit reads scattered rows of
    /// all of them); the column-major ones are not: they are read in order, or one feature's
    /// column at a time (800 KB on 800,000 rows, whose 4 KB pages the address translation cache
    /// holds), and a fresh 2 MB page cost more to fault in here (1M fit: binning 69-87 -> 45-59 ms).
    func layouts(_ s: FeatureValues, columnMajor: Bool) -> (rows: [UInt8], columns: [UInt8]) {
        let n = s.rowCount, p = s.featureCount
        var columns: [UInt8] = []
        let rows = Self.bytes(n * p, hugePages: true) { out in
            if columnMajor {
                columns = Self.bytes(n * p + 4, hugePages: false) { byColumn in
                    (byColumn + n * p).initialize(repeating: 0, count: 4)
                    fill(s, rowMajor: SharedBuffer(base: out), columnMajor: SharedBuffer(base: byColumn))
                }
            } else {
                fill(s, rowMajor: SharedBuffer(base: out), columnMajor: nil)
            }
        }
        return (rows, columns)
    }

    private func fill(_ s: FeatureValues, rowMajor out: SharedBuffer<UInt8>, columnMajor: SharedBuffer<UInt8>?) {
        if let rows = s.rows {
            rows.withUnsafeBufferPointer { fill(s, ListedRows(rows: $0.baseAddress!), rowMajor: out, columnMajor: columnMajor) }
        } else {
            fill(s, EveryRow(), rowMajor: out, columnMajor: columnMajor)
        }
    }

    private func fill<Rows: RowLookup>(_ s: FeatureValues, _ lookup: Rows, rowMajor out: SharedBuffer<UInt8>, columnMajor: SharedBuffer<UInt8>?) {
        let n = s.rowCount, p = s.featureCount
        // Each feature's thresholds padded to 256 with +inf, and its guide's tables, in flat arrays
        // (the threads share no reference-counted inner arrays); a feature without a guide is
        // searched in 8 halvings.
        var padded = [Double](repeating: .infinity, count: p * Self.paddedCount)
        for (f, t) in thresholds.enumerated() { for (j, c) in t.enumerated() { padded[f * Self.paddedCount + j] = c } }
        let guides = thresholds.map(BinGuide.init)
        let tables = guides.flatMap { $0.map { $0.before + $0.inside } ?? [UInt8](repeating: 0, count: 2 * BinGuide.buckets) }
        let lows = guides.map { $0?.low ?? 0 }, scales = guides.map { $0?.scale ?? 0 }
        let chunks = Parallel.ranges(n, pieces: Parallel.pieces, minimum: 4096)
        s.withBases { bases, rowStride in
            Parallel.forEach(chunks.count) { c in
                padded.withUnsafeBufferPointer { all in
                    tables.withUnsafeBufferPointer { guide in
                        // Blocks of rows whose values stay in the L1 cache while each feature is binned.
                        for block in stride(from: chunks[c].lowerBound, to: chunks[c].upperBound, by: 256) {
                            let end = Swift.min(block + 256, chunks[c].upperBound)
                            for f in 0..<p {
                                let cuts = all.baseAddress! + f * Self.paddedCount
                                if scales[f] > 0 {
                                    let before = guide.baseAddress! + 2 * f * BinGuide.buckets
                                    Self.binGuided(bases[f], stride: rowStride, rows: lookup, at: block..<end, cuts: cuts, low: lows[f], scale: scales[f],
                                                   before: before, inside: before + BinGuide.buckets, into: out.base + f, stride: p)
                                } else {
                                    Self.binColumn(bases[f], stride: rowStride, rows: lookup, at: block..<end, cuts: cuts, into: out.base + f, stride: p)
                                }
                                if let columnMajor {
                                    let from = out.base + f, to = columnMajor.base + f &* n
                                    for i in block..<end { to[i] = from[i &* p] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `count` bytes, on 2 MB pages when asked (and large enough), every one written by `fill`.
    private static func bytes(_ count: Int, hugePages: Bool, _ fill: (UnsafeMutablePointer<UInt8>) -> Void) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
            if hugePages { adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress), bytes: count) }
            fill(buffer.baseAddress!)
            initialized = count
        }
    }

    /// The length of each feature's padded thresholds: at most 254 (255 bins), then +inf, which
    /// a guided lookup may read one past its bucket's.
    private static let paddedCount = 256

    /// As `binColumn`, through the feature's `BinGuide` (its tables `before` and `inside`): a
    /// value's bucket leaves at most two thresholds to compare it with (compared without a branch;
    /// a threshold of a later bucket compares false), rarely more (searched in turn).
    @inline(__always)
    private static func binGuided<Rows: RowLookup>(_ values: UnsafePointer<Double>, stride p: Int, rows lookup: Rows, at positions: Range<Int>,
                                                   cuts t: UnsafePointer<Double>, low: Double, scale: Double, before: UnsafePointer<UInt8>,
                                                   inside: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, stride q: Int) {
        @inline(__always) func bit(_ b: Bool) -> Int { Int(unsafeBitCast(b, to: UInt8.self)) }
        @inline(__always) func settle(_ v: Double) -> UInt8 {
            // NaN lands in the last bucket and is sent to the missing bin at the end.
            let b = BinGuide.bucket(v, low: low, scale: scale)
            var at = Int(before[b])
            let count = Int(inside[b])
            if count <= 2 {
                at &+= bit(t[at] < v) &+ bit(t[at &+ 1] < v)
            } else {
                let end = at &+ count
                while at < end && t[at] < v { at &+= 1 }
            }
            return v.isNaN ? missingBin : UInt8(truncatingIfNeeded: at)
        }
        // Four values a step: each one's chain of loads (value, bucket, thresholds) is long, and
        // four independent ones overlap.
        var i = positions.lowerBound
        while i &+ 4 <= positions.upperBound {
            let v0 = values[lookup[i] &* p], v1 = values[lookup[i &+ 1] &* p]
            let v2 = values[lookup[i &+ 2] &* p], v3 = values[lookup[i &+ 3] &* p]
            let b0 = settle(v0), b1 = settle(v1), b2 = settle(v2), b3 = settle(v3)
            out[i &* q] = b0
            out[(i &+ 1) &* q] = b1
            out[(i &+ 2) &* q] = b2
            out[(i &+ 3) &* q] = b3
            i &+= 4
        }
        for i in i..<positions.upperBound { out[i &* q] = settle(values[lookup[i] &* p]) }
    }

    /// out[i·q] = the bin of values[rows[i]·p] for i in `positions`: the number of `cuts`
    /// (increasing, padded with +inf) below it, or `missingBin`. Four rows are searched in step:
    /// each halving waits on the last one's load, so four independent searches keep the core busy
    /// where one would leave it waiting. Branch-free: the comparisons are unpredictable.
    @inline(__always)
    private static func binColumn<Rows: RowLookup>(_ values: UnsafePointer<Double>, stride p: Int, rows lookup: Rows, at positions: Range<Int>,
                                                   cuts t: UnsafePointer<Double>, into out: UnsafeMutablePointer<UInt8>, stride q: Int) {
        @inline(__always) func below(_ v: Double, _ at: Int, _ step: Int) -> Int {
            Int(unsafeBitCast(t[at &+ step &- 1] < v, to: UInt8.self)) &* step
        }
        @inline(__always) func result(_ v: Double, _ at: Int) -> UInt8 { v.isNaN ? missingBin : UInt8(truncatingIfNeeded: at) }
        var i = positions.lowerBound
        while i &+ 4 <= positions.upperBound {
            let v0 = values[lookup[i] &* p], v1 = values[lookup[i &+ 1] &* p], v2 = values[lookup[i &+ 2] &* p], v3 = values[lookup[i &+ 3] &* p]
            var a0 = 0, a1 = 0, a2 = 0, a3 = 0, step = 128
            while step > 0 {
                a0 &+= below(v0, a0, step)
                a1 &+= below(v1, a1, step)
                a2 &+= below(v2, a2, step)
                a3 &+= below(v3, a3, step)
                step >>= 1
            }
            out[i &* q] = result(v0, a0)
            out[(i &+ 1) &* q] = result(v1, a1)
            out[(i &+ 2) &* q] = result(v2, a2)
            out[(i &+ 3) &* q] = result(v3, a3)
            i &+= 4
        }
        while i < positions.upperBound {
            let v = values[lookup[i] &* p]
            var a = 0, step = 128
            while step > 0 {
                a &+= below(v, a, step)
                step >>= 1
            }
            out[i &* q] = result(v, a)
            i &+= 1
        }
    }

    /// The number of thresholds below v (binary search).
    @inline(__always)
    static func binIndex(_ v: Double, _ t: UnsafeBufferPointer<Double>) -> Int {
        // Branch-free halving: the comparisons are unpredictable, so the comparison's bit steps the
        // search by arithmetic (conditional expressions compile to a branch here, mispredicted half
        // the time); the loop runs a number of times set by the count alone.
        var lo = 0, length = t.count
        while length > 0 {
            let half = length >> 1
            let above = Int(unsafeBitCast(v > t[lo &+ half], to: UInt8.self))
            lo &+= above &* (half &+ 1)
            length = half &+ above &* (length &- half &- half &- 1)
        }
        return lo
    }
}

/// The row of a `FeatureValues`' storage at each place of a binning pass.
protocol RowLookup: Sendable {
    subscript(_ k: Int) -> Int { get }
}

private struct EveryRow: RowLookup {
    @inline(__always) subscript(_ k: Int) -> Int { k }
}

private struct ListedRows: RowLookup, @unchecked Sendable {
    let rows: UnsafePointer<Int>
    @inline(__always) subscript(_ k: Int) -> Int { rows[k] }
}
