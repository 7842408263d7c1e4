/// Limits of one boosting tree (scikit-learn's TreeGrower settings).
struct GrowerOptions: Sendable {
    var maxLeafNodes: Int?
    var maxDepth: Int?
    var minSamplesLeaf: Int
    var l2: Double
    var shrinkage: Double
    /// scikit-learn's min_hessian_to_split.
    var minHessianToSplit = 1e-3
}

/// Grows the trees of histogram gradient boosting leaf-wise, like scikit-learn's TreeGrower:
/// every node keeps a histogram of gradient and hessian sums per feature bin; the split
/// with the largest loss reduction anywhere in the tree is taken next, until max_leaf_nodes.
/// A child's histogram is the parent's minus its smaller sibling's, so only the smaller
/// child's rows are read. Each split's work (the smaller child's histogram, the subtraction
/// and the search of both children for their best split) is done feature by feature, the
/// features shared between both cores.
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
    /// Hessians of the squared error: all 1.
    private let ones: [Double]
    /// Per core, a node's (gradient, hessian) pairs in row order, gathered for the histogram passes
    /// (raw buffers: both cores write their own while the grower is shared).
    private let ordered: [UnsafeMutablePointer<SIMD2<Double>>]

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
        ones = [Double](repeating: 1, count: n)
        let capacity = max(1, binned.count / max(1, features))
        ordered = (0..<2).map { _ in
            let buffer = UnsafeMutablePointer<SIMD2<Double>>.allocate(capacity: capacity)
            buffer.initialize(repeating: .zero, count: capacity)
            return buffer
        }
    }

    deinit { for buffer in ordered { buffer.deallocate() } }

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
        for i in 0..<n { sumG += g[i]; sumH += h?[i] ?? 1 }
        let root = Child(node: nodes.add(), start: 0, end: n, sumG: sumG, sumH: sumH,
                         canSplit: n >= 2 * options.minSamplesLeaf && (options.maxLeafNodes ?? 2) >= 2 && (options.maxDepth ?? 1) >= 1)
        var open: [Candidate] = []
        if root.canSplit {
            var histogram = takeHistogram()
            var none: [Double] = []
            let (split, _) = measure(small: root, large: nil, smallHistogram: &histogram, largeHistogram: &none, g, h)
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
                                                       smallHistogram: &smallHistogram, largeHistogram: &largeHistogram, g, h)
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
    private func measure(small: Child, large: Child?, smallHistogram: inout [Double], largeHistogram: inout [Double],
                         _ g: [Double], _ h: [Double]?) -> (SplitInfo, SplitInfo) {
        let pieces = small.count >= 2048 && p >= 2 ? 2 : 1
        var found = [(SplitInfo, SplitInfo)](repeating: (SplitInfo(), SplitInfo()), count: pieces)
        let hasLarge = large != nil
        smallHistogram.withUnsafeMutableBufferPointer { sb in
            largeHistogram.withUnsafeMutableBufferPointer { lb in
                found.withUnsafeMutableBufferPointer { fb in
                    let smallOut = SharedBuffer(base: sb.baseAddress!)
                    let largeOut = hasLarge ? SharedBuffer(base: lb.baseAddress!) : smallOut
                    let results = SharedBuffer(base: fb.baseAddress!)
                    Parallel.forEach(pieces) { piece in
                        gather(small, g, h, into: piece)
                        var smallBest = SplitInfo(), largeBest = SplitInfo()
                        var smallScore = parentScore(small), largeScore = large.map(parentScore) ?? 0
                        for f in (p * piece / pieces)..<(p * (piece + 1) / pieces) {
                            accumulate(small, feature: f, into: smallOut.base, piece: piece)
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

    /// Copies a node's (gradient, hessian) pairs into this core's buffer, in the node's row order.
    private func gather(_ node: Child, _ g: [Double], _ h: [Double]?, into piece: Int) {
        rows.withUnsafeBufferPointer { rs in
            g.withUnsafeBufferPointer { gs in
                (h ?? ones).withUnsafeBufferPointer { hs in
                    let o = ordered[piece]
                    for k in 0..<node.count {
                        let i = Int(rs[node.start &+ k])
                        o[k] = SIMD2(gs[i], hs[i])
                    }
                }
            }
        }
    }

    /// Adds each row's (gradient, hessian) pair and a count to its bin of feature f: the feature's
    /// bins (256 × 24 bytes) stay in the L1 cache for the whole pass.
    private func accumulate(_ node: Child, feature f: Int, into hist: UnsafeMutablePointer<Double>, piece: Int) {
        let raw = UnsafeMutableRawPointer(hist)
        binned.withUnsafeBufferPointer { bins in
            rows.withUnsafeBufferPointer { rs in
                let o = ordered[piece]
                let base = offsets[f], column = bins.baseAddress! + f &* n
                for k in 0..<node.count {
                    let i = Int(rs[node.start &+ k])
                    let at = (base &+ Int(column[i])) &* 24
                    let sums = raw.loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self)
                    raw.storeBytes(of: sums + o[k], toByteOffset: at, as: SIMD2<Double>.self)
                    let count = raw.load(fromByteOffset: at &+ 16, as: Int64.self)
                    raw.storeBytes(of: count &+ 1, toByteOffset: at &+ 16, as: Int64.self)
                }
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

    /// Stable partition of rows[start..<end]: bin <= `bin` of `feature` first. Returns the boundary.
    private func partition(_ start: Int, _ end: Int, feature: Int, bin: Int) -> Int {
        let n = self.n, limit = UInt8(bin)
        var l = start, r = 0
        binned.withUnsafeBufferPointer { bins in
            rows.withUnsafeMutableBufferPointer { rs in
                scratch.withUnsafeMutableBufferPointer { tmp in
                    // Branch-free: the side is random, so a branch would mispredict half the time.
                    for k in start..<end {
                        let i = rs[k]
                        let left = bins[feature &* n &+ Int(i)] <= limit ? 1 : 0
                        rs[l] = i
                        tmp[r] = i
                        l &+= left
                        r &+= 1 &- left
                    }
                    for k in 0..<r { rs[l + k] = tmp[k] }
                }
            }
        }
        return l
    }
}
