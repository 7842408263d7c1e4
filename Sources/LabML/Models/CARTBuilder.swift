#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// How a tree measures the quality of a split.
public enum TreeCriterion: String, Sendable, Codable {
    case gini, entropy
    case squaredError = "squared_error"
}

/// How far a tree may grow and how many features it tries per split.
public struct TreeOptions: Sendable, Equatable, Codable {
    public var criterion: TreeCriterion
    /// nil: grow until the leaves are pure or too small.
    public var maxDepth: Int?
    public var minSamplesSplit: Int
    public var minSamplesLeaf: Int
    /// Features tried per split; nil: all of them.
    public var maxFeatures: Int?

    public init(criterion: TreeCriterion, maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1, maxFeatures: Int? = nil) {
        self.criterion = criterion
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
        self.maxFeatures = maxFeatures
    }
}

/// What a tree learns: class indices (0..<count) or numbers.
enum TreeTarget: Sendable {
    case classes(count: Int, labels: [Int32])
    case values([Double])
}

/// Grows one CART tree depth first, as scikit-learn's BestSplitter does: at each node
/// every candidate feature is scanned in value order (kept sorted by stable partitioning
/// from one presort, so a node costs O(rows × features)), thresholds sit at midpoints,
/// features are visited in a seeded random order and the first best split wins, so ties
/// between equally good features are broken at random.
final class CARTBuilder {
    /// scikit-learn's FEATURE_THRESHOLD: values closer than this count as equal.
    static let featureThreshold = 1e-7
    static let epsilon = Double.ulpOfOne

    private let options: TreeOptions
    private let n: Int, p: Int, m: Int
    private let classCount: Int
    private let labels: [Int32]
    private let targets: [Double]
    private let weights: [Double]
    /// Per feature, the in-bag rows of each node in value order, and their values beside them.
    private let idx: UnsafeMutablePointer<Int32>
    private let val: UnsafeMutablePointer<Double>
    private let tmpIdx: UnsafeMutablePointer<Int32>
    private let tmpVal: UnsafeMutablePointer<Double>
    private let goesLeft: UnsafeMutablePointer<Bool>
    /// c·ln(c) for whole counts: entropy scans then cost no logarithms (weights are whole draws).
    private var xlogx: [Double] = []

    /// `weights`: how often each row was drawn (nil: every row once); rows drawn 0 times are left out.
    init(_ sorted: PresortedFeatures, target: TreeTarget, weights given: [Double]?, options: TreeOptions) {
        self.options = options
        n = sorted.rows
        p = sorted.features
        weights = given ?? [Double](repeating: 1, count: n)
        switch target {
        case .classes(let count, let y): classCount = count; labels = y; targets = []
        case .values(let y): classCount = 0; labels = []; targets = y
        }
        let inBag = weights.map { $0 > 0 }
        m = inBag.reduce(0) { $0 + ($1 ? 1 : 0) }
        // One spare slot: the branch-free copy below may write one place past the last feature.
        idx = .allocate(capacity: p * m + 1)
        val = .allocate(capacity: p * m + 1)
        tmpIdx = .allocate(capacity: max(1, m))
        tmpVal = .allocate(capacity: max(1, m))
        goesLeft = .allocate(capacity: max(1, n))
        goesLeft.initialize(repeating: false, count: max(1, n))
        sorted.order.withUnsafeBufferPointer { order in
            sorted.sortedValues.withUnsafeBufferPointer { values in
                inBag.withUnsafeBufferPointer { bag in
                    for f in 0..<p {
                        var j = f * m
                        for k in (f * n)..<(f * n + n) {
                            let i = order[k]
                            // Branch-free: write every row, keep it by advancing only when it is in the bag.
                            idx[j] = i
                            val[j] = values[k]
                            j &+= bag[Int(i)] ? 1 : 0
                        }
                    }
                }
            }
        }
        if options.criterion == .entropy {
            let total = Int(weights.reduce(0, +).rounded()) + 1
            xlogx = (0...total).map { $0 == 0 ? 0 : Double($0) * log(Double($0)) }
        }
    }

