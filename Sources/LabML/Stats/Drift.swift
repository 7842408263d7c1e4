/// How far a column's values in current data have moved from those in reference data (the
/// data a model learned from, or an earlier period), by the two distances monitoring tools
/// such as Evidently use by default on large data:
///
/// - numbers: the Wasserstein (earth mover's) distance between the two samples, scipy's
///   `wasserstein_distance`, divided by the reference's standard deviation (numpy's, ddof 0; at
///   least 0.001), so it reads in reference standard deviations whatever the unit;
/// - categories: the Jensen-Shannon distance between the two samples' shares of each category,
///   scipy's `jensenshannon` (natural log): 0 for the same shares, at most √ln 2 ≈ 0.83.
///
/// A column drifted when its score reaches the threshold (0.1 for both). Missing values are left
/// out of both samples.
public enum Drift {
    public static let defaultThreshold = 0.1

    public enum Method: String, Sendable {
        case wasserstein = "wasserstein (normed)"
        case jensenShannon = "jensen-shannon"

        /// The name as a metric label: one word.
        public var label: String { self == .wasserstein ? "wasserstein_normed" : "jensen_shannon" }
    }

    /// scipy's `wasserstein_distance(u, v)`: the area between the two samples' distribution
    /// functions, Σ |U(x) − V(x)| over the gaps between consecutive values of both, summed as
    /// numpy sums (pairwise). Both samples non-empty.
    public static func wasserstein(_ u: [Double], _ v: [Double]) -> Double {
        let u = u.withUnsafeBufferPointer { RadixSort.sorted($0).values }
        let v = v.withUnsafeBufferPointer { RadixSort.sorted($0).values }
        let total = u.count + v.count
        guard total > 1 else { return 0 }
        // The merged order of both samples, walked once; term k is the gap after its k-th value.
        var terms = [Double](repeating: 0, count: total - 1)
        var i = 0, j = 0
        let nu = Double(u.count), nv = Double(v.count)
        func next() -> Double {
            if j == v.count || (i < u.count && u[i] <= v[j]) { defer { i += 1 }; return u[i] }
            defer { j += 1 }
            return v[j]
        }
        var x = next()
        for k in 0..<(total - 1) {
            // Where the next value is larger, every value at most x has been taken (searchsorted
            // side="right"); between equal values the gap, and so the term, is 0.
            let (a, b) = (i, j)
            let y = next()
            terms[k] = y > x ? abs(Double(a) / nu - Double(b) / nv) * (y - x) : 0
            x = y
        }
        return Summation.sum(terms)
    }

    /// The Wasserstein distance in reference standard deviations (the spread floored at 0.001, so
    /// a constant reference still gives a number).
    public static func normedWasserstein(reference: [Double], current: [Double]) -> Double {
        let spread = reference.withUnsafeBufferPointer { Summation.populationVariance($0) }.squareRoot()
        return wasserstein(reference, current) / max(spread, 0.001)
    }

    /// scipy's `jensenshannon(p, q)` (natural log): each vector made to sum to 1, then
    /// √((KL(p‖m) + KL(q‖m)) / 2) with m their mean.
    public static func jensenShannon(_ p: [Double], _ q: [Double]) -> Double {
        let sp = Summation.sum(p), sq = Summation.sum(q)
        let p = p.map { $0 / sp }, q = q.map { $0 / sq }
        let m = zip(p, q).map { ($0 + $1) / 2 }
        func relativeEntropy(_ x: Double, _ y: Double) -> Double {
            x > 0 && y > 0 ? x * log(x / y) : (x == 0 && y >= 0 ? 0 : .infinity)
        }
        let left = Summation.sum(zip(p, m).map(relativeEntropy)), right = Summation.sum(zip(q, m).map(relativeEntropy))
        return ((left + right) / 2).squareRoot()
    }

    /// The Jensen-Shannon distance between two samples of categories: each one's share of every
    /// category either holds (a category one of them lacks has share 0 there).
    public static func categoryDistance<Key: Hashable & Comparable>(reference: [Key: Int], current: [Key: Int]) -> Double {
        let keys = Set(reference.keys).union(current.keys).sorted()
        let nr = Double(reference.values.reduce(0, +)), nc = Double(current.values.reduce(0, +))
        return jensenShannon(keys.map { Double(reference[$0] ?? 0) / nr }, keys.map { Double(current[$0] ?? 0) / nc })
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
