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

    public static func fit(_ x: Matrix, maxBins: Int, seed: UInt64) -> FeatureBinner { fitAndBin(x, maxBins: maxBins, seed: seed).binner }

    /// Learns the bins and bins the same rows, row-major as `bin` bins new rows.
    /// Up to `subsample` rows, each column is sorted once (radix), which gives both the quantiles
    /// and, walking the sorted values against the thresholds, every row's bin. Above it only the
    /// sample is sorted, and every row is binned by binary search, cheaper than sorting the whole
    /// column (eight passes over rows and their indices).
    /// `categories`: per feature, the categories of a categorical one (sorted, at most 255; empty
    /// for the others), which are its bins: thresholds halfway between them put each in its own.
    static func fitAndBin(_ x: Matrix, maxBins: Int, seed: UInt64, categories: [[Double]] = []) -> (binner: FeatureBinner, bins: [UInt8]) {
        precondition(maxBins >= 2 && maxBins <= 255)
        let n = x.rows, p = x.columns
        let categories = categories.isEmpty ? [[Double]](repeating: [], count: p) : categories
        var thresholds = [[Double]](repeating: [], count: p)
        guard n > subsample else {
            var bins = [UInt8](repeating: 0, count: n * p)
            let columns = x.columnMajor()
            thresholds.withUnsafeMutableBufferPointer { out in
                bins.withUnsafeMutableBufferPointer { bb in
                    let shared = SharedBuffer(base: out.baseAddress!), binsOut = SharedBuffer(base: bb.baseAddress!)
                    Parallel.forEach(p) { f in
                        let sorted = columns.withUnsafeBufferPointer { RadixSort.sorted(UnsafeBufferPointer(rebasing: $0[(f * n)..<((f + 1) * n)])) }
                        let cuts = Self.cuts(sorted.values, categories: categories[f], maxBins: maxBins)
                        shared[f] = cuts
                        var bin = 0
                        for k in 0..<n {
                            let v = sorted.values[k]
                            // NaN compares false, so it leaves `bin` where it is for the next value.
                            while bin < cuts.count && v > cuts[bin] { bin += 1 }
                            binsOut[Int(sorted.indices[k]) &* p &+ f] = v.isNaN ? missingBin : UInt8(bin)
                        }
                    }
                }
            }
            return (FeatureBinner(thresholds: thresholds), bins)
        }
        // The seeded sample, read in row order (the set of rows is what counts) into one array per feature.
        var rng = SeededGenerator(seed: seed)
        var order = Array(0..<n)
        for i in 0..<subsample { order.swapAt(i, i + rng.below(n - i)) }
        var sample = [Double](repeating: 0, count: subsample * p)
        x.storage.withUnsafeBufferPointer { xs in
            for (k, r) in order.prefix(subsample).sorted().enumerated() {
                for f in 0..<p { sample[f &* subsample &+ k] = xs[r &* p &+ f] }
            }
        }
        thresholds.withUnsafeMutableBufferPointer { out in
            let shared = SharedBuffer(base: out.baseAddress!)
            Parallel.forEach(p) { f in
                let sorted = sample.withUnsafeBufferPointer { RadixSort.sorted(UnsafeBufferPointer(rebasing: $0[(f * subsample)..<((f + 1) * subsample)])) }
                shared[f] = Self.cuts(sorted.values, categories: categories[f], maxBins: maxBins)
            }
        }
        let binner = FeatureBinner(thresholds: thresholds)
        return (binner, binner.bin(x))
    }

    /// A feature's thresholds from its sorted values, or, for a categorical one, from its categories.
    private static func cuts(_ sorted: [Double], categories: [Double], maxBins: Int) -> [Double] {
        categories.isEmpty ? featureThresholds(present(sorted), maxBins: maxBins) : featureThresholds(categories, maxBins: 255)
    }

    /// The sorted values without the missing ones (NaN sorts to either end by its sign bit).
    private static func present(_ sorted: [Double]) -> [Double] {
        sorted.first?.isNaN == true || sorted.last?.isNaN == true ? sorted.filter { !$0.isNaN } : sorted
    }

    static func featureThresholds(_ sorted: [Double], maxBins: Int) -> [Double] {
        var distinct: [Double] = []
        for v in sorted where distinct.last != v { distinct.append(v) }
        let cuts: [Double]
        if distinct.count <= maxBins {
            cuts = (0..<max(0, distinct.count - 1)).map { (distinct[$0] + distinct[$0 + 1]) * 0.5 }
        } else {
            // np.linspace(0, 100, maxBins + 1)[1:-1], step first as numpy computes it.
            let step = 100 / Double(maxBins)
            var percentiles: [Double] = []
            for i in 1..<maxBins {
                let t = averagedInvertedCDF(sorted, Double(i) * step)
                if percentiles.last != t { percentiles.append(t) }
            }
            cuts = percentiles
        }
        // scikit-learn keeps thresholds below 1e300 (ALMOST_INF; +inf means "split on missing values" there).
        return cuts.map { min($0, 1e300) }
    }

    /// numpy.percentile(method="averaged_inverted_cdf"), step for step: the order statistic at
    /// n·q, or halfway to the next one when n·q falls exactly on a whole number.
    static func averagedInvertedCDF(_ sorted: [Double], _ percent: Double) -> Double {
        let n = sorted.count
        let position = Double(n) * (percent / 100) - 1
        if position >= Double(n - 1) { return sorted[n - 1] }
        if position < 0 { return sorted[0] }
        let below = position.rounded(.down)
        let a = sorted[Int(below)], b = sorted[Int(below) + 1]
        // numpy's lerp from the upper end: b - (b - a)·(1 - γ), γ = 1/2 on a whole number, else 1.
        return position - below == 0 ? b - (b - a) * 0.5 : b
    }

    /// Row-major bin indices (row i, feature f at i·columns + f); `missingBin` for NaN.
    public func bin(_ x: Matrix) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: x.rows * x.columns)
        let p = x.columns
        // All thresholds in one array, so the threads share no reference-counted inner arrays.
        let cuts = thresholds.flatMap { $0 }
        var starts = [0]
        for t in thresholds { starts.append(starts.last! + t.count) }
        out.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedBuffer(base: buffer.baseAddress!)
            let chunks = Parallel.ranges(x.rows, pieces: Parallel.pieces, minimum: 4096)
            Parallel.forEach(chunks.count) { c in
                x.storage.withUnsafeBufferPointer { xs in
                    cuts.withUnsafeBufferPointer { all in
                        for i in chunks[c] {
                            for f in 0..<p {
                                let t = UnsafeBufferPointer(rebasing: all[starts[f]..<starts[f + 1]])
                                let v = xs[i &* p &+ f]
                                shared[i &* p &+ f] = v.isNaN ? Self.missingBin : UInt8(truncatingIfNeeded: Self.binIndex(v, t))
                            }
                        }
                    }
                }
            }
        }
        return out
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
