/// Equal-width bin counts over [lo, hi], binned exactly as numpy.histogram(x, bins=n) does:
/// edges from linspace, each bin closed on the left, the last one closed on both sides.
public struct Histogram: Sendable, Equatable {
    public let lo: Double
    public let hi: Double
    public let counts: [Int]

    public init(lo: Double, hi: Double, counts: [Int]) {
        self.lo = lo
        self.hi = hi
        self.counts = counts
    }

    /// Bins sorted, non-empty values; sorting first turns binning into `bins` binary searches.
    public init(sorted: UnsafeBufferPointer<Double>, bins: Int = 10) {
        precondition(!sorted.isEmpty && bins > 0)
        var lo = sorted[0], hi = sorted[sorted.count - 1]
        if lo == hi { (lo, hi) = (lo - 0.5, hi + 0.5) }
        let step = (hi - lo) / Double(bins)
        var starts = [Int](repeating: 0, count: bins + 1)
        for i in 1..<bins { starts[i] = Self.lowerBound(sorted, Double(i) * step + lo) }
        starts[bins] = sorted.count
        self.lo = lo
        self.hi = hi
        counts = (0..<bins).map { starts[$0 + 1] - starts[$0] }
    }

    /// The first index whose value is not below `x`.
    static func lowerBound(_ xs: UnsafeBufferPointer<Double>, _ x: Double) -> Int {
        var lo = 0, hi = xs.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if xs[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
