import CHints

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
/// features in two halves on both cores when a helper thread is given; the parent's rows are
/// partitioned on both cores too. The trees are the same with or without the helper.
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
    private let helper: HelperThread?
    /// The training rows, partitioned so that each node owns a contiguous range, in one of two
    /// buffers: a node's children are written into the other buffer, at the same range, so a
    /// partition is one pass with no copy back, shared by two threads without a join.
    private let rows: [UnsafeMutablePointer<Int32>]
    private var pool: [[Double]] = []
    /// Each row's (gradient, hessian) pair, kept in the same order as `rows` (partitioned with
    /// them), so a node's pairs are contiguous and every histogram pass reads them in sequence.
    private let pairs: [UnsafeMutablePointer<SIMD2<Double>>]

    /// Rows per bin over all training rows: the root's counts, the same every round.
    private let rootCounts: [Int64]

    /// Leaves of the last tree: ranges of `rows` and their values, to update the training predictions.
    private(set) var leaves: [(buffer: Int, start: Int, end: Int, value: Double)] = []

    /// `binned`: column-major bins of the training rows (feature f of row i at f·rows + i): a
    /// histogram pass over one feature then reads one compact column. `helper`: a second thread
    /// for each split's work, or nil for one thread.
    init(binned: [UInt8], features: Int, binner: FeatureBinner, options: GrowerOptions, helper: HelperThread? = nil) {
        self.binned = binned
        p = features
        binCounts = binner.binCounts
        var offsets = [Int](), total = 0
        for c in binCounts { offsets.append(total); total += c }
        self.offsets = offsets
        histogramSize = total * 3
        thresholds = binner.thresholds
        self.options = options
        self.helper = helper
        n = features == 0 ? 0 : binned.count / features
        var rootCounts = [Int64](repeating: 0, count: total)
        let rowCount = features == 0 ? 0 : binned.count / features
        for f in 0..<features { for i in 0..<rowCount { rootCounts[offsets[f] + Int(binned[f * rowCount + i])] += 1 } }
        self.rootCounts = rootCounts
        let capacity = max(1, rowCount)
        rows = (0..<2).map { _ in
            let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            buffer.initialize(repeating: 0, count: capacity)
            return buffer
        }
        pairs = (0..<2).map { _ in
            let buffer = UnsafeMutablePointer<SIMD2<Double>>.allocate(capacity: capacity)
            buffer.initialize(repeating: .zero, count: capacity)
            return buffer
        }
    }

    deinit {
        for buffer in rows { buffer.deallocate() }
        for buffer in pairs { buffer.deallocate() }
    }

    struct SplitInfo {
        var gain = 0.0
        var feature = -1, bin = 0
        var leftG = 0.0, leftH = 0.0, leftCount = 0
    }

    private struct Candidate {
        var node: Int, buffer: Int, start: Int, end: Int, depth: Int
        var sumG: Double, sumH: Double
        var histogram: [Double]
        var split: SplitInfo
    }

    /// A node being measured: its rows, sums, and whether it may still split.
    private struct Child {
        var node: Int, buffer: Int, start: Int, end: Int
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
    /// The helper, when given, must be awake (`HelperThread.wake`) for its thread to take part.
    func grow(gradients g: [Double], hessians h: [Double]?) -> BoostTree {
        leaves = []
        let nodes = Nodes()
        // The root's rows and pairs, and their sums, in two halves (summed in the same order with or without a helper).
        var sums = [SIMD2<Double>](repeating: .zero, count: 2)
        let rootRows = rows[0], rootPairs = pairs[0], n = n
        sums.withUnsafeMutableBufferPointer { sb in
            let out = SharedBuffer(base: sb.baseAddress!)
            halvesAlways { half in
                var sum = SIMD2<Double>.zero
                for i in (n * half / 2)..<(n * (half + 1) / 2) {
                    let pair = SIMD2(g[i], h?[i] ?? 1)
                    rootRows[i] = Int32(truncatingIfNeeded: i)
                    rootPairs[i] = pair
                    sum += pair
                }
                out[half] = sum
            }
        }
        let sumG = sums[0].x + sums[1].x, sumH = sums[0].y + sums[1].y
        let root = Child(node: nodes.add(), buffer: 0, start: 0, end: n, sumG: sumG, sumH: sumH,
                         canSplit: n >= 2 * options.minSamplesLeaf && (options.maxLeafNodes ?? 2) >= 2 && (options.maxDepth ?? 1) >= 1)
        var open: [Candidate] = []
        if root.canSplit {
            var histogram = takeHistogram()
            var none: [Double] = []
            let (split, _) = measure(small: root, large: nil, smallHistogram: &histogram, largeHistogram: &none)
            if split.gain > 0 {
                open.append(Candidate(node: root.node, buffer: 0, start: 0, end: n, depth: 0, sumG: sumG, sumH: sumH, histogram: histogram, split: split))
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
            let mid = partition(parent, feature: s.feature, bin: s.bin, leftCount: s.leftCount)
            let buffer = 1 - parent.buffer
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
            var children = [Child(node: l, buffer: buffer, start: parent.start, end: mid, sumG: s.leftG, sumH: s.leftH, canSplit: false),
                            Child(node: r, buffer: buffer, start: mid, end: parent.end, sumG: parent.sumG - s.leftG, sumH: parent.sumH - s.leftH,
                                  canSplit: false)]
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
                        open.append(Candidate(node: child.node, buffer: buffer, start: child.start, end: child.end, depth: depth,
                                              sumG: child.sumG, sumH: child.sumH, histogram: histogram, split: split))
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
                    finalize(nodes, Child(node: c.node, buffer: c.buffer, start: c.start, end: c.end, sumG: c.sumG, sumH: c.sumH, canSplit: false))
                }
                open.removeAll()
            }
        }
        return BoostTree(feature: nodes.feature, threshold: nodes.threshold, binThreshold: nodes.binThreshold,
                         left: nodes.left, right: nodes.right, value: nodes.value, gain: nodes.gain)
    }

    /// Adds every training row's leaf value to raw (one output's predictions).
    func applyLeaves(to raw: UnsafeMutablePointer<Double>) {
        // Leaves own disjoint rows: the first leaves holding half the rows on one thread, the rest on the other.
        var half = 0, rowsSoFar = 0
        while half < leaves.count && 2 * rowsSoFar < n {
            rowsSoFar += leaves[half].end - leaves[half].start
            half += 1
        }
        let out = SharedBuffer(base: raw)
        halvesAlways { piece in
            for leaf in leaves[(piece == 0 ? 0 : half)..<(piece == 0 ? half : leaves.count)] {
                let rs = rows[leaf.buffer]
                for k in leaf.start..<leaf.end { out[Int(rs[k])] += leaf.value }
            }
        }
    }

    private func finalize(_ nodes: Nodes, _ child: Child) {
        let value = -options.shrinkage * child.sumG / (child.sumH + options.l2 + 1e-15)
        nodes.value[child.node] = value
        leaves.append((child.buffer, child.start, child.end, value))
    }

    private func takeHistogram() -> [Double] {
        if var h = pool.popLast() {
            h.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            return h
        }
        return [Double](repeating: 0, count: histogramSize)
    }

    private func release(_ h: [Double]) { pool.append(h) }

    /// body(0) and body(1) on both threads, or body(0) alone without a helper.
    private func halves(_ body: (Int) -> Void) {
        if let helper { helper.run(body) } else { body(0) }
    }

    /// body(0) and body(1), on both threads with a helper.
    private func halvesAlways(_ body: (Int) -> Void) {
        if let helper { helper.run(body) } else { body(0); body(1) }
    }

    /// The smaller child's histogram from its rows, the larger's (when given) as the parent's
    /// histogram minus it, and each child's best split if it may split — feature by feature,
    /// the features in two halves on both threads with a helper. Within each half the first
    /// feature wins a tie, and the lower half wins across halves, as a serial scan would.
    private func measure(small: Child, large: Child?, smallHistogram: inout [Double], largeHistogram: inout [Double]) -> (SplitInfo, SplitInfo) {
        let pieces = helper != nil ? 2 : 1
        var found = [(SplitInfo, SplitInfo)](repeating: (SplitInfo(), SplitInfo()), count: pieces)
        let hasLarge = large != nil
        smallHistogram.withUnsafeMutableBufferPointer { sb in
            largeHistogram.withUnsafeMutableBufferPointer { lb in
                found.withUnsafeMutableBufferPointer { fb in
                    let smallOut = SharedBuffer(base: sb.baseAddress!)
                    let largeOut = hasLarge ? SharedBuffer(base: lb.baseAddress!) : smallOut
                    let results = SharedBuffer(base: fb.baseAddress!)
                    halves { [self] piece in
                        var smallBest = SplitInfo(), largeBest = SplitInfo()
                        var smallScore = parentScore(small), largeScore = large.map(parentScore) ?? 0
                        let features = (p * piece / pieces)..<(p * (piece + 1) / pieces)
                        // Four features a pass (one read of each row's pair for four bins), the last pass
                        // taking what is left.
                        for f in stride(from: features.lowerBound, to: features.upperBound, by: 4) {
                            accumulate(small, features: f, width: min(4, features.upperBound - f), into: smallOut.base)
                        }
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
    /// f..<f+width (width 1 to 4): one read of the pair for up to four bins, and four features'
    /// bins (4 × 256 × 24 bytes) stay in the L1 cache for the whole pass.
    private func accumulate(_ node: Child, features f: Int, width: Int, into hist: UnsafeMutablePointer<Double>) {
        let raw = UnsafeMutableRawPointer(hist)
        guard node.count == n else {
            accumulate(SumsAndCount.self, node, features: f, width: width, into: raw)
            return
        }
        // The root: rows in order, read straight from the columns; counts are known in advance.
        accumulate(SumsOnly.self, node, features: f, width: width, into: raw)
        for g in f..<(f + width) {
            let base = offsets[g]
            for b in 0..<binCounts[g] { raw.storeBytes(of: rootCounts[base + b], toByteOffset: (base + b) * 24 + 16, as: Int64.self) }
        }
    }

    @inline(__always)
    private func accumulate<Update: BinUpdate>(_ update: Update.Type, _ node: Child, features f: Int, width: Int, into raw: UnsafeMutableRawPointer) {
        binned.withUnsafeBufferPointer { bins in
            // Columns and histogram offsets past the group are never read.
            let c0 = bins.baseAddress! + f &* n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n
            let b0 = offsets[f] &* 24, b1 = offsets[min(f + 1, p - 1)] &* 24
            let b2 = offsets[min(f + 2, p - 1)] &* 24, b3 = offsets[min(f + 3, p - 1)] &* 24
            switch width {
            case 4:
                eachRow(node, prefetch: { i in opslab_prefetch(c0 + i); opslab_prefetch(c1 + i); opslab_prefetch(c2 + i); opslab_prefetch(c3 + i) }) { i, pair in
                    Update.apply(raw, b0 &+ Int(c0[i]) &* 24, pair)
                    Update.apply(raw, b1 &+ Int(c1[i]) &* 24, pair)
                    Update.apply(raw, b2 &+ Int(c2[i]) &* 24, pair)
                    Update.apply(raw, b3 &+ Int(c3[i]) &* 24, pair)
                }
            case 3:
                eachRow(node, prefetch: { i in opslab_prefetch(c0 + i); opslab_prefetch(c1 + i); opslab_prefetch(c2 + i) }) { i, pair in
                    Update.apply(raw, b0 &+ Int(c0[i]) &* 24, pair)
                    Update.apply(raw, b1 &+ Int(c1[i]) &* 24, pair)
                    Update.apply(raw, b2 &+ Int(c2[i]) &* 24, pair)
                }
            case 2:
                eachRow(node, prefetch: { i in opslab_prefetch(c0 + i); opslab_prefetch(c1 + i) }) { i, pair in
                    Update.apply(raw, b0 &+ Int(c0[i]) &* 24, pair)
                    Update.apply(raw, b1 &+ Int(c1[i]) &* 24, pair)
                }
            default:
                eachRow(node, prefetch: { i in opslab_prefetch(c0 + i) }) { i, pair in Update.apply(raw, b0 &+ Int(c0[i]) &* 24, pair) }
            }
        }
    }

    /// body(row, its pair) for each row of the node, in the node's order. Outside the root, the bins
    /// of the row 16 places ahead are asked for (`prefetch(row)`): rows are scattered over the
    /// columns, whose bytes on 800,000 rows lie beyond the core's cache.
    @inline(__always)
    private func eachRow(_ node: Child, prefetch: (Int) -> Void, _ body: (Int, SIMD2<Double>) -> Void) {
        let o = pairs[node.buffer] + node.start
        if node.count == n {
            for i in 0..<n { body(i, o[i]) }
        } else {
            let r = rows[node.buffer] + node.start, last = node.count - 1
            for k in 0..<node.count {
                prefetch(Int(r[min(k &+ 16, last)]))
                body(Int(r[k]), o[k])
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
            // An empty bin offers no new split and adds nothing (not even the rounding residue a
            // subtracted histogram may hold): selected out without a branch, which would mispredict
            // on the sparse histograms of small nodes.
            let c = Int(truncatingIfNeeded: hist[base + b * 3 + 2].bitPattern)
            let present = c != 0
            gl += present ? hist[base + b * 3] : 0
            hl += present ? hist[base + b * 3 + 1] : 0
            cl += c
            if cl < minLeaf { continue }
            if count - cl < minLeaf { break }
            if hl < minHessian { continue }
            let hr = sumH - hl
            if hr < minHessian { break }
            let gr = sumG - gl, leftH = hl + l2, rightH = hr + l2
            let numerator = gl * gl * rightH + gr * gr * leftH, denominator = leftH * rightH
            if present && numerator > score * denominator {
                score = numerator / denominator
                best = SplitInfo(gain: score - parent, feature: f, bin: b, leftG: gl, leftH: hl, leftCount: cl)
            }
        }
    }

    /// Stable partition of the parent's rows (and their gradient pairs) into the other buffer, at
    /// the same range: bin <= `bin` of `feature` first. Returns the boundary, known in advance
    /// from the split's left count. With a helper, large nodes are partitioned from both ends at
    /// once: the first half's rows are sent forward from the start of each side, the second
    /// half's backward from the end of each side, so both meet at the boundaries in order.
    private func partition(_ parent: Candidate, feature: Int, bin: Int, leftCount: Int) -> Int {
        let (start, end) = (parent.start, parent.end)
        let mid = start + leftCount
        let (fromRows, fromPairs) = (rows[parent.buffer], pairs[parent.buffer])
        let (toRows, toPairs) = (rows[1 - parent.buffer], pairs[1 - parent.buffer])
        binned.withUnsafeBufferPointer { bins in
            let column = bins.baseAddress! + feature &* n, limit = UInt8(bin)
            // Branch-free: the side is random, so a branch would mispredict half the time (and a
            // conditional expression compiles to one: the slot is chosen by arithmetic). The bin of
            // the row 16 places ahead is prefetched, as for the histograms.
            func forward(_ range: Range<Int>) {
                var l = start, r = mid
                for k in range {
                    opslab_prefetch(column + Int(fromRows[min(k &+ 16, range.upperBound &- 1)]))
                    let i = fromRows[k], left = Self.bit(column[Int(i)] <= limit)
                    let at = r &+ (l &- r) &* left
                    toRows[at] = i
                    toPairs[at] = fromPairs[k]
                    l &+= left
                    r &+= 1 &- left
                }
            }
            func backward(_ range: Range<Int>) {
                var l = mid &- 1, r = end &- 1
                for k in range.reversed() {
                    opslab_prefetch(column + Int(fromRows[max(k &- 16, range.lowerBound)]))
                    let i = fromRows[k], left = Self.bit(column[Int(i)] <= limit)
                    let at = r &+ (l &- r) &* left
                    toRows[at] = i
                    toPairs[at] = fromPairs[k]
                    l &-= left
                    r &-= 1 &- left
                }
            }
            let count = end - start
            if helper != nil && count >= Self.sharedPartitionRows {
                let cut = start + count / 2
                halves { $0 == 0 ? forward(start..<cut) : backward(cut..<end) }
            } else {
                forward(start..<end)
            }
        }
        return mid
    }

    /// 1 for true, 0 for false, without a branch.
    @inline(__always)
    private static func bit(_ condition: Bool) -> Int { Int(unsafeBitCast(condition, to: UInt8.self)) }

    /// Below this many rows a partition is not worth a second thread (about a microsecond of work).
    static let sharedPartitionRows = 1024
}

/// How a row lands in a bin: its (gradient, hessian) pair added, and the count raised unless the
/// counts are known in advance (the root's).
private protocol BinUpdate {
    static func apply(_ raw: UnsafeMutableRawPointer, _ at: Int, _ pair: SIMD2<Double>)
}

private enum SumsOnly: BinUpdate {
    @inline(__always)
    static func apply(_ raw: UnsafeMutableRawPointer, _ at: Int, _ pair: SIMD2<Double>) {
        raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self) + pair, toByteOffset: at, as: SIMD2<Double>.self)
    }
}

private enum SumsAndCount: BinUpdate {
    @inline(__always)
    static func apply(_ raw: UnsafeMutableRawPointer, _ at: Int, _ pair: SIMD2<Double>) {
        raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: at, as: SIMD2<Double>.self) + pair, toByteOffset: at, as: SIMD2<Double>.self)
        raw.storeBytes(of: raw.load(fromByteOffset: at &+ 16, as: Int64.self) &+ 1, toByteOffset: at &+ 16, as: Int64.self)
    }
}
