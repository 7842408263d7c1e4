/// Limits of one boosting tree (scikit-learn's TreeGrower settings).
struct GrowerOptions: Sendable {
    var maxLeafNodes: Int?
    var maxDepth: Int?
    var minSamplesLeaf: Int
    var l2: Double
    var shrinkage: Double
    /// scikit-learn's min_hessian_to_split.
    var minHessianToSplit = 1e-3
    /// Nodes with at least this many rows have their histograms built on both cores, and are
    /// partitioned on both cores from twice as many: Dispatch takes tens of microseconds to wake
    /// a thread, thousands of times a fit, so only big nodes repay it (measured: sharing every node
    /// over 2,048 rows ran no faster than one core). The trees are the same either way.
    var sharedNodeRows = 32_768
}

/// Grows the trees of histogram gradient boosting leaf-wise, like scikit-learn's TreeGrower:
/// every node keeps a histogram of gradient and hessian sums per feature bin; the split
/// with the largest loss reduction anywhere in the tree is taken next, until max_leaf_nodes.
/// A child's histogram is the parent's minus its smaller sibling's, so only the smaller
/// child's rows are read. Each split's work (the smaller child's histogram, the subtraction
/// and the search of both children for their best split) is done feature by feature, the
/// features of large nodes shared between both cores.
final class HistogramGrower {
    private let binned: [UInt8]
    private let n: Int, p: Int
    private let binCounts: [Int]
    /// Where each feature's bins start in a histogram; a bin holds (gradient, hessian, count), the
    /// count stored as an Int64 bit pattern in the third Double slot (an integer add per row).
    private let offsets: [Int]
    private let histogramSize: Int
    private let thresholds: [[Double]]
    private let options: GrowerOptions
    /// The training rows, partitioned so that each node owns a contiguous range.
    private var rows: [Int32]
    private let trainingRows: [Int32]
    private var scratch: [Int32]
    private var pool: [[Double]] = []
    /// Each row's (gradient, hessian) pair, kept in the same order as `rows` (partitioned with
    /// them), so a node's pairs are contiguous and every histogram pass reads them in sequence.
    private let pairs: UnsafeMutablePointer<SIMD2<Double>>
    private let scratchPairs: UnsafeMutablePointer<SIMD2<Double>>

    /// Rows per bin over all training rows: the root's counts, the same every round.
    private let rootCounts: [Int64]

    /// Leaves of the last tree: ranges of `rows` and their values, to update the training predictions.
    private(set) var leaves: [(start: Int, end: Int, value: Double)] = []

    /// `binned`: column-major bins of the training rows (feature f of row i at f·rows + i): a
    /// histogram pass over one feature then reads one compact column.
    init(binned: [UInt8], features: Int, binner: FeatureBinner, options: GrowerOptions) {
        self.binned = binned
        p = features
        binCounts = binner.binCounts
        var offsets = [Int](), total = 0
        for c in binCounts { offsets.append(total); total += c }
        self.offsets = offsets
        histogramSize = total * 3
        thresholds = binner.thresholds
        self.options = options
        n = features == 0 ? 0 : binned.count / features
        trainingRows = (0..<n).map(Int32.init)
        rows = trainingRows
        scratch = trainingRows
        var rootCounts = [Int64](repeating: 0, count: total)
        let rowCount = features == 0 ? 0 : binned.count / features
        for f in 0..<features { for i in 0..<rowCount { rootCounts[offsets[f] + Int(binned[f * rowCount + i])] += 1 } }
        self.rootCounts = rootCounts
        let capacity = max(1, rowCount)
        pairs = .allocate(capacity: capacity)
        pairs.initialize(repeating: .zero, count: capacity)
        scratchPairs = .allocate(capacity: capacity)
        scratchPairs.initialize(repeating: .zero, count: capacity)
    }

    deinit {
        pairs.deallocate()
        scratchPairs.deallocate()
    }

    struct SplitInfo {
        var gain = 0.0
        var feature = -1, bin = 0
        var leftG = 0.0, leftH = 0.0, leftCount = 0
    }

    private struct Candidate {
        var node: Int, start: Int, end: Int, depth: Int
        var sumG: Double, sumH: Double
        var histogram: [Double]
        var split: SplitInfo
    }

