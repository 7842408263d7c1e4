/// Trees laid out for predicting many rows: every node of every tree in one array of 24-byte
/// records, so a step down a tree reads one record.
///
/// A row's walk down a tree is a chain of dependent reads (node, then the row's value, then the
/// next node), so rows are walked sixteen at a time, each step advancing all sixteen: their chains
/// overlap instead of waiting on each other. A leaf points to itself, so every row of the sixteen
/// takes the tree's depth in steps without a branch on where it is. Callers walk a block of rows
/// tree by tree (a tree's nodes stay in cache for the block) and add each row's leaf values in
/// tree order, as a walk row by row would.
struct TreeWalkTable {
    struct Node {
        /// Go to `left` when the row's value of `feature` is <= threshold, else to `right`.
        var threshold: Double
        var feature: Int32
        var left: Int32
        var right: Int32
    }

    private var nodes: [Node] = []
    /// Per tree: its root's place in `nodes` and its depth (steps to its deepest leaf).
    private var roots: [Int] = []
    private var depths: [Int] = []

    static let lanes = 16
    /// Rows per block for callers: the block's rows and leaves stay in cache across the trees.
    static let blockRows = 256

    var treeCount: Int { roots.count }

    /// Trees given as per-node arrays (feature -1 at a leaf; children indices within the tree).
    init(_ trees: [(feature: [Int32], threshold: [Double], left: [Int32], right: [Int32])]) {
        for tree in trees {
            let base = Int32(nodes.count)
            roots.append(Int(base))
            var depth = [Int](repeating: 0, count: tree.feature.count)
            for i in tree.feature.indices {
                if tree.feature[i] < 0 {
                    let at = base + Int32(i)
                    nodes.append(Node(threshold: 0, feature: 0, left: at, right: at))
                } else {
                    nodes.append(Node(threshold: tree.threshold[i], feature: tree.feature[i],
                                      left: base + tree.left[i], right: base + tree.right[i]))
                    depth[Int(tree.left[i])] = depth[i] + 1
                    depth[Int(tree.right[i])] = depth[i] + 1
                }
            }
            depths.append(depth.max() ?? 0)
        }
    }

    /// The leaf (its index within tree `t`) that each of `count` rows (row-major, `columns` wide
    /// from `rows`) reaches, into `leaves`.
    func leaves(tree t: Int, rows: UnsafePointer<Double>, count: Int, columns: Int, into leaves: UnsafeMutablePointer<Int>) {
        let root = roots[t], depth = depths[t]
        nodes.withUnsafeBufferPointer { table in
            let node = table.baseAddress!
            var first = 0
            while first < count {
                let lanes = Swift.min(Self.lanes, count &- first), at = leaves + first
                for l in 0..<lanes { at[l] = root }
                for _ in 0..<depth {
                    for l in 0..<lanes {
                        let n = node[at[l]]
                        at[l] = Int(rows[(first &+ l) &* columns &+ Int(n.feature)] <= n.threshold ? n.left : n.right)
                    }
                }
                for l in 0..<lanes { at[l] &-= root }
                first &+= lanes
            }
        }
    }
}
