import CHints
import Dispatch
import Synchronization

/// Binary targets with their scores, ready for threshold curves: the scores of the
/// positives and of the negatives, each sorted once. Walking both from the top gives, for
/// every distinct score, how many positives and negatives score at least that much:
/// scikit-learn's `confusion_matrix_at_thresholds`, ties grouped as it groups them.
///
/// Above `parallelRows` rows every stage runs on two cores: the positives' count and the split
/// (each worker takes half the rows), the sorts (one side each, or, when one side holds most
/// rows, the other side and the lower part of that side on one core, its cut and upper part on
/// the other) and the walks (each worker takes the scores above or below the median). The
/// results do not depend on how the work was shared.
struct RankedScores {
    /// Sort keys (`ScoreSort.key`), ascending, each after a leading 0: a key no finite score
    /// has, below all of them, so the walk needs no bounds checks.
    var positives: [UInt64]
    var negatives: [UInt64]

    static let parallelRows = 1 << 16

    /// `codes[i] == positive` marks the positives; scores must be finite.
    init(scores: [Double], codes: [Int32], positive: Int32, scoreName: String = "y_score") throws {
        let n = scores.count
        let workers = n >= Self.parallelRows ? 2 : 1
        let bounds = (0...workers).map { $0 * n / workers }
        // Each worker counts the positives of its rows (their count sizes the sides before the split).
        var positivesIn = [Int](repeating: 0, count: workers)
        positivesIn.withUnsafeMutableBufferPointer { out in
            let counts = SharedBuffer(base: out.baseAddress!)
            codes.withUnsafeBufferPointer { c in
                Parallel.forEach(workers) { w in counts[w] = c[bounds[w]..<bounds[w + 1]].reduce(0) { $0 + ($1 == positive ? 1 : 0) } }
            }
        }
        let p = positivesIn.reduce(0, +)
        let pos = Side(count: p), neg = Side(count: n - p)
        let parts = (0..<workers).map { _ in SplitPart() }
        let input = SplitInput(scores: scores, codes: codes, positive: positive, bounds: bounds, positivesIn: positivesIn)
        if workers == 2 {
            DispatchQueue.concurrentPerform(iterations: 2) { parts[$0].run($0, input, pos, neg) }
        } else {
            parts[0].run(0, input, pos, neg)
        }
        if !parts.allSatisfy(\.finite) { try MetricChecks.finite(scores, scoreName) }
        pos.gather(firstPart: positivesIn[0], counts: parts.map(\.positiveCounts))
        neg.gather(firstPart: bounds[1] - positivesIn[0], counts: parts.map(\.negativeCounts))
        let differing = n == 0 ? 0 : parts.map(\.lo).min()! ^ parts.map(\.hi).max()!
        let (large, small) = pos.count >= neg.count ? (pos, neg) : (neg, pos)
        if workers == 2 && large.count > n * 11 / 20 {
            // One side is most of the rows: it is cut at a pivot on this thread while a helper sorts
            // the other side; then this thread sorts the upper part, the helper the lower one. The
            // upper part is smaller than half of all keys by about what the cut costs (a cut moves a
            // key once, a sort five times), so that both threads finish together. Without a helper
            // thread the two pieces run one after the other, the cut first.
            let upper = (small.count + large.count * 83 / 100) / 2
            let cut = CutState()
            let helper = HelperThread()
            helper.wake()
            helper.run { piece in
                if piece == 0 {
                    let done = large.cut(upper: upper)
                    cut.state.store(done ? CutState.cut : CutState.none, ordering: .releasing)
                    if done { large.sortPart(1, differing) }
                } else {
                    small.sort(differing)
                    var state = cut.state.load(ordering: .acquiring)
                    while state == CutState.pending {
                        opslab_spin_pause()
                        state = cut.state.load(ordering: .acquiring)
                    }
                    if state == CutState.cut { large.sortPart(0, differing) } else { large.sort(differing) }
                }
            }
            helper.stop()
            if cut.state.load(ordering: .acquiring) == CutState.cut { large.joinParts() }
        } else if workers == 2 {
            DispatchQueue.concurrentPerform(iterations: 2) { ($0 == 0 ? pos : neg).sort(differing) }
        } else {
            pos.sort(differing)
            neg.sort(differing)
        }
        positives = pos.keys
        negatives = neg.keys
    }