    /// A node being measured: its rows, sums, and whether it may still split.
    private struct Child {
        var node: Int, start: Int, end: Int
        var sumG: Double, sumH: Double
        var canSplit: Bool
        var count: Int { end - start }
    }

    private final class Nodes {
        var feature: [Int32] = [], threshold: [Double] = [], binThreshold: [UInt8] = []
        var left: [Int32] = [], right: [Int32] = [], value: [Double] = [], gain: [Double] = []
        func add() -> Int {
            feature.append(-1); threshold.append(0); binThreshold.append(0)
            left.append(-1); right.append(-1); value.append(0); gain.append(0)
            return feature.count - 1
        }
    }

    /// One tree on these gradients and hessians (nil hessians: constant 1, as for squared error).
    func grow(gradients g: [Double], hessians h: [Double]?) -> BoostTree {
        rows = trainingRows
        leaves = []
        let nodes = Nodes()
        var sumG = 0.0, sumH = 0.0
        for i in 0..<n {
            let hi = h?[i] ?? 1
            pairs[i] = SIMD2(g[i], hi)
            sumG += g[i]
            sumH += hi
        }
        let root = Child(node: nodes.add(), start: 0, end: n, sumG: sumG, sumH: sumH,
                         canSplit: n >= 2 * options.minSamplesLeaf && (options.maxLeafNodes ?? 2) >= 2 && (options.maxDepth ?? 1) >= 1)
        var open: [Candidate] = []
        if root.canSplit {
            var histogram = takeHistogram()
            var none: [Double] = []
            let (split, _) = measure(small: root, large: nil, smallHistogram: &histogram, largeHistogram: &none)
            if split.gain > 0 {
                open.append(Candidate(node: root.node, start: 0, end: n, depth: 0, sumG: sumG, sumH: sumH, histogram: histogram, split: split))
            } else {
                release(histogram)
            }
        }
        if open.isEmpty { finalize(nodes, root) }
        var leafCount = 1
        while !open.isEmpty {
            // The largest gain first; the earliest opened wins a tie.
            var pick = 0
            for c in 1..<open.count where open[c].split.gain > open[pick].split.gain { pick = c }
            var parent = open.remove(at: pick)
            let s = parent.split
            let mid = partition(parent.start, parent.end, feature: s.feature, bin: s.bin)
            let l = nodes.add(), r = nodes.add()
            nodes.feature[parent.node] = Int32(s.feature)
            nodes.binThreshold[parent.node] = UInt8(s.bin)
            nodes.threshold[parent.node] = thresholds[s.feature][s.bin]
            nodes.left[parent.node] = Int32(l)
            nodes.right[parent.node] = Int32(r)
            nodes.gain[parent.node] = s.gain
            leafCount += 1
            let depth = parent.depth + 1
            let full = options.maxLeafNodes.map { leafCount >= $0 } ?? false
            let deep = options.maxDepth.map { depth >= $0 } ?? false
            var children = [Child(node: l, start: parent.start, end: mid, sumG: s.leftG, sumH: s.leftH, canSplit: false),
                            Child(node: r, start: mid, end: parent.end, sumG: parent.sumG - s.leftG, sumH: parent.sumH - s.leftH, canSplit: false)]
            for k in 0..<2 { children[k].canSplit = !full && !deep && children[k].count >= 2 * options.minSamplesLeaf }
            if children[0].canSplit || children[1].canSplit {
                // Scan the smaller child; the larger one's histogram is the parent's minus it.
                let small = children[0].count <= children[1].count ? 0 : 1
                var smallHistogram = takeHistogram()
                var largeHistogram: [Double] = []
                swap(&largeHistogram, &parent.histogram)
                let (smallSplit, largeSplit) = measure(small: children[small], large: children[1 - small],
                                                       smallHistogram: &smallHistogram, largeHistogram: &largeHistogram)
                for (k, split, histogram) in [(small, smallSplit, smallHistogram), (1 - small, largeSplit, largeHistogram)] {
                    let child = children[k]
                    if child.canSplit && split.gain > 0 {
                        open.append(Candidate(node: child.node, start: child.start, end: child.end, depth: depth, sumG: child.sumG,
                                              sumH: child.sumH, histogram: histogram, split: split))
                    } else {
                        release(histogram)
                        finalize(nodes, child)
                    }
                }
            } else {
                release(parent.histogram)
                for child in children { finalize(nodes, child) }
            }
            if full {
                for c in open {
                    release(c.histogram)
                    finalize(nodes, Child(node: c.node, start: c.start, end: c.end, sumG: c.sumG, sumH: c.sumH, canSplit: false))
                }
                open.removeAll()
            }
        }
        return BoostTree(feature: nodes.feature, threshold: nodes.threshold, binThreshold: nodes.binThreshold,
                         left: nodes.left, right: nodes.right, value: nodes.value, gain: nodes.gain)
    }

