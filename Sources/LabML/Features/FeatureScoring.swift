#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// Univariate feature scores as scikit-learn computes them: f_classif / f_regression
/// (ANOVA or correlation F-test with p-values), chi2, the variance, and
/// mutual_info_classif's nearest-neighbour estimate.
public enum FeatureScoring {
    public enum Method: String, Sendable, CaseIterable {
        case mutualInfo = "mutual_info"
        case fTest = "f_test"
        case chi2
        case variance
    }

    public struct Score: Sendable, Equatable {
        public let feature: String
        public let score: Double
        public let pValue: Double?
    }

    public static func scores(_ method: Method, x: Matrix, features: [String], target: TrainingData.Target?, seed: UInt64) throws -> [Score] {
        switch method {
        case .variance:
            return (0..<x.columns).map { c in
                let column = (0..<x.rows).map { x[$0, c] }
                let mean = Summation.mean(column)
                return Score(feature: features[c], score: Summation.sum(column.map { ($0 - mean) * ($0 - mean) }) / Double(x.rows), pValue: nil)
            }
        case .fTest:
            switch target {
            case .classes(let labels, let y): return fClassif(x, y, classes: labels.count, features)
            case .values(let v): return fRegression(x, v, features)
            case nil: throw DataError("f_test needs target=", hint: "e.g. features rank target=survived method=f_test")
            }
        case .chi2:
            guard case .classes(let labels, let y) = target else {
                throw DataError("chi2 scores features against a class target", hint: "use f_test for a numeric target")
            }
            return try chi2(x, y, classes: labels.count, features)
        case .mutualInfo:
            guard case .classes(_, let y) = target else {
                throw DataError("mutual_info is estimated here for a class target only",
                                hint: "use f_test for a numeric target (scikit-learn's mutual_info_regression is not implemented)")
            }
            return mutualInformation(x, y, features, seed: seed)
        }
    }

    /// scikit-learn's f_oneway, term for term.
    static func fClassif(_ x: Matrix, _ y: [Int], classes k: Int, _ features: [String]) -> [Score] {
        let n = Double(x.rows)
        let counts = (0..<k).map { c in Double(y.filter { $0 == c }.count) }
        return (0..<x.columns).map { f in
            var total = 0.0, squares = 0.0
            var sums = [Double](repeating: 0, count: k)
            for r in 0..<x.rows {
                let v = x[r, f]
                total += v
                squares += v * v
                sums[y[r]] += v
            }
            let sstot = squares - total * total / n
            var ssbn = 0.0
            for c in 0..<k where counts[c] > 0 { ssbn += sums[c] * sums[c] / counts[c] }
            ssbn -= total * total / n
            let sswn = sstot - ssbn
            let dfbn = Double(k - 1), dfwn = n - Double(k)
            let statistic = (ssbn / dfbn) / (sswn / dfwn)
            return Score(feature: features[f], score: statistic, pValue: SpecialFunctions.fSurvival(statistic, dfbn, dfwn))
        }
    }

    /// scikit-learn's f_regression: the squared correlation as an F statistic with (1, n-2) degrees of freedom.
    static func fRegression(_ x: Matrix, _ y: [Double], _ features: [String]) -> [Score] {
        let n = Double(x.rows)
        let yMean = Summation.mean(y)
        let yc = y.map { $0 - yMean }
        let yNorm = yc.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return (0..<x.columns).map { f in
            var mean = 0.0, squares = 0.0, dot = 0.0
            for r in 0..<x.rows {
                let v = x[r, f]
                mean += v
                squares += v * v
                dot += yc[r] * v
            }
            mean /= n
            let norm = (squares - n * mean * mean).squareRoot()
            let r = dot / norm / yNorm
            let statistic = r * r / (1 - r * r) * (n - 2)
            return Score(feature: features[f], score: statistic, pValue: SpecialFunctions.fSurvival(statistic, 1, n - 2))
        }
    }

    static func chi2(_ x: Matrix, _ y: [Int], classes k: Int, _ features: [String]) throws -> [Score] {
        if let bad = x.storage.firstIndex(where: { $0 < 0 }) {
            throw DataError("chi2 needs non-negative features; '\(features[bad % x.columns])' has \(x.storage[bad]) in row \(bad / x.columns + 1)",
                            hint: "scale method=minmax first, or use f_test")
        }
        let n = Double(x.rows)
        let classProbability = (0..<k).map { c in Double(y.filter { $0 == c }.count) / n }
        return (0..<x.columns).map { f in
            var observed = [Double](repeating: 0, count: k)
            var total = 0.0
            for r in 0..<x.rows {
                observed[y[r]] += x[r, f]
                total += x[r, f]
            }
            var statistic = 0.0
            for c in 0..<k {
                let expected = classProbability[c] * total
                statistic += (observed[c] - expected) * (observed[c] - expected) / expected
            }
            return Score(feature: features[f], score: statistic, pValue: SpecialFunctions.chiSquaredSurvival(statistic, Double(k - 1)))
        }
    }