    deinit {
        idx.deallocate(); val.deallocate(); tmpIdx.deallocate(); tmpVal.deallocate(); goesLeft.deallocate()
    }

    private struct Pending {
        var start: Int, end: Int, depth: Int, parent: Int, isLeft: Bool
        /// Class weights (or the weighted sum), total weight and impurity, measured by the parent.
        var stats: [Double], total: Double, impurity: Double
    }

    private struct Split {
        var feature = -1, position = 0
        var threshold = 0.0
        var proxy = -Double.infinity
    }

    func build(_ rng: inout SeededGenerator) throws -> CARTTree {
        let outputs = classCount > 0 ? classCount : 1
        var feature: [Int32] = [], threshold: [Double] = [], left: [Int32] = [], right: [Int32] = []
        var weighted: [Double] = [], impurity: [Double] = [], values: [Double] = []
        var deepest = 0
        var rootStats = [Double](repeating: 0, count: outputs)
        let (rootTotal, rootImpurity) = nodeStats(0, 0, m, &rootStats)
        var stack = [Pending(start: 0, end: m, depth: 0, parent: -1, isLeft: false, stats: rootStats, total: rootTotal, impurity: rootImpurity)]
        var featureOrder = Array(0..<p)
        while let node = stack.popLast() {
            try Cancellation.check()
            let id = feature.count
            if node.parent >= 0 {
                if node.isLeft { left[node.parent] = Int32(id) } else { right[node.parent] = Int32(id) }
            }
            let stats = node.stats, total = node.total, nodeImpurity = node.impurity
            feature.append(-1); threshold.append(-2); left.append(-1); right.append(-1)
            weighted.append(total); impurity.append(nodeImpurity)
            if classCount > 0 { values.append(contentsOf: stats.map { $0 / total }) } else { values.append(stats[0] / total) }
            deepest = max(deepest, node.depth)
            if isLeaf(rows: node.end - node.start, depth: node.depth, impurity: nodeImpurity) { continue }
            let split = bestSplit(node.start, node.end, total: total, stats: stats, order: &featureOrder, &rng)
            guard split.feature >= 0 else { continue }
            feature[id] = Int32(split.feature)
            threshold[id] = split.threshold
            let f = split.feature
            // The children's rows are contiguous in f's order already: measure them there.
            var leftStats = stats, rightStats = stats
            let (leftTotal, leftImpurity) = nodeStats(f, node.start, split.position, &leftStats)
            let (rightTotal, rightImpurity) = nodeStats(f, split.position, node.end, &rightStats)
            let leftLeaf = isLeaf(rows: split.position - node.start, depth: node.depth + 1, impurity: leftImpurity)
            let rightLeaf = isLeaf(rows: node.end - split.position, depth: node.depth + 1, impurity: rightImpurity)
            // Children that stay leaves need no partition of the other features.
            if !(leftLeaf && rightLeaf) { partition(node.start, split.position, node.end, by: f) }
            stack.append(Pending(start: split.position, end: node.end, depth: node.depth + 1, parent: id, isLeft: false,
                                 stats: rightStats, total: rightTotal, impurity: rightImpurity))
            stack.append(Pending(start: node.start, end: split.position, depth: node.depth + 1, parent: id, isLeft: true,
                                 stats: leftStats, total: leftTotal, impurity: leftImpurity))
        }
        return CARTTree(feature: feature, threshold: threshold, left: left, right: right, weightedSamples: weighted,
                        impurity: impurity, values: values, outputs: outputs, depth: deepest)
    }

    private func isLeaf(rows: Int, depth: Int, impurity: Double) -> Bool {
        depth >= (options.maxDepth ?? Int.max) || rows < options.minSamplesSplit || rows < 2 * options.minSamplesLeaf
            || impurity <= Self.epsilon
    }