    /// Adds every training row's leaf value to raw (one output's predictions).
    func applyLeaves(to raw: UnsafeMutablePointer<Double>) {
        rows.withUnsafeBufferPointer { rs in
            for leaf in leaves { for k in leaf.start..<leaf.end { raw[Int(rs[k])] += leaf.value } }
        }
    }

    private func finalize(_ nodes: Nodes, _ child: Child) {
        let value = -options.shrinkage * child.sumG / (child.sumH + options.l2 + 1e-15)
        nodes.value[child.node] = value
        leaves.append((child.start, child.end, value))
    }

    private func takeHistogram() -> [Double] {
        if var h = pool.popLast() {
            h.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            return h
        }
        return [Double](repeating: 0, count: histogramSize)
    }

    private func release(_ h: [Double]) { pool.append(h) }

    /// The smaller child's histogram from its rows, the larger's (when given) as the parent's
    /// histogram minus it, and each child's best split if it may split — feature by feature,
    /// the features in two halves on both cores for large nodes. Within each half the first
    /// feature wins a tie, and the lower half wins across halves, as a serial scan would.
    private func measure(small: Child, large: Child?, smallHistogram: inout [Double], largeHistogram: inout [Double]) -> (SplitInfo, SplitInfo) {
        let pieces = small.count >= options.sharedNodeRows ? min(p, 2) : 1
        var found = [(SplitInfo, SplitInfo)](repeating: (SplitInfo(), SplitInfo()), count: pieces)
        let hasLarge = large != nil
        smallHistogram.withUnsafeMutableBufferPointer { sb in
            largeHistogram.withUnsafeMutableBufferPointer { lb in
                found.withUnsafeMutableBufferPointer { fb in
                    let smallOut = SharedBuffer(base: sb.baseAddress!)
                    let largeOut = hasLarge ? SharedBuffer(base: lb.baseAddress!) : smallOut
                    let results = SharedBuffer(base: fb.baseAddress!)
                    Parallel.forEach(pieces) { [self] piece in
                        var smallBest = SplitInfo(), largeBest = SplitInfo()
                        var smallScore = parentScore(small), largeScore = large.map(parentScore) ?? 0
                        let features = (p * piece / pieces)..<(p * (piece + 1) / pieces)
                        var f = features.lowerBound
                        // Four features a pass: one read of each row's pair for four bins.
                        while f + 4 <= features.upperBound {
                            accumulateFour(small, features: f, into: smallOut.base)
                            f += 4
                        }
                        for f in f..<features.upperBound { accumulate(small, feature: f, into: smallOut.base) }
                        for f in features {
                            if let large {
                                subtract(feature: f, from: largeOut.base, smallOut.base)
                                if large.canSplit { scan(f, largeOut.base, large, &largeScore, &largeBest) }
                            }
                            if small.canSplit { scan(f, smallOut.base, small, &smallScore, &smallBest) }
                        }
                        results[piece] = (smallBest, largeBest)
                    }
                }
            }
        }
        var best = found[0]
        for piece in found.dropFirst() {
            if piece.0.gain > best.0.gain { best.0 = piece.0 }
            if piece.1.gain > best.1.gain { best.1 = piece.1 }
        }
        return best
    }

    /// G²/(H+λ) of a node: the score a split must beat.
    private func parentScore(_ node: Child) -> Double { node.sumG * node.sumG / (node.sumH + options.l2 + 1e-15) }

