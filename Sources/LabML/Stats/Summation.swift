/// Sums and means that keep their digits over millions of values.
public enum Summation {
    /// numpy's pairwise summation, so means match numpy's (and scikit-learn's) to the last bits.
    public static func sum(_ xs: UnsafeBufferPointer<Double>) -> Double {
        let n = xs.count
        if n < 8 {
            var s = 0.0
            for x in xs { s += x }
            return s
        }
        if n <= 128 {
            // numpy unrolls by eight partial sums below its block size.
            var r = [Double](repeating: 0, count: 8)
            for k in 0..<8 { r[k] = xs[k] }
            var i = 8
            while i + 8 <= n {
                for k in 0..<8 { r[k] += xs[i + k] }
                i += 8
            }
            var s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { s += xs[i]; i += 1 }
            return s
        }
        var half = n / 2
        half -= half % 8
        return sum(UnsafeBufferPointer(rebasing: xs[0..<half])) + sum(UnsafeBufferPointer(rebasing: xs[half..<n]))
    }

    public static func sum(_ xs: [Double]) -> Double { xs.withUnsafeBufferPointer { sum($0) } }

    public static func mean(_ xs: [Double]) -> Double { sum(xs) / Double(xs.count) }
}
