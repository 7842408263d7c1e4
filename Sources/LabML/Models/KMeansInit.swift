#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// scikit-learn's greedy k-means++: the first centre is a random row; each next one is the
/// best of 2 + ⌊ln k⌋ rows drawn with probability proportional to their squared distance to
/// the nearest centre so far, "best" meaning the smallest total squared distance after adding it.
enum KMeansInit {
    static func plusPlus(_ x: Matrix, k: Int, _ rng: inout SeededGenerator) -> Matrix {
        let n = x.rows, d = x.columns
        let trials = 2 + Int(log(Double(k)))
        var centers = Matrix(rows: k, columns: d)
        var chosen = rng.below(n)
        for j in 0..<d { centers[0, j] = x[chosen, j] }
        var closest = distances(x, to: chosen)
        var potential = closest.reduce(0, +)
        for c in 1..<max(1, k) {
            var cumulative = closest
            for i in 1..<max(1, n) { cumulative[i] += cumulative[i - 1] }
            let candidates = (0..<trials).map { _ -> Int in
                let r = rng.unit() * potential
                // numpy.searchsorted(side="left"): the first running total >= r.
                var lo = 0, hi = n
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if cumulative[mid] < r { lo = mid + 1 } else { hi = mid }
                }
                return min(lo, n - 1)
            }
            var best = -1, bestPotential = Double.infinity, bestClosest: [Double] = []
            for candidate in candidates {
                var trial = distances(x, to: candidate)
                for i in 0..<n where closest[i] < trial[i] { trial[i] = closest[i] }
                let total = trial.reduce(0, +)
                if total < bestPotential { best = candidate; bestPotential = total; bestClosest = trial }
            }
            chosen = best
            closest = bestClosest
            potential = bestPotential
            for j in 0..<d { centers[c, j] = x[chosen, j] }
        }
        return centers
    }

    /// Squared distances of every row to row `r`, on both cores for large inputs.
    static func distances(_ x: Matrix, to r: Int) -> [Double] {
        let n = x.rows, d = x.columns
        var out = [Double](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { ob in
            let shared = SharedBuffer(base: ob.baseAddress!)
            let chunks = Parallel.ranges(n, pieces: Parallel.pieces, minimum: 8192)
            x.storage.withUnsafeBufferPointer { xs in
                let center = xs.baseAddress! + r * d
                Parallel.forEach(chunks.count) { c in
                    for i in chunks[c] { shared[i] = squaredEuclidean(xs.baseAddress! + i * d, center, d) }
                }
            }
        }
        return out
    }
}
