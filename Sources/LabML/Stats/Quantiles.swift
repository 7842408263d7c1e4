/// Quantiles of sorted values, by the definitions numpy (and so scikit-learn) uses.
public enum Quantiles {
    /// numpy's default `linear` method (Hyndman & Fan type 7).
    public static func linear(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - Double(lo))
    }

    /// numpy's `averaged_inverted_cdf` (H&F type 2), scikit-learn's default for quantile bins.
    public static func averagedInvertedCDF(_ sorted: [Double], _ q: Double) -> Double {
        let n = Double(sorted.count)
        let g = n * q
        let j = g.rounded(.down)
        let index = max(0, min(sorted.count - 1, Int(j) - 1))
        if g - j > 0 { return sorted[min(sorted.count - 1, Int(j))] }
        // On an exact boundary: the average of the two neighbouring order statistics.
        return (sorted[index] + sorted[min(sorted.count - 1, Int(j))]) / 2
    }

    public static func median(_ sorted: [Double]) -> Double { linear(sorted, 0.5) }
}
