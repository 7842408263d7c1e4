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

    /// The root of a one-feature tree on random data with gaps is the best split a plain search
    /// finds among every candidate scikit-learn's splitter considers: numbers left of a cut with
    /// the missing rows right (the last cut: all numbers left, only the missing rows right), then
    /// the missing rows left with the numbers below a cut; the first of equal scores wins.
    func testSplitsWithMissingValuesAreTheBestOfEveryCandidate() throws {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<60 {
            let n = 12 + rng.below(40), minLeaf = 1 + rng.below(4)
            let criterion: TreeCriterion = [.gini, .entropy, .squaredError][trial % 3]
            // A few distinct values (ties), some rows missing; classes or numbers that depend on both.
            let x = (0..<n).map { i in i == 0 || rng.below(4) == 0 ? Double.nan : Double(rng.below(7)) }
            let y = x.map { v in Double(v.isNaN ? rng.below(3) : (Int(v) + rng.below(3)) % 3) }
            let target: TrainingData.Target = criterion == .squaredError ? .values(y) : .classes(labels: ["a", "b", "c"], y: y.map(Int.init))
            let model = try DecisionTree.fit(Matrix(rows: n, columns: 1, storage: x), target,
                                             options: TreeOptions(criterion: criterion, maxDepth: 1, minSamplesLeaf: minLeaf), seed: 0)
            let expected = Self.bestSplit(x, y, criterion: criterion, minLeaf: minLeaf)
            let label = "trial \(trial) \(criterion) minLeaf \(minLeaf)"
            guard let expected else {
                XCTAssertEqual(model.tree.nodeCount, 1, label)
                continue
            }
            XCTAssertEqual(model.tree.nodeCount, 3, label)
            XCTAssertEqual(model.tree.threshold[0], expected.threshold, label)
            XCTAssertEqual(model.tree.missingLeft?[0], expected.missingLeft, label)
        }
    }

    /// The plain search: every candidate scored from scratch by the criterion's child impurities.
    static func bestSplit(_ x: [Double], _ y: [Double], criterion: TreeCriterion, minLeaf: Int) -> (threshold: Double, missingLeft: Bool)? {
        let numbers = Set(x.filter { !$0.isNaN }).sorted()
        let hasMissing = x.contains { $0.isNaN }
        func impurity(_ rows: [Int]) -> Double {
            let w = Double(rows.count)
            switch criterion {
            case .squaredError:
                let mean = rows.reduce(0) { $0 + y[$1] } / w
                return rows.reduce(0) { $0 + (y[$1] - mean) * (y[$1] - mean) } / w
            case .gini, .entropy:
                let counts = (0..<3).map { c in Double(rows.filter { y[$0] == Double(c) }.count) }
                return criterion == .gini ? 1 - counts.reduce(0) { $0 + ($1 / w) * ($1 / w) }
                    : -counts.filter { $0 > 0 }.reduce(0) { $0 + ($1 / w) * log2($1 / w) }
            }
        }
        var best: (score: Double, threshold: Double, missingLeft: Bool)?
        func consider(_ left: [Int], _ threshold: Double, _ missingLeft: Bool) {
            let right = x.indices.filter { !left.contains($0) }
            guard left.count >= minLeaf, right.count >= minLeaf else { return }
            // Lower weighted child impurity is better; a later candidate must beat it clearly (rounding aside).
            let score = -(Double(left.count) * impurity(left) + Double(right.count) * impurity(right))
            if best == nil || score > best!.score + 1e-9 { best = (score, threshold, missingLeft) }
        }
        guard numbers.count > 1 || (hasMissing && !numbers.isEmpty) else { return nil }
        for (k, cut) in numbers.enumerated() {
            let below = x.indices.filter { !x[$0].isNaN && x[$0] <= cut }
            if k + 1 < numbers.count { consider(below, (cut + numbers[k + 1]) / 2, false) }
            else if hasMissing { consider(below, .greatestFiniteMagnitude, false) }
        }
        if hasMissing {
            for (k, cut) in numbers.enumerated() where k + 1 < numbers.count {
                consider(x.indices.filter { x[$0].isNaN || x[$0] <= cut }, (cut + numbers[k + 1]) / 2, true)
            }
        }
        return best.map { ($0.threshold, $0.missingLeft) }
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
