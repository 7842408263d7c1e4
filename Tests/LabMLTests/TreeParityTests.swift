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