    var positiveCount: Int { positives.count - 1 }
    var negativeCount: Int { negatives.count - 1 }

    /// One step per sample from index `i` of the positives and `j` of the negatives down
    /// to index `i0` and `j0` (exclusive), highest score first, positives first among equals.
    /// `step(key, tps, fps, last)` sees the counts so far (starting from `tps0`, `fps0`),
    /// `last` set on the final sample of each distinct score, where a threshold's counts are
    /// complete. The keys at `i0` and `j0` must be below every key walked (a sentinel or a
    /// pivot). Branch-free apart from the loop: which side comes next is a coin toss on real data.
    @inline(__always)
    private func walk(from i: Int, _ j: Int, to i0: Int, _ j0: Int, tps0: Int = 0, fps0: Int = 0,
                      _ step: (UInt64, Int, Int, Bool) -> Void) {
        positives.withUnsafeBufferPointer { p in
            negatives.withUnsafeBufferPointer { q in
                var i = i, j = j, tps = tps0, fps = fps0
                for _ in 0..<((i - i0) + (j - j0)) {
                    let a = p[i], b = q[j]
                    let fromP = a >= b ? 1 : 0
                    let key = fromP == 1 ? a : b
                    tps += fromP
                    fps += 1 - fromP
                    i -= fromP
                    j -= 1 - fromP
                    step(key, tps, fps, Swift.max(p[i], q[j]) != key)
                }
            }
        }
    }

    /// Twice the trapezoid area in counts over one stretch of scores, from the counts above it.
    private func twiceArea(from i: Int, _ j: Int, to i0: Int, _ j0: Int, tps0: Int, fps0: Int) -> Int {
        var twice = 0, lastTps = tps0, lastFps = fps0
        walk(from: i, j, to: i0, j0, tps0: tps0, fps0: fps0) { _, tps, fps, last in
            let l = last ? 1 : 0
            twice &+= l &* (fps &- lastFps) &* (tps &+ lastTps)
            lastTps = last ? tps : lastTps
            lastFps = last ? fps : lastFps
        }
        return twice
    }

    /// The area under the ROC curve by the trapezoid rule over the distinct scores, summed
    /// in whole numbers (twice the area, in counts) so that it is exact before one division.
    /// On two cores the scores are cut at their median (`medianCut`), and the lower stretch
    /// starts from the counts above it.
    func rocArea() -> Double {
        let np = positiveCount, nn = negativeCount
        var twice: Int
        if np + nn >= Self.parallelRows {
            let (i0, j0) = medianCut()
            let halves = HalfCounts()
            DispatchQueue.concurrentPerform(iterations: 2) { h in
                if h == 0 {
                    halves.upper = twiceArea(from: np, nn, to: i0, j0, tps0: 0, fps0: 0)
                } else {
                    halves.lower = twiceArea(from: i0, j0, to: 0, 0, tps0: np - i0, fps0: nn - j0)
                }
            }
            twice = halves.upper + halves.lower
        } else {
            twice = twiceArea(from: np, nn, to: 0, 0, tps0: 0, fps0: 0)
        }
        return Double(twice) / (2 * Double(np) * Double(nn))
    }

    /// Where two cores cut the scores: the last index on each side at or below the median
    /// of all keys, so that each stretch walks about half of the samples (a cut at the median
    /// positive leaves most negatives to one stretch). A cut by value: no tie spans it.
    private func medianCut() -> (i0: Int, j0: Int) {
        let np = positiveCount, nn = negativeCount, k = (np + nn) / 2
        guard k > 0 else { return (0, 0) }
        // How many of the k smallest keys are positives: the classic search over two sorted
        // arrays (index 0 of each is the sentinel, so positives[i] is the i-th smallest).
        var lo = Swift.max(0, k - nn), hi = Swift.min(k, np)
        while lo < hi {
            let i = (lo + hi) / 2
            if positives[i + 1] < negatives[k - i] { lo = i + 1 } else { hi = i }
        }
        let median = Swift.max(positives[lo], negatives[k - lo])
        return (upperBound(positives, median) - 1, upperBound(negatives, median) - 1)
    }

