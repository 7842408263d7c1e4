#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CKernels
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
        // Buffers reused from step to step: fresh pages would each cost the kernel a fault and a clearing.
        var after = [Double](repeating: 0, count: n * trials), cumulative = closest
        for c in 1..<max(1, k) {
            cumulative.withUnsafeMutableBufferPointer { running in
                closest.withUnsafeBufferPointer { values in
                    var total = 0.0
                    for i in 0..<n {
                        total += values[i]
                        running[i] = total
                    }
                }
            }
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
            let totals = closestAfter(x, adding: candidates, closest, into: &after)
            var best = 0
            for slot in candidates.indices where totals[slot] < totals[best] { best = slot }
            chosen = candidates[best]
            closest.withUnsafeMutableBufferPointer { target in
                after.withUnsafeBufferPointer { source in target.baseAddress!.update(from: source.baseAddress! + best * n, count: n) }
            }
            potential = totals[best]
            for j in 0..<d { centers[c, j] = x[chosen, j] }
        }
        return centers
    }

    /// For each candidate row, every row's squared distance to the nearest of the centres so far
    /// and that candidate (candidate after candidate, n values each, into `out`), and their totals;
    /// one pass over the rows for all candidates (CKernels' `opslab_closest_after`), on both cores
    /// (per-piece totals added in piece order).
    static func closestAfter(_ x: Matrix, adding candidates: [Int], _ closest: [Double], into out: inout [Double]) -> [Double] {
        let n = x.rows, d = x.columns, t = candidates.count
        let chunks = Parallel.ranges(n, pieces: Parallel.pieces, minimum: 8192)
        var totals = [Double](repeating: 0, count: chunks.count * t)
        out.withUnsafeMutableBufferPointer { ob in
            totals.withUnsafeMutableBufferPointer { tb in
                let shared = SharedBuffer(base: ob.baseAddress!), pieceTotals = SharedBuffer(base: tb.baseAddress!)
                x.storage.withUnsafeBufferPointer { xs in
                    closest.withUnsafeBufferPointer { cb in
                        let rows: [UnsafePointer<Double>?] = candidates.map { xs.baseAddress! + $0 &* d }
                        rows.withUnsafeBufferPointer { rb in
                            Parallel.forEach(chunks.count) { c in
                                let start = chunks[c].lowerBound
                                opslab_closest_after(xs.baseAddress! + start &* d, chunks[c].count, d, rb.baseAddress!, t, cb.baseAddress! + start,
                                                     shared.base + start, n, pieceTotals.base + c &* t, VectorUnits.wide)
                            }
                        }
                    }
                }
            }
        }
        return (0..<t).map { slot in
            var total = 0.0
            for c in 0..<chunks.count { total += totals[c * t + slot] }
            return total
        }
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
