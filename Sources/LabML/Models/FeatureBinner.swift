import LabData

/// Quantile bins per feature, learned on the training rows as scikit-learn's _BinMapper
/// learns them: with at most `maxBins` distinct values, one bin per value (thresholds at
/// midpoints); otherwise thresholds at the 'midpoint' percentiles 100·i/maxBins. A value
/// goes to the first bin whose threshold it does not exceed, so a split "bin <= b" is the
/// split "value <= threshold[b]" on raw numbers.
public struct FeatureBinner: Sendable, Equatable, Codable {
    /// Per feature, the increasing upper edges of every bin but the last.
    public let thresholds: [[Double]]

    /// Bins per feature (at most 255, so a bin index fits a byte).
    public var binCounts: [Int] { thresholds.map { $0.count + 1 } }

    /// Rows beyond this are subsampled (seeded) before taking quantiles, as scikit-learn does.
    static let subsample = 200_000

    public static func fit(_ x: Matrix, maxBins: Int, seed: UInt64) -> FeatureBinner { fitAndBin(x, maxBins: maxBins, seed: seed).binner }

    /// Learns the bins and bins the same rows, column-major (feature f of row i at f·rows + i): each
    /// column is sorted once (radix), which gives both the quantiles and, walking the sorted values
    /// against the thresholds, every row's bin; above `subsample` rows only the sample is sorted.
    static func fitAndBin(_ x: Matrix, maxBins: Int, seed: UInt64) -> (binner: FeatureBinner, bins: [UInt8]) {
        precondition(maxBins >= 2 && maxBins <= 255)
        let n = x.rows, p = x.columns
        var sample: [Int]? = nil
        if n > subsample {
            var rng = SeededGenerator(seed: seed)
            var rows = Array(0..<n)
            for i in 0..<subsample { rows.swapAt(i, i + rng.below(n - i)) }
            sample = Array(rows.prefix(subsample))
        }
        var thresholds = [[Double]](repeating: [], count: p)
        var bins = [UInt8](repeating: 0, count: n * p)
        thresholds.withUnsafeMutableBufferPointer { out in
            bins.withUnsafeMutableBufferPointer { bb in
                let shared = SharedBuffer(base: out.baseAddress!), binsOut = SharedBuffer(base: bb.baseAddress!)
                Parallel.forEach(p) { f in
                    let column = (0..<n).map { x[$0, f] }
                    if let sample {
                        // Thresholds from the sample; every row binned by binary search, cheaper than
                        // sorting the whole column (eight passes over rows and their indices).
                        let picked = sample.map { column[$0] }
                        let cuts = featureThresholds(picked.withUnsafeBufferPointer { RadixSort.sorted($0).values }, maxBins: maxBins)
                        shared[f] = cuts
                        cuts.withUnsafeBufferPointer { t in
                            for i in 0..<n { binsOut[f * n + i] = UInt8(Self.binIndex(column[i], t)) }
                        }
                        return
                    }
                    let sorted = column.withUnsafeBufferPointer { RadixSort.sorted($0) }
                    let cuts = featureThresholds(sorted.values, maxBins: maxBins)
                    shared[f] = cuts
                    var bin = 0
                    for k in 0..<n {
                        let v = sorted.values[k]
                        while bin < cuts.count && v > cuts[bin] { bin += 1 }
                        binsOut[f * n + Int(sorted.indices[k])] = UInt8(bin)
                    }
                }
            }
        }
        return (FeatureBinner(thresholds: thresholds), bins)
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
            cuts = (1..<maxBins).map { midpointPercentile(sorted, Double($0) * step) }
        }
        // scikit-learn keeps +inf out of thresholds (it means "split on missing values" there).
        return cuts.map { min($0, Double.greatestFiniteMagnitude) }
    }

    /// numpy.percentile(method="midpoint"): halfway between the order statistics around the position.
    static func midpointPercentile(_ sorted: [Double], _ q: Double) -> Double {
        let position = Double(sorted.count - 1) * (q / 100)
        let lo = Int(position.rounded(.down)), hi = Int(position.rounded(.up))
        if lo == hi { return sorted[lo] }
        return sorted[hi] - (sorted[hi] - sorted[lo]) * 0.5
    }

    /// Row-major bin indices (row i, feature f at i·columns + f).
    public func bin(_ x: Matrix) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: x.rows * x.columns)
        let p = x.columns
        out.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedBuffer(base: buffer.baseAddress!)
            let chunks = Parallel.ranges(x.rows, pieces: Parallel.pieces, minimum: 4096)
            Parallel.forEach(chunks.count) { c in
                x.storage.withUnsafeBufferPointer { xs in
                    for f in 0..<p {
                        thresholds[f].withUnsafeBufferPointer { t in
                            for i in chunks[c] { shared[i * p + f] = UInt8(Self.binIndex(xs[i * p + f], t)) }
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
        // Branch-free halving (the comparisons are unpredictable): selects compile to conditional moves.
        var lo = 0, length = t.count
        while length > 0 {
            let half = length >> 1
            let above = v > t[lo &+ half]
            lo = above ? lo &+ half &+ 1 : lo
            length = above ? length &- half &- 1 : half
        }
        return lo
    }
}