    /// The first index whose key is above `key` (keys ascending).
    private func upperBound(_ keys: [UInt64], _ key: UInt64) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] <= key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The distinct scores, descending, with the cumulative positive and negative counts,
    /// after `leading` slots left for the caller (a curve's first point), with capacity for
    /// one more element at the end, so that curves are built in place.
    func thresholds(leading: Int = 0) -> (thresholds: [Double], tps: [Double], fps: [Double]) {
        var (thresholds, tps, fps, upper, lower) = stretches(leading: leading)
        var m = upper.upperBound
        if !lower.isEmpty {
            thresholds.withUnsafeMutableBufferPointer { th in
                tps.withUnsafeMutableBufferPointer { tp in
                    fps.withUnsafeMutableBufferPointer { fp in
                        CurveBuffers(thresholds: th.baseAddress!, tps: tp.baseAddress!, fps: fp.baseAddress!)
                            .move(from: lower.lowerBound, to: m, count: lower.count)
                    }
                }
            }
            m += lower.count
        }
        thresholds.removeSubrange(m...)
        tps.removeSubrange(m...)
        fps.removeSubrange(m...)
        return (thresholds, tps, fps)
    }

    /// `thresholds` before the two stretches are joined: the upper stretch's points in slots
    /// `upper` (from `leading` on), the lower's in slots `lower` (empty on one core). On two cores
    /// the scores are cut at their median, as for the area, and each stretch is written at its
    /// own place, the lower one after room for every sample of the upper one (and one slot more),
    /// so that a caller that compacts the points anyway (the ROC curve's drop_intermediate) joins
    /// them in the same move.
    func stretches(leading: Int) -> (thresholds: [Double], tps: [Double], fps: [Double], upper: Range<Int>, lower: Range<Int>) {
        let np = positiveCount, nn = negativeCount, n = np + nn, capacity = leading + n + 2
        // Three separate buffers: copies of one would be copied whole at their first write.
        func uninitialized() -> [Double] { [Double](unsafeUninitializedCapacity: capacity) { _, c in c = capacity } }
        var thresholds = uninitialized(), tps = uninitialized(), fps = uninitialized()
        var upper = leading..<leading, lower = capacity..<capacity
        thresholds.withUnsafeMutableBufferPointer { th in
            tps.withUnsafeMutableBufferPointer { tp in
                fps.withUnsafeMutableBufferPointer { fp in
                    let curve = CurveBuffers(thresholds: th.baseAddress!, tps: tp.baseAddress!, fps: fp.baseAddress!)
                    guard n >= Self.parallelRows else {
                        upper = leading..<(leading + fill(curve, at: leading, from: np, nn, to: 0, 0, tps0: 0, fps0: 0))
                        return
                    }
                    let (i0, j0) = medianCut()
                    let lowerStart = leading + (np - i0) + (nn - j0) + 1
                    let counts = HalfCounts()
                    DispatchQueue.concurrentPerform(iterations: 2) { h in
                        if h == 0 {
                            counts.upper = fill(curve, at: leading, from: np, nn, to: i0, j0, tps0: 0, fps0: 0)
                        } else {
                            counts.lower = fill(curve, at: lowerStart, from: i0, j0, to: 0, 0, tps0: np - i0, fps0: nn - j0)
                        }
                    }
                    upper = leading..<(leading + counts.upper)
                    lower = lowerStart..<(lowerStart + counts.lower)
                }
            }
        }
        return (thresholds, tps, fps, upper, lower)
    }

    /// Writes the distinct scores of one stretch with their counts from slot `at` on; returns how many.
    private func fill(_ curve: CurveBuffers, at start: Int, from i: Int, _ j: Int, to i0: Int, _ j0: Int, tps0: Int, fps0: Int) -> Int {
        var m = start
        let th = curve.thresholds, tp = curve.tps, fp = curve.fps
        walk(from: i, j, to: i0, j0, tps0: tps0, fps0: fps0) { key, t, f, last in
            // Written every step, kept (m advanced) only at the last sample of a score.
            th[m] = ScoreSort.value(key)
            tp[m] = Double(t)
            fp[m] = Double(f)
            m += last ? 1 : 0
        }
        return m - start
    }
}

