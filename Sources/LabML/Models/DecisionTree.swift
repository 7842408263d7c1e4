import LabData

/// A CART decision tree (scikit-learn's DecisionTreeClassifier / DecisionTreeRegressor):
/// classes with gini or entropy, numbers with squared_error.
public struct DecisionTree: Sendable, Equatable, Codable {
    /// The class labels, or nil for a regression tree.
    public let classes: [String]?
    public let tree: CARTTree
    public let options: TreeOptions
    /// Normalised total impurity decrease per feature.
    public let featureImportances: [Double]

    public static func fit(_ x: Matrix, _ y: TrainingData.Target, options: TreeOptions, seed: UInt64) throws -> DecisionTree {
        let (target, classes) = try treeTarget(y, criterion: options.criterion, rows: x.rows)
        let builder = CARTBuilder(PresortedFeatures(x), target: target, weights: nil, options: options)
        var rng = SeededGenerator(seed: seed)
        let tree = try builder.build(&rng)
        return DecisionTree(classes: classes, tree: tree, options: options, featureImportances: tree.featureImportances(featureCount: x.columns))
    }

    /// One row per sample: class probabilities (classes order), or the single predicted value.
    public func outputs(_ x: Matrix) -> [[Double]] { outputMatrix(x).rowArrays }

    /// The same as one matrix, one row per sample.
    public func outputMatrix(_ x: Matrix) -> Matrix { TreeEnsemble.average([tree], x) }

    /// The criterion must suit the target: gini and entropy sort classes, squared_error fits numbers.
    static func treeTarget(_ y: TrainingData.Target, criterion: TreeCriterion, rows: Int) throws -> (TreeTarget, [String]?) {
        guard rows >= 1 else { throw DataError("no training rows", hint: "a tree needs rows to learn from") }
        switch (y, criterion) {
        case (.classes(let labels, let yi), .gini), (.classes(let labels, let yi), .entropy):
            return (.classes(count: labels.count, labels: yi.map(Int32.init)), labels)
        case (.values(let v), .squaredError):
            return (.values(v), nil)
        case (.classes, .squaredError):
            throw DataError("criterion=squared_error grows a regression tree, but the target holds classes",
                            hint: "use criterion=gini or criterion=entropy for classes")
        case (.values, _):
            throw DataError("criterion=\(criterion.rawValue) grows a classification tree, but the target holds numbers",
                            hint: "use criterion=squared_error to predict numbers")
        }
    }
}

/// Predictions of one tree or the average of many, spread over both cores for large inputs.
enum TreeEnsemble {
    /// The mean of the trees' leaf values per row; each row's values are added tree by tree, in order.
    static func average(_ trees: [CARTTree], _ x: Matrix) -> Matrix {
        let width = trees.first?.outputs ?? 0
        guard width > 0, x.rows > 0 else { return Matrix(rows: x.rows, columns: width) }
        var flat = [Double](repeating: 0, count: x.rows * width)
        let scale = 1 / Double(trees.count)
        flat.withUnsafeMutableBufferPointer { buffer in
            let out = SharedBuffer(base: buffer.baseAddress!)
            TreeWalkTable(trees.map { ($0.feature, $0.threshold, $0.left, $0.right, $0.missingLeft) }).walk(x) { start, count, t, leaves in
                trees[t].values.withUnsafeBufferPointer { v in
                    for r in 0..<count {
                        let node = leaves[r], to = (start + r) * width
                        for k in 0..<width { out[to + k] += scale * v[node * width + k] }
                    }
                }
            }
        }
        return Matrix(rows: x.rows, columns: width, storage: flat)
    }
}
