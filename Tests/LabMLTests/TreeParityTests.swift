import XCTest
import LabData
@testable import LabML

/// Decision trees against scikit-learn's DecisionTreeClassifier / Regressor on the same
/// splits (Tests/fixtures/make_estimator_fixtures.py).
final class TreeParityTests: XCTestCase {
    static func options(_ params: [String: Any], maxFeatures: Int? = nil) -> TreeOptions {
        TreeOptions(criterion: TreeCriterion(rawValue: params["criterion"] as? String ?? "gini")!,
                    maxDepth: params["max_depth"] as? Int, minSamplesSplit: 2,
                    minSamplesLeaf: params["min_samples_leaf"] as? Int ?? 1, maxFeatures: maxFeatures)
    }

    /// Trees and forests on data with missing values, as scikit-learn (1.4 on) grows them: on one
    /// feature, node by node (split threshold, "inf" for missing-versus-the-rest, the side missing
    /// values take) and the predictions of test rows with gaps; with more features, by test score
    /// against scikit-learn's seeds.
    func testTreesAndForestsSplitOnMissingValuesAsScikitLearn() throws {
        for c in EstimatorFixtures.cases("tree_missing") {
            let name = c["dataset"] as! String, params = c["params"] as! [String: Any], kind = c["kind"] as! String
            let split = try EstimatorFixtures.split(name)
            if kind == "tree_one_feature" {
                let f = c["feature"] as! Int
                let column = { (x: Matrix) in Matrix(rows: x.rows, columns: 1, storage: (0..<x.rows).map { x[$0, f] }) }
                let model = try DecisionTree.fit(column(split.xTrain), split.yTrain, options: Self.options(params), seed: 0)
                XCTAssertTrue(Self.sameTree(model.tree, 0, c["nodes"]!, "\(params)"))
                let predicted = model.outputMatrix(column(split.xTest)).storage, expected = c["predictions"] as! [Double]
                for (ours, theirs) in zip(predicted, expected) { XCTAssertEqual(ours, theirs, accuracy: 1e-9 * max(1, abs(theirs))) }
                continue
            }
            let score: Double
            if kind == "forest" {
                var options = Self.options(params)
                if split.classes == nil { options.criterion = .squaredError }
                options.maxFeatures = try (split.classes == nil ? FeatureCount.all : FeatureCount.sqrt).resolve(split.xTrain.columns)
                let model = try RandomForest.fit(split.xTrain, split.yTrain, trees: 100, options: options, bootstrap: true, seed: 42)
                score = EstimatorFixtures.score(TrainedModel.outputs(model.classes, model.outputMatrix(split.xTest)), split)
            } else {
                let model = try DecisionTree.fit(split.xTrain, split.yTrain, options: Self.options(params), seed: 42)
                score = EstimatorFixtures.score(TrainedModel.outputs(model.classes, model.outputMatrix(split.xTest)), split)
            }
            print("\(kind) with gaps \(name) \(params): ours \(score), scikit-learn \(c["score_mean"]!) [\(c["score_min"]!), \(c["score_max"]!)]")
            XCTAssertTrue(EstimatorFixtures.band(c).contains(score), "\(kind) \(name) \(params): \(score) outside \(EstimatorFixtures.band(c))")
        }
    }

