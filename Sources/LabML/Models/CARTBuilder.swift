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
/// between equally good features are broken at random. Rows missing a feature (NaN) sit after
/// its numbers in every node; where a node has some, its splits are tried with them on the
/// right (and all numbers left of them alone), then on the left, as scikit-learn's splitter does.
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
        /// `position`: the first row on the right in the feature's order (the missing rows,
        /// last in that order, go right unless `missingLeft`; then they join the left side).
        var feature = -1, position = 0
        var threshold = 0.0
        var proxy = -Double.infinity
        var missingLeft = false
    }

    func build(_ rng: inout SeededGenerator) throws -> CARTTree {
        let outputs = classCount > 0 ? classCount : 1
        var feature: [Int32] = [], threshold: [Double] = [], left: [Int32] = [], right: [Int32] = [], missingLeft: [Bool] = []
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
            feature.append(-1); threshold.append(-2); left.append(-1); right.append(-1); missingLeft.append(false)
            weighted.append(total); impurity.append(nodeImpurity)
            if classCount > 0 { values.append(contentsOf: stats.map { $0 / total }) } else { values.append(stats[0] / total) }
            deepest = max(deepest, node.depth)
            if isLeaf(rows: node.end - node.start, depth: node.depth, impurity: nodeImpurity) { continue }
            let split = bestSplit(node.start, node.end, total: total, stats: stats, order: &featureOrder, &rng)
            guard split.feature >= 0 else { continue }
            feature[id] = Int32(split.feature)
            threshold[id] = split.threshold
            let f = split.feature
            var position = split.position
            let missing = missingCount(f, node.start, node.end)
            if missing == 0 {
                // None seen here: new rows missing it follow the child with more rows (as scikit-learn).
                missingLeft[id] = position - node.start > node.end - position
            } else if split.missingLeft {
                moveMissing(f, to: position, node.end, count: missing)
                position += missing
                missingLeft[id] = true
            }
            // The children's rows are contiguous in f's order already: measure them there.
            var leftStats = stats, rightStats = stats
            let (leftTotal, leftImpurity) = nodeStats(f, node.start, position, &leftStats)
            let (rightTotal, rightImpurity) = nodeStats(f, position, node.end, &rightStats)
            let leftLeaf = isLeaf(rows: position - node.start, depth: node.depth + 1, impurity: leftImpurity)
            let rightLeaf = isLeaf(rows: node.end - position, depth: node.depth + 1, impurity: rightImpurity)
            // Children that stay leaves need no partition of the other features.
            if !(leftLeaf && rightLeaf) { partition(node.start, position, node.end, by: f) }
            stack.append(Pending(start: position, end: node.end, depth: node.depth + 1, parent: id, isLeft: false,
                                 stats: rightStats, total: rightTotal, impurity: rightImpurity))
            stack.append(Pending(start: node.start, end: position, depth: node.depth + 1, parent: id, isLeft: true,
                                 stats: leftStats, total: leftTotal, impurity: leftImpurity))
        }
        return CARTTree(feature: feature, threshold: threshold, left: left, right: right, weightedSamples: weighted,
                        impurity: impurity, values: values, outputs: outputs, depth: deepest, missingLeft: missingLeft)
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
            let missing = missingCount(f, start, end)
            if missing > 0 {
                // All missing, or nothing to split: passed over as a constant feature is.
                if missing == end - start { continue }
                visited += 1
                scanWithMissing(f, start, end, missing: missing, total: total, stats: stats, &best)
                continue
            }
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
            best = Split(feature: f, position: j + 1, threshold: Self.midpoint(v[j], v[j + 1]), proxy: proxy)
        }
    }

    /// Halfway between two neighbouring values (the lower one where halfway rounds onto the upper).
    @inline(__always)
    private static func midpoint(_ a: Double, _ b: Double) -> Double {
        let t = a / 2 + b / 2
        return t == b || t.isInfinite || t < a ? a : t
    }

    /// The rows of [start, end) missing feature f: they are the last ones in its order.
    private func missingCount(_ f: Int, _ start: Int, _ end: Int) -> Int {
        let v = val + f * m
        var j = end
        while j > start && v[j - 1].isNaN { j -= 1 }
        return end - j
    }

    /// Moves the `count` missing rows at the end of f's [position, end) to its front, the
    /// numbers after them keeping their order: the left child then holds its numbers and the
    /// missing rows, still last in its order.
    private func moveMissing(_ f: Int, to position: Int, _ end: Int, count: Int) {
        let ix = idx + f * m, v = val + f * m
        let numbers = end - count - position
        tmpIdx.update(from: ix + position, count: numbers)
        tmpVal.update(from: v + position, count: numbers)
        (ix + position).update(from: ix + end - count, count: count)
        (v + position).update(from: v + end - count, count: count)
        (ix + position + count).update(from: tmpIdx, count: numbers)
        (v + position + count).update(from: tmpVal, count: numbers)
    }

    /// The best split of feature f at a node where `missing` rows lack it, as scikit-learn's
    /// BestSplitter searches it: first with the missing rows on the right (the last candidate
    /// sends every number left and only them right: threshold "inf", here the largest finite
    /// Double), then with them on the left; the first search wins a tie. Each side's class
    /// weights (or weighted sum) are kept as rows move left, and the criterion's proxy is taken
    /// from them, as the scans above take it.
    private func scanWithMissing(_ f: Int, _ start: Int, _ end: Int, missing: Int, total: Double, stats: [Double], _ best: inout Split) {
        let ix = idx + f * m, v = val + f * m
        let numbersEnd = end - missing, minLeaf = options.minSamplesLeaf
        var left = [Double](repeating: 0, count: stats.count), leftWeight = 0.0
        func moveLeft(_ j: Int) {
            let i = Int(ix[j]), w = weights[i]
            if classCount > 0 { left[Int(labels[i])] += w } else { left[0] += w * targets[i] }
            leftWeight += w
        }
        func proxy() -> Double {
            let wL = leftWeight, wR = total - leftWeight
            switch options.criterion {
            case .gini:
                var sqL = 0.0, sqR = 0.0
                for c in stats.indices { sqL += left[c] * left[c]; sqR += (stats[c] - left[c]) * (stats[c] - left[c]) }
                return (sqL * wR + sqR * wL) / (wL * wR)
            case .entropy:
                var s = -xlogx[Int(wL.rounded())] - xlogx[Int(wR.rounded())]
                for c in stats.indices { s += xlogx[Int(left[c].rounded())] + xlogx[Int((stats[c] - left[c]).rounded())] }
                return s
            case .squaredError:
                let sumL = left[0], sumR = stats[0] - left[0]
                return (sumL * sumL * wR + sumR * sumR * wL) / (wL * wR)
            }
        }
        func consider(_ position: Int, _ threshold: Double, missingLeft: Bool) {
            let score = proxy()
            if score > best.proxy { best = Split(feature: f, position: position, threshold: threshold, proxy: score, missingLeft: missingLeft) }
        }
        // Missing rows on the right.
        for j in start..<numbersEnd {
            moveLeft(j)
            let leftRows = j + 1 - start, rightRows = end - j - 1
            if rightRows < minLeaf { break }
            if leftRows < minLeaf { continue }
            if j + 1 == numbersEnd {
                consider(numbersEnd, .greatestFiniteMagnitude, missingLeft: false)
            } else if v[j + 1] > v[j] + Self.featureThreshold {
                consider(j + 1, Self.midpoint(v[j], v[j + 1]), missingLeft: false)
            }
        }
        // Missing rows on the left, with at least one number; `position` counts the numbers only.
        for c in left.indices { left[c] = 0 }
        leftWeight = 0
        for j in numbersEnd..<end { moveLeft(j) }
        for j in start..<max(start, numbersEnd - 1) {
            moveLeft(j)
            let leftRows = missing + j + 1 - start, rightRows = numbersEnd - j - 1
            if rightRows < minLeaf { break }
            if leftRows < minLeaf || v[j + 1] <= v[j] + Self.featureThreshold { continue }
            consider(j + 1, Self.midpoint(v[j], v[j + 1]), missingLeft: true)
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
