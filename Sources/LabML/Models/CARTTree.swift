/// The learned structure of one CART tree, as flat per-node arrays (scikit-learn's
/// `tree_` layout): compact to store, and a prediction is a walk down a few indices.
public struct CARTTree: Sendable, Equatable, Codable {
    /// The split feature of each node; -1 marks a leaf.
    public let feature: [Int32]
    /// Rows with feature value <= threshold go left. The largest finite Double splits the rows
    /// missing the feature (right) from all the others (scikit-learn's threshold inf).
    public let threshold: [Double]
    public let left: [Int32]
    public let right: [Int32]
    /// The summed sample weight (rows, or bootstrap draws) reaching each node.
    public let weightedSamples: [Double]
    public let impurity: [Double]
    /// `outputs` numbers per node: class probabilities, or the mean target for regression.
    public let values: [Double]
    public let outputs: Int
    /// The depth of the deepest leaf (a lone root has depth 0).
    public let depth: Int
    /// Per node, whether a row missing the split feature (NaN) goes left: learned where the
    /// node's training rows had missing values of it, else toward the child with more rows (as
    /// scikit-learn). Nil in model files written before trees took missing values: right everywhere.
    public let missingLeft: [Bool]?

    public var nodeCount: Int { feature.count }
    public var leafCount: Int { feature.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }

    /// The leaf a row (its `features` numbers at `row`) falls into.
    @inline(__always)
    func leaf(_ row: UnsafePointer<Double>) -> Int {
        var node = 0
        feature.withUnsafeBufferPointer { f in
            threshold.withUnsafeBufferPointer { t in
                left.withUnsafeBufferPointer { l in
                    right.withUnsafeBufferPointer { r in
                        while f[node] >= 0 {
                            let v = row[Int(f[node])]
                            node = Int(v <= t[node] || (v.isNaN && missingLeft?[node] == true) ? l[node] : r[node])
                        }
                    }
                }
            }
        }
        return node
    }

    /// The normalised total impurity decrease per feature (scikit-learn's feature_importances_);
    /// all zeros when the tree is a lone leaf.
    func featureImportances(featureCount: Int) -> [Double] {
        var out = [Double](repeating: 0, count: featureCount)
        for node in feature.indices where feature[node] >= 0 {
            let l = Int(left[node]), r = Int(right[node])
            out[Int(feature[node])] += weightedSamples[node] * impurity[node]
                - weightedSamples[l] * impurity[l] - weightedSamples[r] * impurity[r]
        }
        let total = out.reduce(0, +)
        return total > 0 ? out.map { $0 / total } : out
    }
}