    /// scikit-learn's mutual_info_classif for continuous features (Ross 2014, 3 neighbours): each feature
    /// scaled by its standard deviation and jittered by 1e-10 of its mean magnitude to break ties. The
    /// jitter comes from the project's own seeded generator, so on features with many equal values the
    /// estimate differs a little from scikit-learn's (whose jitter comes from numpy's generator).
    static func mutualInformation(_ x: Matrix, _ y: [Int], _ features: [String], seed: UInt64) -> [Score] {
        var rng = SeededGenerator(seed: seed)
        let neighbours = 3
        return (0..<x.columns).map { f in
            var v = (0..<x.rows).map { x[$0, f] }
            let mean = Summation.mean(v)
            let std = (Summation.sum(v.map { ($0 - mean) * ($0 - mean) }) / Double(v.count)).squareRoot()
            if std > 0 { v = v.map { $0 / std } }
            let magnitude = max(1, Summation.mean(v.map(abs)))
            v = v.map { $0 + 1e-10 * magnitude * gaussian(&rng) }
            return Score(feature: features[f], score: miContinuousDiscrete(v, y, k: neighbours), pValue: nil)
        }
    }

    static func miContinuousDiscrete(_ c: [Double], _ d: [Int], k neighbours: Int) -> Double {
        let n = c.count
        var radius = [Double](repeating: 0, count: n), kAll = [Double](repeating: 0, count: n), counts = [Double](repeating: 0, count: n)
        for label in Set(d) {
            let members = (0..<n).filter { d[$0] == label }
            for i in members { counts[i] = Double(members.count) }
            guard members.count > 1 else { continue }
            let k = min(neighbours, members.count - 1)
            let sorted = members.map { c[$0] }.sorted()
            for i in members {
                radius[i] = kthDistance(sorted, c[i], k).nextDown
                kAll[i] = Double(k)
            }
        }
        let kept = (0..<n).filter { counts[$0] > 1 }
        guard !kept.isEmpty else { return 0 }
        let all = kept.map { c[$0] }.sorted()
        var digammaK = 0.0, digammaCounts = 0.0, digammaM = 0.0
        for i in kept {
            // Points within the radius (inclusive), the point itself included, as KDTree.query_radius counts.
            // Compare distances, not shifted values: c ± radius rounds onto the k-th neighbour itself.
            var lo = lowerBound(all, c[i] - radius[i]), hi = upperBound(all, c[i] + radius[i])
            while lo < hi, c[i] - all[lo] > radius[i] { lo += 1 }
            while hi > lo, all[hi - 1] - c[i] > radius[i] { hi -= 1 }
            let m = hi - lo
            digammaK += SpecialFunctions.digamma(kAll[i])
            digammaCounts += SpecialFunctions.digamma(counts[i])
            digammaM += SpecialFunctions.digamma(Double(m))
        }
        let size = Double(kept.count)
        let mi = SpecialFunctions.digamma(size) + (digammaK - digammaCounts - digammaM) / size
        return max(0, mi)
    }

    /// The distance from `value` (one of `sorted`) to its k-th nearest other member of `sorted`.
    private static func kthDistance(_ sorted: [Double], _ value: Double, _ k: Int) -> Double {
        let i = lowerBound(sorted, value)
        // Step over the point itself once; equal values after it are neighbours at distance 0.
        var left = i - 1, right = i + 1
        var distance = 0.0
        for _ in 0..<k {
            let dl = left >= 0 ? value - sorted[left] : .infinity
            let dr = right < sorted.count ? sorted[right] - value : .infinity
            if dl <= dr { distance = dl; left -= 1 } else { distance = dr; right += 1 }
        }
        return distance
    }

    private static func lowerBound(_ xs: [Double], _ v: Double) -> Int {
        var lo = 0, hi = xs.count
        while lo < hi { let mid = (lo + hi) / 2; if xs[mid] < v { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    private static func upperBound(_ xs: [Double], _ v: Double) -> Int {
        var lo = 0, hi = xs.count
        while lo < hi { let mid = (lo + hi) / 2; if xs[mid] <= v { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// A standard normal draw (Box-Muller) from the project's generator.
    private static func gaussian(_ rng: inout SeededGenerator) -> Double {
        let u1 = max(rng.unit(), 1e-300), u2 = rng.unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
