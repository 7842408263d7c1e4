/// Trees laid out for predicting many rows: every node of every tree in one array of 24-byte
/// records, so a step down a tree reads one record.
///
/// A row's walk down a tree is a chain of dependent reads (node, then the row's value, then the
/// next node), so rows are walked sixteen at a time, each step advancing all sixteen: their chains
/// overlap instead of waiting on each other. A leaf points to itself, so every row of the sixteen
/// takes the tree's depth in steps without a branch on where it is. Rows go a block at a time,
/// tree by tree (a tree's nodes stay in cache for the block), so callers add each row's leaf
/// values in tree order, as a walk row by row would.
struct TreeWalkTable {
    struct Node {
        /// Go to `left` when the row's value of `feature` is <= threshold, else to `right`; a
        /// missing value (NaN) goes left when `missingLeft` is 1. A node that splits categories
        /// has threshold -inf (no value is below it) and `set` > 0: the row's value holds its
        /// category's index as its bit pattern (`GradientBoosting.categoryIndices(asBits:)`; NaN
        /// when missing or unseen), which goes left when in that set.
        var threshold: Double
        var feature: Int32
        var left: Int32
        var right: Int32
        var missingLeft: UInt8 = 0
        /// The node's set of categories in `categoryWords` (0: none, an empty set).
        var set: UInt16 = 0
    }

    private var nodes: [Node] = []
    /// Per tree: its root's place in `nodes` and its depth (steps to its deepest leaf).
    private var roots: [Int] = []
    private var depths: [Int] = []
    /// Four words (256 bits) per set of categories; set 0 is empty, for the nodes that split numbers.
    private var categoryWords = [UInt64](repeating: 0, count: 4)

    static let lanes = 16
    /// Rows per block: the block's rows and leaves stay in cache across the trees.
    static let blockRows = 256

    /// Trees given as per-node arrays (feature -1 at a leaf; children indices within the tree;
    /// nil missingLeft: every missing value goes right), and each tree's category splits.
    init(_ trees: [(feature: [Int32], threshold: [Double], left: [Int32], right: [Int32], missingLeft: [Bool]?)],
         categorySplits: [[BoostTree.CategorySplit]?] = []) {
        for (t, tree) in trees.enumerated() {
            let base = Int32(nodes.count)
            roots.append(Int(base))
            for i in tree.feature.indices {
                let at = base + Int32(i)
                nodes.append(tree.feature[i] < 0 ? Node(threshold: 0, feature: 0, left: at, right: at)
                                                 : Node(threshold: tree.threshold[i], feature: tree.feature[i],
                                                        left: base + tree.left[i], right: base + tree.right[i],
                                                        missingLeft: tree.missingLeft?[i] == true ? 1 : 0))
            }
            for split in t < categorySplits.count ? categorySplits[t] ?? [] : [] {
                let at = Int(base) + Int(split.node)
                nodes[at].threshold = -.infinity
                nodes[at].set = UInt16(categoryWords.count / 4)
                let set = CategorySet(split.left)
                categoryWords += (0..<4).map { set.words[$0] }
            }
            // The deepest leaf, down from the root (whatever order the nodes are stored in).
            var deepest = 0, pending = tree.feature.isEmpty ? [] : [(node: 0, depth: 0)]
            while let (node, depth) = pending.popLast() {
                deepest = max(deepest, depth)
                if tree.feature[node] >= 0 {
                    pending.append((Int(tree.left[node]), depth + 1))
                    pending.append((Int(tree.right[node]), depth + 1))
                }
            }
            depths.append(deepest)
        }
    }

    /// Walks every row of `x` down every tree, on both cores, a block of rows at a time and tree
    /// by tree in order: `body(start, count, tree, leaves)` gets the leaf (its index within that
    /// tree) of rows start..<start+count. Blocks hold disjoint rows, so bodies may write their rows.
    func walk(_ x: Matrix, _ body: (_ start: Int, _ count: Int, _ tree: Int, _ leaves: UnsafePointer<Int>) -> Void) {
        let chunks = Parallel.ranges(x.rows, pieces: Parallel.pieces, minimum: 2048)
        Parallel.forEach(chunks.count) { c in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.blockRows) { leaves in
                x.storage.withUnsafeBufferPointer { xs in
                    var start = chunks[c].lowerBound
                    while start < chunks[c].upperBound {
                        let count = min(Self.blockRows, chunks[c].upperBound - start)
                        let block = UnsafeBufferPointer(rebasing: xs[(start * x.columns)..<((start + count) * x.columns)])
                        let missing = block.contains { $0.isNaN }
                        for t in roots.indices {
                            self.leaves(tree: t, rows: block.baseAddress!, count: count, columns: x.columns,
                                        into: leaves.baseAddress!, missing: missing)
                            body(start, count, t, leaves.baseAddress!)
                        }
                        start += count
                    }
                }
            }
        }
    }

    /// The leaf (its index within tree `t`) that each of `count` rows (row-major, `columns` wide
    /// from `rows`) reaches, into `leaves`. Only blocks holding a missing value pay for the test
    /// that sends it left or right.
    private func leaves(tree t: Int, rows: UnsafePointer<Double>, count: Int, columns: Int, into leaves: UnsafeMutablePointer<Int>,
                        missing: Bool) {
        let root = roots[t], depth = depths[t]
        let categories = categoryWords.count > 4
        nodes.withUnsafeBufferPointer { table in
            categoryWords.withUnsafeBufferPointer { words in
                let node = table.baseAddress!
                var first = 0
                while first < count {
                    let lanes = Swift.min(Self.lanes, count &- first), at = leaves + first
                    for l in 0..<lanes { at[l] = root }
                    for _ in 0..<depth {
                        if categories {
                            // Without a branch, as the others: a number's test, and its bit in the node's set
                            // (the empty set at a number's split; never for a missing value).
                            for l in 0..<lanes {
                                let n = node[at[l]]
                                let v = rows[(first &+ l) &* columns &+ Int(n.feature)]
                                let nan = Self.bit(v.isNaN)
                                // Any value gives a bit (of the empty set, at a number's split): no conversion to check.
                                let code = Int(truncatingIfNeeded: v.bitPattern & 255)
                                let word = words[Int(n.set) &* 4 &+ code &>> 6]
                                let inSet = UInt8(truncatingIfNeeded: word &>> UInt64(code & 63)) & 1 & (nan ^ 1)
                                let goesLeft = Self.bit(v <= n.threshold) | (nan & n.missingLeft) | inSet
                                at[l] = Int(goesLeft != 0 ? n.left : n.right)
                            }
                        } else if missing {
                            for l in 0..<lanes {
                                let n = node[at[l]]
                                let v = rows[(first &+ l) &* columns &+ Int(n.feature)]
                                // Bits rather than || so that the choice stays a select, not a branch.
                                let goesLeft = Self.bit(v <= n.threshold) | (Self.bit(v.isNaN) & n.missingLeft)
                                at[l] = Int(goesLeft != 0 ? n.left : n.right)
                            }
                        } else {
                            for l in 0..<lanes {
                                let n = node[at[l]]
                                at[l] = Int(rows[(first &+ l) &* columns &+ Int(n.feature)] <= n.threshold ? n.left : n.right)
                            }
                        }
                    }
                    for l in 0..<lanes { at[l] &-= root }
                    first &+= lanes
                }
            }
        }
    }

    @inline(__always)
    private static func bit(_ condition: Bool) -> UInt8 { unsafeBitCast(condition, to: UInt8.self) }
}