/// Whether the larger side has been cut yet (read by the thread waiting to sort its lower part).
private final class CutState: Sendable {
    static let pending = 0, cut = 1, none = 2
    let state = Atomic<Int>(CutState.pending)
}

/// What the split workers read.
private struct SplitInput: Sendable {
    let scores: [Double]
    let codes: [Int32]
    let positive: Int32
    /// Worker w takes rows bounds[w]..<bounds[w + 1], holding positivesIn[w] positives.
    let bounds: [Int]
    let positivesIn: [Int]
}

/// One split worker's findings; each worker fills its own.
private final class SplitPart: @unchecked Sendable {
    var finite = true
    var lo = UInt64.max
    var hi = UInt64.min
    var positiveCounts: [Int32] = []
    var negativeCounts: [Int32] = []

    /// Writes worker w's rows as keys into both sides, each side counting its first sort digit.
    func run(_ w: Int, _ input: SplitInput, _ pos: Side, _ neg: Side) {
        let start = input.bounds[w], end = input.bounds[w + 1]
        // Worker 1 writes after worker 0's keys and the one-slot gap worker 0 may scribble on.
        let firstPos = w == 0 ? 1 : input.positivesIn[0] + 2
        let firstNeg = w == 0 ? 1 : (input.bounds[1] - input.positivesIn[0]) + 2
        var pc = [Int32](repeating: 0, count: ScoreSort.firstBuckets), nc = pc
        var finite = true, lo = UInt64.max, hi = UInt64.min
        input.scores.withUnsafeBufferPointer { s in
            input.codes.withUnsafeBufferPointer { c in
                pc.withUnsafeMutableBufferPointer { pcb in
                    nc.withUnsafeMutableBufferPointer { ncb in
                        let pb = pos.base, nb = neg.base
                        var i = firstPos, j = firstNeg
                        for r in start..<end {
                            let x = s[r]
                            finite = finite && x.isFinite
                            let k = ScoreSort.key(x)
                            lo = Swift.min(lo, k)
                            hi = Swift.max(hi, k)
                            // The side that does not advance has its next slot (the gap or the spare slot) take a stray copy.
                            routeKey(k, toFirst: c[r] == input.positive ? 1 : 0, pb, &i, pcb.baseAddress!, nb, &j, secondStep: 1, ncb.baseAddress!)
                        }
                    }
                }
            }
        }
        (self.finite, self.lo, self.hi, positiveCounts, negativeCounts) = (finite, lo, hi, pc, nc)
    }
}

/// Sends `key` to the first place (slot i of `first`, moving forward) if `toFirst` is 1, else to
/// the second (slot j of `second`, moving by `secondStep`), counting its first sort digit on that
/// side. Branch-free (the side is a coin toss on real data): the key is written at both places'
/// next slots and only the chosen one advances; the other slot is overwritten later or unused.
@inline(__always)
private func routeKey(_ key: UInt64, toFirst: Int, _ first: UnsafeMutablePointer<UInt64>, _ i: inout Int, _ firstCounts: UnsafeMutablePointer<Int32>,
                      _ second: UnsafeMutablePointer<UInt64>, _ j: inout Int, secondStep: Int, _ secondCounts: UnsafeMutablePointer<Int32>) {
    first[i] = key
    second[j] = key
    let d = ScoreSort.firstDigit(key)
    firstCounts[d] &+= Int32(toFirst)
    secondCounts[d] &+= Int32(1 - toFirst)
    i += toFirst
    j += secondStep * (1 - toFirst)
}

/// One side's keys with the scratch space and first-digit counts its sort needs; a class
/// so that the two sides can be filled and sorted on two cores.
private final class Side: @unchecked Sendable {
    /// Sentinel, the keys, a gap between the split workers' parts, a spare slot.
    var keys: [UInt64]
    var scratch: [UInt64]
    var counts: [Int32] = []
    let count: Int
    /// Where the split workers write. `keys` is uniquely owned and not resized until the
    /// sort is over, so its storage stays put (as does `scratch`'s).
    private(set) var base: UnsafeMutablePointer<UInt64>
    private var scratchBase: UnsafeMutablePointer<UInt64>
    /// After `cut`: the lower part's size, and each part's first-digit counts and whether its
    /// sorted keys ended in `scratch` (separate properties: the parts sort on two threads).
    private var lowCount = 0
    private var lowCounts: [Int32] = [], highCounts: [Int32] = []
    private var lowInScratch = false, highInScratch = false

