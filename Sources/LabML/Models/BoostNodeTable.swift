/// The trees of one boosting output laid out for prediction: every node of every tree in one
/// array of 24-byte records, so a step down a tree reads one record.
///
/// A row's walk down a tree is a chain of dependent reads (node, then the row's value, then the
/// next node), so rows are walked sixteen at a time, each step advancing all sixteen: their chains
/// overlap instead of waiting on each other. A leaf points to itself, so every row of the sixteen
/// takes the tree's depth in steps without a branch on where it is. Rows are predicted a block
/// at a time, tree by tree (a tree's nodes stay in cache for the block), and each row's values
/// are added in round order, as row by row.
struct BoostNodeTable {
    struct Node {
        /// Go to `left` when the row's value of `feature` is <= threshold, else to `right`.
        var threshold: Double
        var feature: Int32
        var left: Int32
        var right: Int32
    }

    private(set) var nodes: [Node] = []
    /// Per node, the leaf's value (0 at splits).
    private(set) var values: [Double] = []
    /// Per tree in round order: its root's place in `nodes` and its depth (steps to its deepest leaf).
    private(set) var roots: [Int32] = []
    private(set) var depths: [Int] = []

    static let lanes = 16

    init(_ trees: [BoostTree]) {
        for tree in trees {
            let base = Int32(nodes.count)
            roots.append(base)
            var depth = [Int](repeating: 0, count: tree.feature.count)
            for i in tree.feature.indices {
                let at = base + Int32(i)
                if tree.feature[i] < 0 {
                    nodes.append(Node(threshold: 0, feature: 0, left: at, right: at))
                } else {
                    nodes.append(Node(threshold: tree.threshold[i], feature: tree.feature[i],
                                      left: base + tree.left[i], right: base + tree.right[i]))
                    depth[Int(tree.left[i])] = depth[i] + 1
                    depth[Int(tree.right[i])] = depth[i] + 1
                }
                values.append(tree.feature[i] < 0 ? tree.value[i] : 0)
            }
            depths.append(depth.max() ?? 0)
        }
    }

    /// Adds every tree's value for each of `count` rows (row-major, `columns` wide from `rows`) to `sums`.
    func addPredictions(rows: UnsafePointer<Double>, count: Int, columns: Int, to sums: UnsafeMutablePointer<Double>) {
        nodes.withUnsafeBufferPointer { table in
            values.withUnsafeBufferPointer { leafValues in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.lanes) { at in
                    let node = table.baseAddress!, value = leafValues.baseAddress!, at = at.baseAddress!
                    for (root, depth) in zip(roots, depths) {
                        var first = 0
                        while first < count {
                            let lanes = Swift.min(Self.lanes, count &- first)
                            for l in 0..<lanes { at[l] = Int(root) }
                            for _ in 0..<depth {
                                for l in 0..<lanes {
                                    let n = node[at[l]]
                                    at[l] = Int(rows[(first &+ l) &* columns &+ Int(n.feature)] <= n.threshold ? n.left : n.right)
                                }
                            }
                            for l in 0..<lanes { sums[first &+ l] += value[at[l]] }
                            first &+= lanes
                        }
                    }
                }
            }
        }
    }
}