    /// Adds each row's (gradient, hessian) pair and a count to its bin of each of the features
    /// f..<f+4: one read of the pair for four bins, and the four features' bins (4 × 256 × 24
    /// bytes) stay in the L1 cache for the whole pass.
    private func accumulateFour(_ node: Child, features f: Int, into hist: UnsafeMutablePointer<Double>) {
        let raw = UnsafeMutableRawPointer(hist)
        let o = pairs + node.start
        let b0 = offsets[f] &* 24, b1 = offsets[f + 1] &* 24, b2 = offsets[f + 2] &* 24, b3 = offsets[f + 3] &* 24
        if node.count == n {
            // The root: rows in order, read straight from the four columns; counts are known in advance.
            binned.withUnsafeBufferPointer { bins in
                let c0 = bins.baseAddress! + f &* n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n
                for i in 0..<n {
                    let pair = o[i]
                    Self.add(raw, b0 &+ Int(c0[i]) &* 24, pair)
                    Self.add(raw, b1 &+ Int(c1[i]) &* 24, pair)
                    Self.add(raw, b2 &+ Int(c2[i]) &* 24, pair)
                    Self.add(raw, b3 &+ Int(c3[i]) &* 24, pair)
                }
            }
            for g in f..<(f + 4) {
                let base = offsets[g]
                for b in 0..<binCounts[g] { raw.storeBytes(of: rootCounts[base + b], toByteOffset: (base + b) * 24 + 16, as: Int64.self) }
            }
            return
        }
        binned.withUnsafeBufferPointer { bins in
            rows.withUnsafeBufferPointer { rs in
                let c0 = bins.baseAddress! + f &* n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n
                let r = rs.baseAddress! + node.start
                for k in 0..<node.count {
                    let pair = o[k], i = Int(r[k])
                    Self.bump(raw, b0 &+ Int(c0[i]) &* 24, pair)
                    Self.bump(raw, b1 &+ Int(c1[i]) &* 24, pair)
                    Self.bump(raw, b2 &+ Int(c2[i]) &* 24, pair)
                    Self.bump(raw, b3 &+ Int(c3[i]) &* 24, pair)
                }
            }
        }
    }