    init(count: Int) {
        self.count = count
        keys = [UInt64](unsafeUninitializedCapacity: count + 3) { b, c in b[0] = 0; c = count + 3 }
        scratch = [UInt64](unsafeUninitializedCapacity: count + 3) { b, c in b[0] = 0; c = count + 3 }
        base = keys.withUnsafeMutableBufferPointer { $0.baseAddress! }
        scratchBase = scratch.withUnsafeMutableBufferPointer { $0.baseAddress! }
    }

    /// Closes the gap after the first worker's part (by moving the last key into it) and adds
    /// up the workers' digit counts.
    func gather(firstPart: Int, counts parts: [[Int32]]) {
        if firstPart < count { keys[firstPart + 1] = keys[count + 1] }
        counts = parts[0]
        for part in parts.dropFirst() {
            for d in counts.indices { counts[d] &+= part[d] }
        }
    }

    func sort(_ differing: UInt64) {
        let inScratch = keys.withUnsafeMutableBufferPointer { k in
            scratch.withUnsafeMutableBufferPointer { s in
                counts.withUnsafeMutableBufferPointer { c in
                    ScoreSort.sort(k.baseAddress! + 1, s.baseAddress! + 1, count: count, firstCounts: c.baseAddress!, differing: differing)
                }
            }
        }
        if inScratch { swap(&keys, &scratch) }
        // Drop the gap and spare slots: the walk starts from the last element.
        keys.removeLast(2)
    }

    /// Divides the keys (after `gather`) at a sampled pivot into a lower part and an upper
    /// part of about `upper` keys, the lower first, each with its first-digit counts, so that
    /// the two parts sort on two cores. False, with nothing changed, if the sample finds no cut.
    func cut(upper: Int) -> Bool {
        guard count >= 4 * ScoreSort.threshold, upper > 0, upper < count else { return false }
        // The keys are in row order, not by score: evenly spaced ones are a fair sample.
        let samples = 1024
        let sample = (0..<samples).map { base[1 + $0 * count / samples] }.sorted()
        let pivot = sample[samples - samples * upper / count]
        var low = [Int32](repeating: 0, count: ScoreSort.firstBuckets), high = low
        var lo = 1, hi = count
        let from = base, to = scratchBase
        low.withUnsafeMutableBufferPointer { lc in
            high.withUnsafeMutableBufferPointer { hc in
                // Low keys fill from the front, high keys from the back.
                for k in 1...count {
                    let key = from[k]
                    routeKey(key, toFirst: key < pivot ? 1 : 0, to, &lo, lc.baseAddress!, to, &hi, secondStep: -1, hc.baseAddress!)
                }
            }
        }
        lowCount = lo - 1
        guard lowCount > 0 && lowCount < count else { return false }
        swap(&keys, &scratch)
        swap(&base, &scratchBase)
        (lowCounts, highCounts) = (low, high)
        return true
    }

    /// Sorts part 0 (lower) or 1 (upper) of a `cut`; the two parts may sort at once on two threads.
    func sortPart(_ part: Int, _ differing: UInt64) {
        let (keys, scratch) = (base, scratchBase)
        if part == 0 {
            lowInScratch = lowCounts.withUnsafeMutableBufferPointer { c in
                ScoreSort.sort(keys + 1, scratch + 1, count: lowCount, firstCounts: c.baseAddress!, differing: differing)
            }
        } else {
            let start = 1 + lowCount
            highInScratch = highCounts.withUnsafeMutableBufferPointer { c in
                ScoreSort.sort(keys + start, scratch + start, count: count - lowCount, firstCounts: c.baseAddress!, differing: differing)
            }
        }
    }

    /// Gathers both sorted parts into `keys`, as `sort` leaves them.
    func joinParts() {
        if lowInScratch != highInScratch {
            // Copy the part that ended in `scratch` over to `keys`.
            let (start, length) = lowInScratch ? (1, lowCount) : (1 + lowCount, count - lowCount)
            base.advanced(by: start).update(from: scratchBase + start, count: length)
        } else if lowInScratch {
            swap(&keys, &scratch)
        }
        keys.removeLast(2)
    }
}