    /// When only whether a value is missing tells the classes apart, the root sends every number
    /// left and the missing rows right (scikit-learn's threshold inf), and new rows follow.
    func testTreeSplitsMissingFromPresentWhenThatIsWhatCounts() throws {
        let n = 60
        let x = Matrix(rows: n, columns: 1, storage: (0..<n).map { $0 % 2 == 0 ? .nan : Double($0 % 7) })
        let y = TrainingData.Target.classes(labels: ["0", "1"], y: (0..<n).map { $0 % 2 })
        let model = try DecisionTree.fit(x, y, options: TreeOptions(criterion: .gini), seed: 0)
        XCTAssertEqual(model.tree.nodeCount, 3)
        XCTAssertEqual(model.tree.threshold[0], .greatestFiniteMagnitude)
        XCTAssertEqual(model.tree.missingLeft?[0], false)
        let p = model.outputMatrix(Matrix(rows: 3, columns: 1, storage: [.nan, 3, 1e300]))
        XCTAssertEqual([p[0, 1], p[1, 1], p[2, 1]], [0, 1, 1])
        // Trained without gaps, a tree sends new missing values toward the child with more rows.
        let full = Matrix(rows: 10, columns: 1, storage: (0..<10).map(Double.init))
        let lopsided = TrainingData.Target.classes(labels: ["a", "b"], y: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1])
        let plain = try DecisionTree.fit(full, lopsided, options: TreeOptions(criterion: .gini), seed: 0)
        XCTAssertEqual(plain.tree.missingLeft?[0], true)
        XCTAssertEqual(plain.outputMatrix(Matrix(rows: 1, columns: 1, storage: [.nan]))[0, 0], 1)
    }

    /// Node `i` of `tree` and its subtree against scikit-learn's ([feature, threshold or null for
    /// inf, missing_go_to_left, left, right], a leaf as its values); false at the first difference.
    static func sameTree(_ tree: CARTTree, _ i: Int, _ node: Any, _ path: String) -> Bool {
        guard let split = node as? [Any], split.count == 5, split[0] is Int, !(split[3] is Double) else {
            let values = node as! [Double]
            XCTAssertLessThan(tree.feature[i], 0, "\(path): a leaf in scikit-learn")
            let ours = Array(tree.values[(i * tree.outputs)..<((i + 1) * tree.outputs)])
            for (a, b) in zip(ours, values) { XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(b)), path) }
            return tree.feature[i] < 0
        }
        // scikit-learn's trees split float32 copies of the features: thresholds agree to float32 precision.
        let threshold = split[1] as? Double ?? .greatestFiniteMagnitude
        let close = threshold == .greatestFiniteMagnitude ? tree.threshold[i] == threshold : abs(tree.threshold[i] - threshold) <= 1e-6 * max(1, abs(threshold))
        guard tree.feature[i] >= 0, Int(tree.feature[i]) == split[0] as! Int, close,
              tree.missingLeft?[i] == split[2] as? Bool else {
            XCTFail("\(path): node \(i) splits feature \(tree.feature[i]) at \(tree.threshold[i]), missing left \(tree.missingLeft?[i] as Any); "
                    + "scikit-learn: \(split[0]) at \(split[1]), missing left \(split[2])")
            return false
        }
        return sameTree(tree, Int(tree.left[i]), split[3], path + " L") && sameTree(tree, Int(tree.right[i]), split[4], path + " R")
    }

    func testTreesScoreLikeScikitLearn() throws {
        for c in EstimatorFixtures.cases("tree") {
            let name = c["dataset"] as! String, params = c["params"] as! [String: Any]
            let split = try EstimatorFixtures.split(name)
            let model = try DecisionTree.fit(split.xTrain, split.yTrain, options: Self.options(params), seed: 42)
            let prediction = TrainedModel.outputs(model.classes, model.outputMatrix(split.xTest))
            let score = EstimatorFixtures.score(prediction, split)
            let label = "\(name) \(params)"
            print("tree \(label): ours \(score), scikit-learn mean \(c["score_mean"]!) seed42 \(c["score_seed42"]!); depth \(model.tree.depth)/\(c["depth"]!) leaves \(model.tree.leafCount)/\(c["leaves"]!)")
            XCTAssertTrue(EstimatorFixtures.band(c).contains(score), "\(label): \(score) outside \(EstimatorFixtures.band(c))")
            // Where no two splits tie, the tree is fully determined: the same tree, the same predictions.
            if let expected = c["predictions"] as? [Any] {
                XCTAssertEqual(model.tree.depth, c["depth"] as? Int, label)
                XCTAssertEqual(model.tree.leafCount, c["leaves"] as? Int, label)
                let ours = EstimatorFixtures.labels(prediction)
                for (i, e) in expected.enumerated() {
                    if let v = e as? Double, split.classes == nil {
                        XCTAssertEqual(Double(ours[i])!, v, accuracy: 1e-9 * max(1, abs(v)), "\(label) row \(i)")
                    } else {
                        XCTAssertEqual(ours[i], "\(e)", "\(label) row \(i)")
                    }
                }
                let importances = c["importances"] as! [Double]
                for (a, b) in zip(model.featureImportances, importances) { XCTAssertEqual(a, b, accuracy: 1e-9, label) }
            }
        }
    }

    func testImportancesAreNormalisedImpurityDecreases() throws {
        let split = try EstimatorFixtures.split("breast_cancer")
        let model = try DecisionTree.fit(split.xTrain, split.yTrain, options: TreeOptions(criterion: .gini), seed: 1)
        XCTAssertEqual(model.featureImportances.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertTrue(model.featureImportances.allSatisfy { $0 >= 0 })
        // A full-depth tree fits its training rows exactly.
        let train = TrainedModel.outputs(model.classes, model.outputMatrix(split.xTrain))
        guard case .classes(_, let labels, _) = train, case .classes(_, let y) = split.yTrain else { return XCTFail() }
        XCTAssertEqual(labels, y)
    }

    func testThresholdsSitAtMidpoints() throws {
        let x = Matrix(rows: 4, columns: 1, storage: [1, 2, 4, 8])
        let model = try DecisionTree.fit(x, .classes(labels: ["a", "b"], y: [0, 0, 1, 1]), options: TreeOptions(criterion: .gini), seed: 0)
        XCTAssertEqual(model.tree.threshold[0], 3)
        XCTAssertEqual(model.tree.leafCount, 2)
        let regression = try DecisionTree.fit(x, .values([1, 1, 5, 9]), options: TreeOptions(criterion: .squaredError, maxDepth: 1), seed: 0)
        XCTAssertEqual(regression.tree.threshold[0], 3)
        XCTAssertEqual(regression.outputs(Matrix(rows: 1, columns: 1, storage: [10]))[0][0], 7)
    }

    func testSeedOnlyBreaksTies() throws {
        // Two identical features: every split ties, and the seed picks which feature is used.
        let x = Matrix(rows: 6, columns: 2, storage: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        let y = TrainingData.Target.classes(labels: ["a", "b"], y: [0, 0, 0, 1, 1, 1])
        let used = Set((0..<20).map { seed in try! DecisionTree.fit(x, y, options: TreeOptions(criterion: .gini), seed: UInt64(seed)).tree.feature[0] })
        XCTAssertEqual(used, [0, 1])
        let a = try DecisionTree.fit(x, y, options: TreeOptions(criterion: .gini), seed: 7)
        XCTAssertEqual(a, try DecisionTree.fit(x, y, options: TreeOptions(criterion: .gini), seed: 7))
    }
}
