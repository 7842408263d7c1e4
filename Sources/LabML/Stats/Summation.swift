/// Sums and means that keep their digits over millions of values.
public enum Summation {
    /// numpy's pairwise summation, so means match numpy's (and scikit-learn's) to the last bits.
    public static func sum(_ xs: UnsafeBufferPointer<Double>) -> Double { pairwise(xs, Identity()) }

    public static func sum(_ xs: [Double]) -> Double { xs.withUnsafeBufferPointer { sum($0) } }

    public static func mean(_ xs: [Double]) -> Double { sum(xs) / Double(xs.count) }

    /// Σ (x - center)², summed as numpy sums the array of squared deviations that `var` makes
    /// (the same bits), without making that array.
    public static func sumOfSquares(_ xs: UnsafeBufferPointer<Double>, around center: Double) -> Double {
        pairwise(xs, SquaredDeviation(center: center))
    }

    /// numpy's var (ddof 0): the mean of squared deviations from the mean.
    public static func populationVariance(_ xs: UnsafeBufferPointer<Double>) -> Double {
        let count = Double(xs.count)
        return sumOfSquares(xs, around: sum(xs) / count) / count
    }

    private protocol Term {
        func callAsFunction(_ x: Double) -> Double
    }

    private struct Identity: Term {
        @inline(__always) func callAsFunction(_ x: Double) -> Double { x }
    }

    private struct SquaredDeviation: Term {
        let center: Double
        @inline(__always) func callAsFunction(_ x: Double) -> Double { (x - center) * (x - center) }
    }

    private static func pairwise<T: Term>(_ xs: UnsafeBufferPointer<Double>, _ f: T) -> Double {
        let n = xs.count
        if n < 8 {
            var s = 0.0
            for x in xs { s += f(x) }
            return s
        }
        if n <= 128 {
            // numpy unrolls by eight partial sums below its block size (kept in registers:
            // this runs once per 128 values of every sum).
            var r0 = f(xs[0]), r1 = f(xs[1]), r2 = f(xs[2]), r3 = f(xs[3])
            var r4 = f(xs[4]), r5 = f(xs[5]), r6 = f(xs[6]), r7 = f(xs[7])
            var i = 8
            while i + 8 <= n {
                r0 += f(xs[i]); r1 += f(xs[i + 1]); r2 += f(xs[i + 2]); r3 += f(xs[i + 3])
                r4 += f(xs[i + 4]); r5 += f(xs[i + 5]); r6 += f(xs[i + 6]); r7 += f(xs[i + 7])
                i += 8
            }
            var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { s += f(xs[i]); i += 1 }
            return s
        }
        var half = n / 2
        half -= half % 8
        return pairwise(UnsafeBufferPointer(rebasing: xs[0..<half]), f) + pairwise(UnsafeBufferPointer(rebasing: xs[half..<n]), f)
    }
}