    /// The weighted class counts (or the weighted sum and, for the impurity, the sum of squares)
    /// of rows [start, end) in feature f's order; returns the total weight and the impurity.
    private func nodeStats(_ f: Int, _ start: Int, _ end: Int, _ stats: inout [Double]) -> (Double, Double) {
        let ix = idx + f * m
        var total = 0.0
        if classCount > 0 {
            for k in stats.indices { stats[k] = 0 }
            labels.withUnsafeBufferPointer { y in
                weights.withUnsafeBufferPointer { w in
                    for j in start..<end {
                        let i = Int(ix[j])
                        stats[Int(y[i])] += w[i]
                        total += w[i]
                    }
                }
            }
            var impurity = 0.0
            switch options.criterion {
            case .entropy:
                for c in stats where c > 0 { let q = c / total; impurity -= q * log2(q) }
            default:
                var sq = 0.0
                for c in stats { sq += c * c }
                impurity = 1 - sq / (total * total)
            }
            return (total, impurity)
        }
        var sum = 0.0, squares = 0.0
        targets.withUnsafeBufferPointer { y in
            weights.withUnsafeBufferPointer { w in
                for j in start..<end {
                    let i = Int(ix[j])
                    sum += w[i] * y[i]
                    squares += w[i] * y[i] * y[i]
                    total += w[i]
                }
            }
        }
        stats[0] = sum
        let mean = sum / total
        return (total, squares / total - mean * mean)
    }

    /// Visits features in a fresh random order until `maxFeatures` non-constant ones are scanned.
    private func bestSplit(_ start: Int, _ end: Int, total: Double, stats: [Double], order: inout [Int], _ rng: inout SeededGenerator) -> Split {
        var best = Split()
        var remaining = p, visited = 0
        let wanted = options.maxFeatures ?? p
        while remaining > 0 && visited < wanted {
            let r = rng.below(remaining)
            order.swapAt(r, remaining - 1)
            remaining -= 1
            let f = order[remaining]
            let v = val + f * m
            if v[end - 1] <= v[start] + Self.featureThreshold { continue }
            visited += 1
            switch options.criterion {
            case .gini: scanGini(f, start, end, total, stats, &best)
            case .entropy: scanEntropy(f, start, end, total, stats, &best)
            case .squaredError: scanSquaredError(f, start, end, total, stats[0], &best)
            }
        }
        return best
    }

    /// Whether a split may go between positions j and j+1 (j+1 is the first row on the right).
    @inline(__always)
    private func record(_ proxy: Double, _ f: Int, _ j: Int, _ v: UnsafeMutablePointer<Double>, _ best: inout Split) {
        if proxy > best.proxy {
            best.proxy = proxy
            best.feature = f
            best.position = j + 1
            var t = v[j] / 2 + v[j + 1] / 2
            if t == v[j + 1] || t.isInfinite || t < v[j] { t = v[j] }
            best.threshold = t
        }
    }

    /// Gini: maximise Σ left² / wL + Σ right² / wR, the sums of squared class weights kept up to date per row.
    private func scanGini(_ f: Int, _ start: Int, _ end: Int, _ total: Double, _ stats: [Double], _ best: inout Split) {
        let ix = idx + f * m, v = val + f * m
        let minLeaf = options.minSamplesLeaf
        var leftCounts = [Double](repeating: 0, count: classCount)
        var rightCounts = stats
        var sqL = 0.0, sqR = stats.reduce(0) { $0 + $1 * $1 }
        var wL = 0.0, wR = total
        let last = end - minLeaf
        guard start + minLeaf <= last else { return }
        labels.withUnsafeBufferPointer { y in
            weights.withUnsafeBufferPointer { w in
                leftCounts.withUnsafeMutableBufferPointer { lc in
                    rightCounts.withUnsafeMutableBufferPointer { rc in
                        for j in start..<last {
                            let i = Int(ix[j]), c = Int(y[i]), wi = w[i]
                            sqL += wi * (2 * lc[c] + wi)
                            sqR += wi * (wi - 2 * rc[c])
                            lc[c] += wi
                            rc[c] -= wi
                            wL += wi
                            wR -= wi
                            if j + 1 - start < minLeaf || v[j + 1] <= v[j] + Self.featureThreshold { continue }
                            // sqL/wL + sqR/wR with one division.
                            record((sqL * wR + sqR * wL) / (wL * wR), f, j, v, &best)
                        }
                    }
                }
            }
        }
    }

