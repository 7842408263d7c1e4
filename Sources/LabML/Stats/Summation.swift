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
            // numpy unrolls by eight partial sums below its block size (kept in registers:
            // this runs once per 128 values of every sum).
            var r0 = xs[0], r1 = xs[1], r2 = xs[2], r3 = xs[3]
            var r4 = xs[4], r5 = xs[5], r6 = xs[6], r7 = xs[7]
            var i = 8
            while i + 8 <= n {
                r0 += xs[i]; r1 += xs[i + 1]; r2 += xs[i + 2]; r3 += xs[i + 3]
                r4 += xs[i + 4]; r5 += xs[i + 5]; r6 += xs[i + 6]; r7 += xs[i + 7]
                i += 8
            }
            var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
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