    @inline(__always)
    private static func add(_ raw: UnsafeMutableRawPointer, _ at: Int, _ pair: SIMD2<Double>) {
        raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self) + pair, toByteOffset: at, as: SIMD2<Double>.self)
    }

    /// One row into one bin: the (gradient, hessian) pair added, the count raised.
    @inline(__always)
    private static func bump(_ raw: UnsafeMutableRawPointer, _ at: Int, _ pair: SIMD2<Double>) {
        raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self) + pair, toByteOffset: at, as: SIMD2<Double>.self)
        raw.storeBytes(of: raw.load(fromByteOffset: at &+ 16, as: Int64.self) &+ 1, toByteOffset: at &+ 16, as: Int64.self)
    }

    /// The same for one feature.
    private func accumulate(_ node: Child, feature f: Int, into hist: UnsafeMutablePointer<Double>) {
        let raw = UnsafeMutableRawPointer(hist)
        let base = offsets[f] &* 24
        binned.withUnsafeBufferPointer { bins in
            let column = bins.baseAddress! + f &* n
            if node.count == n {
                // The root: every row in order, and counts known in advance (they do not depend on the gradients).
                for i in 0..<n { Self.add(raw, base &+ Int(column[i]) &* 24, pairs[i]) }
                for b in 0..<binCounts[f] { raw.storeBytes(of: rootCounts[offsets[f] + b], toByteOffset: base + b * 24 + 16, as: Int64.self) }
                return
            }
            rows.withUnsafeBufferPointer { rs in
                let o = pairs + node.start, r = rs.baseAddress! + node.start
                for k in 0..<node.count { Self.bump(raw, base &+ Int(column[Int(r[k])]) &* 24, o[k]) }
            }
        }
    }

    /// large −= small over feature f's bins: sums as doubles, counts as integers.
    private func subtract(feature f: Int, from large: UnsafeMutablePointer<Double>, _ small: UnsafeMutablePointer<Double>) {
        let l = UnsafeMutableRawPointer(large), r = UnsafeRawPointer(small)
        var at = offsets[f] &* 24
        let end = at &+ binCounts[f] &* 24
        while at < end {
            let pair = l.loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self) - r.loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self)
            l.storeBytes(of: pair, toByteOffset: at, as: SIMD2<Double>.self)
            let count = l.load(fromByteOffset: at &+ 16, as: Int64.self) &- r.load(fromByteOffset: at &+ 16, as: Int64.self)
            l.storeBytes(of: count, toByteOffset: at &+ 16, as: Int64.self)
            at &+= 24
        }
    }

    /// The best "bin <= b goes left" split of feature f, if better than `score` (GL²/(HL+λ) +
    /// GR²/(HR+λ), with min_samples_leaf rows and min_hessian_to_split on each side). The test
    /// GL²(HR+λ) + GR²(HL+λ) > score·(HL+λ)(HR+λ) needs no division per bin.
    private func scan(_ f: Int, _ hist: UnsafeMutablePointer<Double>, _ node: Child, _ score: inout Double, _ best: inout SplitInfo) {
        let l2 = options.l2 + 1e-15
        let parent = parentScore(node)
        let minLeaf = options.minSamplesLeaf, minHessian = options.minHessianToSplit
        let count = node.count, sumG = node.sumG, sumH = node.sumH
        var gl = 0.0, hl = 0.0, cl = 0
        let base = offsets[f] * 3
        for b in 0..<(binCounts[f] - 1) {
            let c = Int(truncatingIfNeeded: hist[base + b * 3 + 2].bitPattern)
            if c == 0 { continue }
            gl += hist[base + b * 3]
            hl += hist[base + b * 3 + 1]
            cl += c
            if cl < minLeaf { continue }
            if count - cl < minLeaf { break }
            if hl < minHessian { continue }
            let hr = sumH - hl
            if hr < minHessian { break }
            let gr = sumG - gl, leftH = hl + l2, rightH = hr + l2
            let numerator = gl * gl * rightH + gr * gr * leftH, denominator = leftH * rightH
            if numerator > score * denominator {
                score = numerator / denominator
                best = SplitInfo(gain: score - parent, feature: f, bin: b, leftG: gl, leftH: hl, leftCount: cl)
            }
        }
    }

    /// Stable partition of rows[start..<end] (and their gradient pairs): bin <= `bin` of `feature`
    /// first. Returns the boundary. Large nodes are cut in two halves partitioned on both cores,
    /// then joined: left rows of both halves, then right rows of both, order kept.
    private func partition(_ start: Int, _ end: Int, feature: Int, bin: Int) -> Int {
        let pieces = (end - start) / 2 >= options.sharedNodeRows ? 2 : 1
        let cuts = (0...pieces).map { start + (end - start) * $0 / pieces }
        var lefts = [Int](repeating: 0, count: pieces)
        rows.withUnsafeMutableBufferPointer { rb in
            scratch.withUnsafeMutableBufferPointer { sb in
                lefts.withUnsafeMutableBufferPointer { lb in
                    let rs = SharedBuffer(base: rb.baseAddress!), tmp = SharedBuffer(base: sb.baseAddress!)
                    let leftEnds = SharedBuffer(base: lb.baseAddress!)
                    binned.withUnsafeBufferPointer { bins in
                        let column = bins.baseAddress! + feature &* n, limit = UInt8(bin)
                        Parallel.forEach(pieces) { [self] piece in
                            // Branch-free: the side is random, so a branch would mispredict half the time.
                            // Left rows are packed in place from the piece's start, right rows into scratch at the same offsets.
                            let from = cuts[piece], to = cuts[piece + 1]
                            var l = from, r = from
                            for k in from..<to {
                                let i = rs[k], pair = pairs[k]
                                let left = column[Int(i)] <= limit ? 1 : 0
                                rs[l] = i; pairs[l] = pair
                                tmp[r] = i; scratchPairs[r] = pair
                                l &+= left
                                r &+= 1 &- left
                            }
                            leftEnds[piece] = l
                        }
                    }
                    // Join: the second half's left rows move down after the first's (a forward copy: the
                    // destination lies below the source), then every right row follows.
                    var at = lb[0]
                    for piece in 1..<pieces {
                        for k in cuts[piece]..<lb[piece] {
                            rs[at] = rs[k]
                            pairs[at] = pairs[k]
                            at += 1
                        }
                    }
                    let boundary = at
                    for piece in 0..<pieces {
                        let count = cuts[piece + 1] - lb[piece]
                        (rs.base + at).update(from: tmp.base + cuts[piece], count: count)
                        (pairs + at).update(from: scratchPairs + cuts[piece], count: count)
                        at += count
                    }
                    lb[0] = boundary
                }
            }
        }
        return lefts[0]
    }
}