    /// Entropy: maximise Σ c·ln c − w·ln w over both sides (minus the weighted child entropies, in nats).
    private func scanEntropy(_ f: Int, _ start: Int, _ end: Int, _ total: Double, _ stats: [Double], _ best: inout Split) {
        let ix = idx + f * m, v = val + f * m
        let minLeaf = options.minSamplesLeaf
        var leftCounts = [Int](repeating: 0, count: classCount)
        var rightCounts = stats.map { Int($0.rounded()) }
        var wL = 0, wR = Int(total.rounded())
        let last = end - minLeaf
        guard start + minLeaf <= last else { return }
        xlogx.withUnsafeBufferPointer { t in
            var sL = 0.0, sR = rightCounts.reduce(0.0) { $0 + t[$1] }
            labels.withUnsafeBufferPointer { y in
                weights.withUnsafeBufferPointer { w in
                    for j in start..<last {
                        let i = Int(ix[j]), c = Int(y[i]), wi = Int(w[i])
                        sL += t[leftCounts[c] + wi] - t[leftCounts[c]]
                        sR += t[rightCounts[c] - wi] - t[rightCounts[c]]
                        leftCounts[c] += wi
                        rightCounts[c] -= wi
                        wL += wi
                        wR -= wi
                        if j + 1 - start < minLeaf || v[j + 1] <= v[j] + Self.featureThreshold { continue }
                        record(sL - t[wL] + sR - t[wR], f, j, v, &best)
                    }
                }
            }
        }
    }

    /// Squared error: maximise sumL² / wL + sumR² / wR.
    private func scanSquaredError(_ f: Int, _ start: Int, _ end: Int, _ total: Double, _ sum: Double, _ best: inout Split) {
        let ix = idx + f * m, v = val + f * m
        let minLeaf = options.minSamplesLeaf
        var sumL = 0.0, wL = 0.0
        let last = end - minLeaf
        guard start + minLeaf <= last else { return }
        targets.withUnsafeBufferPointer { y in
            weights.withUnsafeBufferPointer { w in
                for j in start..<last {
                    let i = Int(ix[j]), wi = w[i]
                    sumL += wi * y[i]
                    wL += wi
                    if j + 1 - start < minLeaf || v[j + 1] <= v[j] + Self.featureThreshold { continue }
                    let sumR = sum - sumL, wR = total - wL
                    // sumL²/wL + sumR²/wR with one division.
                    record((sumL * sumL * wR + sumR * sumR * wL) / (wL * wR), f, j, v, &best)
                }
            }
        }
    }

    /// Keeps every feature's rows of [start, end) sorted within each child: a stable partition
    /// by the side feature f sent each row to.
    private func partition(_ start: Int, _ mid: Int, _ end: Int, by f: Int) {
        let fx = idx + f * m
        for j in start..<mid { goesLeft[Int(fx[j])] = true }
        for j in mid..<end { goesLeft[Int(fx[j])] = false }
        for g in 0..<p where g != f {
            let ix = idx + g * m, v = val + g * m
            var l = start, r = 0
            // Branch-free (sides are unpredictable): write both places, advance one.
            for j in start..<end {
                let i = ix[j], value = v[j]
                let left = goesLeft[Int(i)] ? 1 : 0
                ix[l] = i; v[l] = value
                tmpIdx[r] = i; tmpVal[r] = value
                l &+= left
                r &+= 1 &- left
            }
            (ix + l).update(from: tmpIdx, count: r)
            (v + l).update(from: tmpVal, count: r)
        }
    }
}
