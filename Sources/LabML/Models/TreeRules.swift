#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A CART tree's decision rules as text, line for line as scikit-learn's
/// `sklearn.tree.export_text` writes them, so a learner can hold the two side by side:
///
///     |--- petal_width <= 0.80
///     |   |--- class: setosa
///     |--- petal_width >  0.80
///     |   |--- petal_width <= 1.75
///
/// A leaf says the class most of its training rows had (the first on a tie), or a regression
/// tree's mean target; nodes deeper than `maxDepth` are summed up as "truncated branch of depth N".
public enum TreeRules {
    public static func text(_ tree: CARTTree, featureNames: [String], classNames: [String]?,
                            maxDepth: Int = 10, decimals: Int = 2) -> String {
        var out = ""
        write(node: 0, depth: 1, tree, featureNames, classNames, maxDepth, decimals, into: &out)
        return out
    }

    private static let spacing = 3

    private static func write(node: Int, depth: Int, _ tree: CARTTree, _ names: [String], _ classes: [String]?,
                              _ maxDepth: Int, _ decimals: Int, into out: inout String) {
        let unit = "|" + String(repeating: " ", count: spacing)
        let indent = String(repeating: unit, count: depth).dropLast(spacing) + String(repeating: "-", count: spacing)
        let isLeaf = tree.feature[node] < 0
        if depth > maxDepth + 1 && !isLeaf {
            out += "\(indent) truncated branch of depth \(subtreeDepth(tree, node))\n"
            return
        }
        guard !isLeaf else {
            out += indent + leafText(tree, node, classes, decimals) + "\n"
            return
        }
        let f = Int(tree.feature[node])
        let name = f < names.count ? names[f] : "feature_\(f)"
        let threshold = fixed(tree.threshold[node], decimals: decimals)
        out += "\(indent) \(name) <= \(threshold)\n"
        write(node: Int(tree.left[node]), depth: depth + 1, tree, names, classes, maxDepth, decimals, into: &out)
        out += "\(indent) \(name) >  \(threshold)\n"
        write(node: Int(tree.right[node]), depth: depth + 1, tree, names, classes, maxDepth, decimals, into: &out)
    }

    /// " class: NAME" (the first class of largest share), or " value: [MEAN]".
    private static func leafText(_ tree: CARTTree, _ node: Int, _ classes: [String]?, _ decimals: Int) -> String {
        let values = tree.values[(node * tree.outputs)..<((node + 1) * tree.outputs)]
        guard let classes else { return " value: [" + values.map { fixed($0, decimals: decimals) }.joined(separator: ", ") + "]" }
        var best = values.startIndex
        for i in values.indices where values[i] > values[best] { best = i }
        return " class: " + classes[best - values.startIndex]
    }

    /// The levels below and including `node` (a leaf alone is 1), as scikit-learn counts them for truncation.
    static func subtreeDepth(_ tree: CARTTree, _ node: Int) -> Int {
        guard tree.feature[node] >= 0 else { return 1 }
        return 1 + max(subtreeDepth(tree, Int(tree.left[node])), subtreeDepth(tree, Int(tree.right[node])))
    }

    /// `x` with `decimals` digits after the point, rounded from its exact binary value with ties
    /// to even, as Python's format(x, ".2f") and C's printf round; the missing-values split's
    /// threshold (stored as the largest finite Double) is scikit-learn's inf.
    static func fixed(_ x: Double, decimals: Int) -> String {
        if x == .greatestFiniteMagnitude || x == .infinity { return "inf" }
        if x == -.infinity { return "-inf" }
        if x.isNaN { return "nan" }
        let capacity = 400
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let written = withVaList([Int32(decimals), x]) { vsnprintf(buffer.baseAddress!, capacity, "%.*f", $0) }
            let bytes = UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(min(max(written, 0), Int32(capacity - 1))))
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
