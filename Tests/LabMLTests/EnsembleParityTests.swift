import Foundation
import Synchronization
import XCTest
import LabData
@testable import LabML

/// Random forests and histogram gradient boosting against scikit-learn on the same splits
/// (Tests/fixtures/make_estimator_fixtures.py).
final class EnsembleParityTests: XCTestCase {
    /// A helper thread spinning for jobs (the caller stops it).
    private static func awakeHelper() -> HelperThread {
        let helper = HelperThread()
        helper.wake()
        return helper
    }

    func testForestsScoreLikeScikitLearn() throws {
        for c in EstimatorFixtures.cases("forest") {
            let name = c["dataset"] as! String, params = c["params"] as! [String: Any]
            let split = try EstimatorFixtures.split(name)
            var options = TreeParityTests.options(params)
            if split.classes == nil { options.criterion = .squaredError }
            options.maxFeatures = try (split.classes == nil ? FeatureCount.all : FeatureCount.sqrt).resolve(split.xTrain.columns)
            let model = try RandomForest.fit(split.xTrain, split.yTrain, trees: 100, options: options, bootstrap: true, seed: 42)
            let score = EstimatorFixtures.score(TrainedModel.outputs(model.classes, model.outputMatrix(split.xTest)), split)
            print("forest \(name) \(params): ours \(score), scikit-learn mean \(c["score_mean"]!) [\(c["score_min"]!), \(c["score_max"]!)]")
            XCTAssertTrue(EstimatorFixtures.band(c).contains(score), "\(name) \(params): \(score) outside \(EstimatorFixtures.band(c))")
            XCTAssertEqual(model.featureImportances.reduce(0, +), 1, accuracy: 1e-9)
        }
    }

    func testForestDependsOnlyOnItsSeed() throws {
        let split = try EstimatorFixtures.split("wine")
        let options = TreeOptions(criterion: .gini, maxFeatures: 3)
        let a = try RandomForest.fit(split.xTrain, split.yTrain, trees: 12, options: options, bootstrap: true, seed: 5)
        let b = try RandomForest.fit(split.xTrain, split.yTrain, trees: 12, options: options, bootstrap: true, seed: 5)
        let c = try RandomForest.fit(split.xTrain, split.yTrain, trees: 12, options: options, bootstrap: true, seed: 6)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        // Probabilities are the mean of the trees'.
        let row = Matrix(rows: 1, columns: split.xTest.columns, storage: Array(split.xTest.row(0)))
        let mean = (0..<3).map { k in a.trees.reduce(0.0) { $0 + TreeEnsemble.average([$1], row)[0, k] } / 12 }
        for (p, q) in zip(a.outputs(row)[0], mean) { XCTAssertEqual(p, q, accuracy: 1e-12) }
    }

    func testBoostingScoresLikeScikitLearn() throws {
        for c in EstimatorFixtures.cases("boost") {
            let name = c["dataset"] as! String, params = c["params"] as! [String: Any]
            let split = try EstimatorFixtures.split(name)
            var options = BoostOptions()
            options.learningRate = params["learning_rate"] as? Double ?? 0.1
            options.maxLeafNodes = params["max_leaf_nodes"] as? Int ?? 31
            options.l2Regularization = params["l2_regularization"] as? Double ?? 0
            options.maxBins = params["max_bins"] as? Int ?? 255
            options.minSamplesLeaf = params["min_samples_leaf"] as? Int ?? 20
            options.earlyStopping = params["early_stopping"] as? Bool
            let model = try GradientBoosting.fit(split.xTrain, split.yTrain, options: options, seed: 42)
            let prediction = TrainedModel.outputs(model.classes, model.outputMatrix(split.xTest))
            let score = EstimatorFixtures.score(prediction, split)
            var agreement = ""
            if let expected = c["predictions"] as? [Any], split.classes != nil {
                let ours = EstimatorFixtures.labels(prediction)
                agreement = ", same label on \(zip(ours, expected).filter { $0 == "\($1)" }.count)/\(expected.count) rows"
            }
            print("boost \(name) \(params): ours \(score) in \(model.rounds) rounds, scikit-learn \(c["score_mean"]!) in \(c["n_iter"]!)\(agreement)")
            XCTAssertTrue(EstimatorFixtures.band(c).contains(score), "\(name) \(params): \(score) outside \(EstimatorFixtures.band(c))")
            XCTAssertEqual(model.trainingLoss.count, model.rounds + 1)
            XCTAssertLessThan(model.trainingLoss.last!, model.trainingLoss.first!)
            if options.earlyStopping == true {
                XCTAssertTrue(model.stoppedEarly, name)
                XCTAssertLessThan(model.rounds, 100)
                XCTAssertEqual(model.validationLoss?.count, model.rounds + 1)
            }
        }
    }

    /// Data with missing values against scikit-learn: the first trees node by node (split
    /// feature and threshold, the side missing values take: learned where training had them, the
    /// larger child where it had none; leaf values) and the raw scores of test rows with gaps,
    /// then whole fits by their test score.
    func testBoostingSendsMissingValuesWhereScikitLearnDoes() throws {
        for c in EstimatorFixtures.cases("boost_missing") {
            let name = c["dataset"] as! String, params = c["params"] as! [String: Any]
            let split = try EstimatorFixtures.split(name)
            var options = BoostOptions()
            options.earlyStopping = params["early_stopping"] as? Bool ?? (name == "titanic" ? nil : false)
            options.rounds = params["max_iter"] as? Int ?? 100
            options.maxLeafNodes = params["max_leaf_nodes"] as? Int ?? 31
            options.minSamplesLeaf = params["min_samples_leaf"] as? Int ?? 20
            let model = try GradientBoosting.fit(split.xTrain, split.yTrain, options: options, seed: 0)
            Self.assertLikeScikitLearn(model, c, split, "boost with gaps")
        }
    }

    /// A boosting fixture case: the test score (against scikit-learn's seeds when it has several,
    /// as the other boosting cases; titanic), the first trees node by node, and the raw test scores.
    static func assertLikeScikitLearn(_ model: GradientBoosting, _ c: [String: Any], _ split: EstimatorFixtures.Split, _ what: String,
                                      file: StaticString = #filePath, line: UInt = #line) {
        let name = c["dataset"] as! String, params = c["params"] as! [String: Any]
        let score = EstimatorFixtures.score(TrainedModel.outputs(model.classes, model.outputMatrix(split.xTest)), split)
        print("\(what) \(name) \(params): ours \(score), scikit-learn \(c["score"] ?? c["score_mean"]!)")
        if c["score_mean"] != nil {
            XCTAssertTrue(EstimatorFixtures.band(c).contains(score), "\(name): \(score) outside \(EstimatorFixtures.band(c))", file: file, line: line)
            return
        }
        XCTAssertEqual(score, c["score"] as! Double, accuracy: 0.01, "\(name) \(params)", file: file, line: line)
        guard let trees = c["trees"] as? [[[Any]]] else { return }
        XCTAssertEqual(model.rounds, trees.count, name, file: file, line: line)
        for (t, nodes) in trees.enumerated() where t < model.rounds {
            XCTAssertTrue(Self.sameTree(model.trees[t][0], 0, nodes, 0, "\(name) \(params) tree \(t)"), file: file, line: line)
        }
        let raw = model.rawMatrix(split.xTest).storage, expected = c["raw_test"] as! [Double]
        XCTAssertEqual(raw.count, expected.count, file: file, line: line)
        for (ours, theirs) in zip(raw, expected) { XCTAssertEqual(ours, theirs, accuracy: 1e-6 * max(1, abs(theirs)), file: file, line: line) }
    }

    /// Categorical features against scikit-learn's categorical_features: the first regression trees
    /// node by node (the categories each split sends left, among them rare ones that stay right,
    /// and missing values as a category), the raw scores of test rows that hold a category training
    /// never saw, then whole fits by their test score, and titanic's sex and embarked by scikit-learn's seeds.
    func testBoostingSplitsCategoriesAsScikitLearnDoes() throws {
        for c in EstimatorFixtures.cases("boost_categorical") {
            let name = c["dataset"] as! String, params = c["params"] as! [String: Any]
            let split = try EstimatorFixtures.split(name)
            var options = BoostOptions()
            options.earlyStopping = c["score_mean"] != nil ? nil : false
            options.rounds = params["max_iter"] as? Int ?? 100
            options.maxLeafNodes = params["max_leaf_nodes"] as? Int ?? 31
            options.minSamplesLeaf = params["min_samples_leaf"] as? Int ?? 20
            let model = try GradientBoosting.fit(split.xTrain, split.yTrain, options: options, categorical: c["categorical"] as! [Int], seed: 0)
            Self.assertLikeScikitLearn(model, c, split, "boost with categories")
        }
    }

    /// When only whether a value is missing tells the classes apart, the root splits the missing
    /// values from all the others (scikit-learn's threshold inf, here the largest finite Double),
    /// and new rows follow: NaN to one side, any number, however large, to the other.
    func testBoostingSplitsMissingFromPresentWhenThatIsWhatCounts() throws {
        let n = 200
        let x = Matrix(rows: n, columns: 1, storage: (0..<n).map { $0 % 2 == 0 ? .nan : Double($0 % 7) })
        let y = TrainingData.Target.classes(labels: ["0", "1"], y: (0..<n).map { $0 % 2 })
        var options = BoostOptions()
        options.rounds = 3
        options.earlyStopping = false
        let model = try GradientBoosting.fit(x, y, options: options, seed: 0)
        let root = model.trees[0][0]
        XCTAssertEqual(root.feature[0], 0)
        XCTAssertEqual(root.threshold[0], .greatestFiniteMagnitude)
        XCTAssertEqual(root.missingLeft?[0], false)
        let rows = Matrix(rows: 3, columns: 1, storage: [.nan, 3, 1e300])
        let p = model.outputMatrix(rows)
        XCTAssertLessThan(p[0, 1], 0.5)
        XCTAssertGreaterThan(p[1, 1], 0.5)
        XCTAssertEqual(p[1, 1], p[2, 1])
        // The binned rows of the validation scores go the same way.
        let binner = FeatureBinner.fit(x, maxBins: 255, seed: 0)
        let bins = binner.bin(rows)
        XCTAssertEqual(bins, [FeatureBinner.missingBin, 3, 6])
        for (r, tree) in [(0, root), (1, root), (2, root)] {
            let raw = bins.withUnsafeBufferPointer { tree.predict(binned: $0.baseAddress! + r) }
            let direct = rows.storage.withUnsafeBufferPointer { tree.predict($0.baseAddress! + r) }
            XCTAssertEqual(raw, direct)
        }
    }

    /// The root of a first boosting tree (squared error: gradient = baseline - y, hessian 1) on
    /// random data with gaps is the best of every candidate scikit-learn's scans consider: a cut
    /// with the missing rows right (the last one: all numbers left, only the missing right), then
    /// with them left; the first of equal gains wins.
    func testBoostSplitsWithMissingValuesAreTheBestOfEveryCandidate() throws {
        var rng = SeededGenerator(seed: 5)
        for trial in 0..<60 {
            let n = 20 + rng.below(60), minLeaf = 1 + rng.below(6)
            let x = (0..<n).map { i in i == 0 || rng.below(4) == 0 ? Double.nan : Double(rng.below(9)) }
            let y = x.map { v in (v.isNaN ? 3.0 : v.truncatingRemainder(dividingBy: 4)) + Double(rng.below(100)) / 50 }
            var options = BoostOptions()
            options.rounds = 1
            options.maxLeafNodes = 2
            options.minSamplesLeaf = minLeaf
            options.earlyStopping = false
            let model = try GradientBoosting.fit(Matrix(rows: n, columns: 1, storage: x), .values(y), options: options, seed: 0)
            let tree = model.trees[0][0], label = "trial \(trial) minLeaf \(minLeaf)"
            guard let expected = Self.bestBoostSplit(x, y, minLeaf: minLeaf) else {
                XCTAssertEqual(tree.feature.count, 1, label)
                continue
            }
            XCTAssertEqual(tree.feature.count, 3, label)
            XCTAssertEqual(tree.threshold[0], expected.threshold, label)
            XCTAssertEqual(tree.missingLeft?[0], expected.missingLeft, label)
        }
    }

    /// The plain search: GL²/HL + GR²/HR of every candidate, from scratch.
    static func bestBoostSplit(_ x: [Double], _ y: [Double], minLeaf: Int) -> (threshold: Double, missingLeft: Bool)? {
        let mean = y.reduce(0, +) / Double(y.count)
        let g = y.map { mean - $0 }
        let numbers = Set(x.filter { !$0.isNaN }).sorted()
        var best: (score: Double, threshold: Double, missingLeft: Bool)?
        let parent = { let s = g.reduce(0, +); return s * s / Double(g.count) }()
        func consider(_ goesLeft: (Double) -> Bool, _ threshold: Double, _ missingLeft: Bool) {
            let left = x.indices.filter { goesLeft(x[$0]) }, right = x.indices.filter { !goesLeft(x[$0]) }
            guard left.count >= minLeaf, right.count >= minLeaf else { return }
            let gl = left.reduce(0) { $0 + g[$1] }, gr = right.reduce(0) { $0 + g[$1] }
            let score = gl * gl / Double(left.count) + gr * gr / Double(right.count)
            // A gain must be positive, and a later candidate must beat the best clearly (rounding aside).
            guard score > parent + 1e-9, best == nil || score > best!.score + 1e-9 else { return }
            best = (score, threshold, missingLeft)
        }
        for (k, cut) in numbers.enumerated() {
            if k + 1 < numbers.count { consider({ !$0.isNaN && $0 <= cut }, (cut + numbers[k + 1]) / 2, false) }
            else { consider({ !$0.isNaN }, .greatestFiniteMagnitude, false) }
        }
        for (k, cut) in numbers.enumerated().reversed() where k + 1 < numbers.count {
            consider({ $0.isNaN || $0 <= cut }, (cut + numbers[k + 1]) / 2, true)
        }
        return best.map { ($0.threshold, $0.missingLeft) }
    }

    /// Node `i` of `tree` and everything under it against scikit-learn's node `j` ([is_leaf, feature,
    /// threshold or null for inf, missing_go_to_left, left, right, value]); false at the first difference.
    static func sameTree(_ tree: BoostTree, _ i: Int, _ nodes: [[Any]], _ j: Int, _ path: String) -> Bool {
        let node = nodes[j]
        if node[0] as! Bool {
            XCTAssertLessThan(tree.feature[i], 0, "\(path): a leaf in scikit-learn")
            let value = node[6] as! Double
            XCTAssertEqual(tree.value[i], value, accuracy: 1e-6 * max(1, abs(value)), path)
            return tree.feature[i] < 0
        }
        let threshold = node[2] as? Double ?? .greatestFiniteMagnitude
        let categories = tree.categorySplits?.first { $0.node == i }.map { $0.left.map(Int.init) }
        // Category splits (fixtures of categorical features): the categories sent left. A set and
        // its complement split the node's rows alike and gain exactly as much in integer sums;
        // scikit-learn's float sums differ in the last bits between the two, which picks one by
        // rounding. The complement is taken as the same split, with the children swapped. (Missing
        // values side with the complement when the node had some; without any, both send them right.)
        if node.count > 7, categories != node[7] as? [Int] {
            if let ours = categories, let theirs = node[7] as? [Int], Set(ours).isDisjoint(with: theirs) {
                return sameTree(tree, Int(tree.left[i]), nodes, node[5] as! Int, path + " L(their R)")
                    && sameTree(tree, Int(tree.right[i]), nodes, node[4] as! Int, path + " R(their L)")
            }
            XCTFail("\(path): categories left \(categories as Any); scikit-learn: \(node[7])")
            return false
        }
        guard Int(tree.feature[i]) == node[1] as! Int, tree.threshold[i] == threshold, tree.missingLeft?[i] == node[3] as? Bool else {
            XCTFail("\(path): split on feature \(tree.feature[i]) at \(tree.threshold[i]), missing left \(tree.missingLeft?[i] as Any); "
                    + "scikit-learn: feature \(node[1]) at \(node[2]), missing left \(node[3])")
            return false
        }
        return sameTree(tree, Int(tree.left[i]), nodes, node[4] as! Int, path + " L")
            && sameTree(tree, Int(tree.right[i]), nodes, node[5] as! Int, path + " R")
    }

    func testBinningFollowsScikitLearnsBinMapper() {
        // Few distinct values: one bin each, thresholds at midpoints.
        XCTAssertEqual(FeatureBinner.featureThresholds([1, 1, 2, 3, 3, 5], maxBins: 255), [1.5, 2.5, 4])
        // Many: numpy.percentile(method="midpoint") at 100·i/maxBins.
        let sorted = (0..<1000).map(Double.init)
        let t = FeatureBinner.featureThresholds(sorted, maxBins: 4)
        XCTAssertEqual(t, [249.5, 499.5, 749.5])
        let binner = FeatureBinner(thresholds: [t])
        XCTAssertEqual(binner.bin(Matrix(rows: 4, columns: 1, storage: [249.5, 249.6, 0, 999])), [0, 1, 0, 3])
    }

    /// The quantiles' sample: `count` distinct rows in increasing order, the same for a seed, others
    /// for other seeds; each row about as likely as any (over 4,000 draws of 3 rows of 12, every row
    /// drawn 1,000 times on average: each within ±15%, about six standard deviations), the edge
    /// cases of none and all rows included.
    func testTheQuantileSampleIsAnEvenDrawOfDistinctRows() {
        let rows = FeatureBinner.sample(1_000, of: 50_000, seed: 7)
        XCTAssertEqual(rows.count, 1_000)
        XCTAssertEqual(rows, rows.sorted())
        XCTAssertEqual(Set(rows).count, 1_000)
        XCTAssertTrue(rows.allSatisfy { (0..<50_000).contains($0) })
        XCTAssertEqual(FeatureBinner.sample(1_000, of: 50_000, seed: 7), rows)
        XCTAssertNotEqual(FeatureBinner.sample(1_000, of: 50_000, seed: 8), rows)
        XCTAssertEqual(FeatureBinner.sample(0, of: 10, seed: 1), [])
        XCTAssertEqual(FeatureBinner.sample(10, of: 10, seed: 1), Array(0..<10))
        var counts = [Int](repeating: 0, count: 12)
        for seed in 0..<4_000 { for r in FeatureBinner.sample(3, of: 12, seed: UInt64(seed)) { counts[r] += 1 } }
        for (row, count) in counts.enumerated() { XCTAssertEqual(Double(count), 1_000, accuracy: 150, "row \(row)") }
    }

    func testTrainingRowsAreBinnedAsNewRowsAre() {
        // Below the 200,000-row subsample the quantiles come from every row; above it, from a
        // sample. Either way the training rows must be binned as `bin` bins new rows.
        var rng = SeededGenerator(seed: 4)
        for n in [5_000, FeatureBinner.subsample + 10_000] {
            let p = 2
            // A continuous feature and one with few values (ties on the thresholds' edges).
            let x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { $0 % 2 == 0 ? rng.unit() : Double(rng.below(7)) })
            let (binner, bins, columns) = FeatureBinner.fitAndBin(x, maxBins: 255, seed: 9)
            let rowMajor = binner.bin(x)
            XCTAssertEqual(binner.binCounts, [255, 7], "n=\(n)")
            XCTAssertEqual(bins, rowMajor, "n=\(n)")
            // The column-major copy: each feature's bins in row order, then four zero bytes.
            XCTAssertEqual(columns, (0..<p).flatMap { f in (0..<n).map { rowMajor[$0 * p + f] } } + [0, 0, 0, 0], "n=\(n)")
            XCTAssertEqual(Set(bins).count, 255, "n=\(n)")
        }
    }

    /// Binning some rows and features of a matrix in another order (a fit's training rows, its
    /// categorical features first) is binning the matrix made of them, above and below the
    /// quantiles' subsample.
    func testASelectionIsBinnedAsTheMatrixItSelects() {
        var rng = SeededGenerator(seed: 6)
        for n in [3_000, FeatureBinner.subsample + 30_000] {
            let p = 3
            let x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { $0 % 3 == 1 ? Double(rng.below(5)) : (rng.unit() < 0.01 ? .nan : rng.unit()) })
            let rows = (0..<n).filter { _ in rng.unit() < 0.8 }, order = [1, 2, 0]
            let selected = Matrix(rows: rows.count, columns: p, storage: rows.flatMap { r in order.map { x[r, $0] } })
            let categories: [[Double]] = [[0, 1, 2, 3, 4], [], []]
            let (binner, bins, columns) = FeatureBinner.fitAndBin(FeatureValues(x).selecting(rows: rows).selecting(features: order), maxBins: 255, seed: 3,
                                                                  categories: categories)
            let (expectedBinner, expectedBins, expectedColumns) = FeatureBinner.fitAndBin(selected, maxBins: 255, seed: 3, categories: categories)
            XCTAssertEqual(binner, expectedBinner, "n=\(n)")
            XCTAssertEqual(bins, expectedBins, "n=\(n)")
            XCTAssertEqual(columns, expectedColumns, "n=\(n)")
            XCTAssertEqual(binner.binCounts[0], 5)
            XCTAssertTrue(bins.contains(FeatureBinner.missingBin))
        }
    }

    /// A forest's probabilities from the walk tables (blocks of rows, sixteen rows a step) are each
    /// row's leaf values walked row by row and added tree by tree, to the bit; over several blocks.
    func testForestOutputsAreTheTreesAddedInOrder() throws {
        var rng = SeededGenerator(seed: 9)
        let n = 1_100, p = 5
        let x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { _ in (rng.unit() * 100).rounded() / 10 })
        let labels = (0..<n).map { i in x[i, 0] + x[i, 1] > 10 ? 2 : (x[i, 2] > 5 ? 1 : 0) }
        let forest = try RandomForest.fit(x, .classes(labels: ["a", "b", "c"], y: labels), trees: 9,
                                          options: TreeOptions(criterion: .gini, maxFeatures: 2), bootstrap: true, seed: 4)
        let outputs = forest.outputs(x), scale = 1 / Double(forest.trees.count)
        for r in 0..<n {
            var expected = [0.0, 0.0, 0.0]
            x.storage.withUnsafeBufferPointer { xs in
                for tree in forest.trees {
                    let leaf = tree.leaf(xs.baseAddress! + r * p)
                    for k in 0..<3 { expected[k] += scale * tree.values[leaf * 3 + k] }
                }
            }
            XCTAssertEqual(outputs[r], expected, "row \(r)")
        }
    }

    /// Raw scores from the node tables, blocks of rows tree by tree, are each row's baseline plus
    /// its trees' values added round by round, to the bit: three outputs (multinomial), a row
    /// count past several blocks, and a value exactly at a threshold (which goes left).
    func testRawScoresAreTheTreesAddedInRoundOrder() throws {
        var rng = SeededGenerator(seed: 5)
        let n = 1_300, p = 4
        var x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { _ in (rng.unit() * 100).rounded() / 10 })
        let labels = (0..<n).map { i in x[i, 0] + x[i, 1] > 10 ? 2 : (x[i, 2] > 5 ? 1 : 0) }
        var options = BoostOptions()
        options.rounds = 12
        options.earlyStopping = false
        let model = try GradientBoosting.fit(x, .classes(labels: ["a", "b", "c"], y: labels), options: options, seed: 3)
        let split = try XCTUnwrap(model.trees[0][0].feature.firstIndex { $0 >= 0 })
        x[7, Int(model.trees[0][0].feature[split])] = model.trees[0][0].threshold[split]
        let raw = model.raw(x)
        for r in 0..<n {
            let row = Array(x.storage[(r * p)..<((r + 1) * p)])
            for k in 0..<3 {
                var s = model.baseline[k]
                row.withUnsafeBufferPointer { b in for round in model.trees { s += round[k].predict(b.baseAddress!) } }
                XCTAssertEqual(raw[r][k], s, "row \(r), output \(k)")
            }
        }
        XCTAssertEqual(model.raw(Matrix(rows: 0, columns: p)).count, 0)
    }

    /// Data with a categorical feature given last: the model is the one grown with it first (as
    /// scikit-learn orders them), its splits named by the columns as given; walked row by row
    /// (categories as their index, unseen ones and gaps as NaN) each tree gives what the batched
    /// walk adds up; an unseen category goes where a missing value goes.
    func testCategoricalFeaturesAnywhereInTheRowAndWalkedAsOneRowAtATime() throws {
        var rng = SeededGenerator(seed: 8)
        let n = 1_200
        let codes: [Double] = [-3, 0.5, 2, 7, 11, 40]
        var first = [Double](), last = [Double](), labels = [Int]()
        for _ in 0..<n {
            let q = rng.unit() * 10, c = rng.unit() < 0.08 ? Double.nan : codes[rng.below(codes.count)]
            first += [c, q]
            last += [q, c]
            labels.append((c == 2 || c == 40 || (c.isNaN && q > 3)) != (q > 8) ? 1 : 0)
        }
        var options = BoostOptions()
        options.rounds = 8
        options.earlyStopping = false
        let y = TrainingData.Target.classes(labels: ["0", "1"], y: labels)
        let a = try GradientBoosting.fit(Matrix(rows: n, columns: 2, storage: first), y, options: options, categorical: [0], seed: 1)
        let b = try GradientBoosting.fit(Matrix(rows: n, columns: 2, storage: last), y, options: options, categorical: [1], seed: 1)
        XCTAssertEqual(a.categories, [codes, []])
        XCTAssertEqual(b.categories, [[], codes])
        XCTAssertEqual(a.featureImportances, b.featureImportances.reversed())
        XCTAssertEqual(a.trees.flatMap { $0.map(\.value) }, b.trees.flatMap { $0.map(\.value) })
        XCTAssertEqual(a.trees.flatMap { $0.map { $0.feature.map { $0 < 0 ? $0 : 1 - $0 } } }, b.trees.flatMap { $0.map(\.feature) })
        XCTAssertNotNil(a.trees[0][0].categorySplits, "the category is the first split worth taking")
        // New rows: every category, one never seen (5), a gap.
        let rows = Matrix(rows: 8, columns: 2, storage: (codes + [5, .nan]).flatMap { [$0, 4.5] })
        let indices = a.categoryIndices(rows)
        XCTAssertEqual(indices.column(0).map { $0.isNaN ? -1 : $0 }, [0, 1, 2, 3, 4, 5, -1, -1])
        let raw = a.raw(rows)
        XCTAssertEqual(raw[6], raw[7], "an unseen category goes as a missing value")
        for r in 0..<rows.rows {
            var score = a.baseline[0]
            Array(indices.row(r)).withUnsafeBufferPointer { row in
                for round in a.trees { score += round[0].predict(row.baseAddress!, categories: CategoryLookup(round[0])) }
            }
            XCTAssertEqual(raw[r][0], score, "row \(r)")
        }
        XCTAssertEqual(b.raw(Matrix(rows: 8, columns: 2, storage: (codes + [5, .nan]).flatMap { [4.5, $0] })), raw)
    }

    /// Text columns named in categorical= are numbered by their sorted categories, as scikit-learn's
    /// OrdinalEncoder numbers them: trained from titanic's own sex and embarked columns, boost scores
    /// the fixture's test rows as scikit-learn did on their codes; new rows are read by the names
    /// (a port never seen goes as a missing one), and the default features take the named text columns.
    func testTextColumnsAreCategoriesByName() throws {
        let frame = try CSVReader.read(path: PrepParityTests.root + "/datasets/titanic.csv", name: "titanic").frame
        let c = try XCTUnwrap(EstimatorFixtures.cases("boost_categorical").first { $0["dataset"] as? String == "titanic_categories" })
        let test = Set(((EstimatorFixtures.json["splits"] as! [String: Any])["titanic_categories"] as! [String: Any])["test"] as! [Int])
        let train = (0..<frame.rowCount).filter { !test.contains($0) }
        let model = try Trainer.train(.boost, name: "b", frame: frame, target: "survived", features: ["sex", "embarked", "pclass", "age", "sibsp", "parch", "fare"],
                                      parameters: ["categorical": "sex,embarked"], prep: PrepPipeline(), rows: train)
        XCTAssertEqual(model.featureLevels, ["sex": ["female", "male"], "embarked": ["C", "Q", "S"]])
        let evaluation = try Evaluator.evaluate(model, on: frame, rows: EvaluationRows(rows: test.sorted(), label: "test"))
        let accuracy = try XCTUnwrap(evaluation.metrics.first { $0.name == "accuracy" }?.value)
        XCTAssertTrue(EstimatorFixtures.band(c).contains(accuracy), "\(accuracy) outside \(EstimatorFixtures.band(c))")
        let rows = try Frame(name: "new", columns: [
            Column(name: "sex", strings: ["male", "male", "male"]), Column(name: "embarked", strings: ["S", "X", nil]),
            Column(name: "pclass", type: .integer, values: [3, 3, 3], missing: nil), Column(name: "age", type: .float, values: [30, 30, 30], missing: nil),
            Column(name: "sibsp", type: .integer, values: [0, 0, 0], missing: nil), Column(name: "parch", type: .integer, values: [0, 0, 0], missing: nil),
            Column(name: "fare", type: .float, values: [8, 8, 8], missing: nil)])
        XCTAssertEqual(try model.featureMatrix(rows, rows: nil).column(1).map { $0.isNaN ? -1 : $0 }, [2, -1, -1])
        guard case .classes(_, _, let p) = try model.predict(frame: rows) else { return XCTFail("no classes") }
        XCTAssertEqual(p[1, 1], p[2, 1])
        let byDefault = try Trainer.train(.boost, name: "d", frame: frame, target: "survived", features: nil,
                                          parameters: ["categorical": "embarked, sex", "rounds": "3"], prep: PrepPipeline())
        XCTAssertEqual(byDefault.features, ["pclass", "sex", "age", "sibsp", "parch", "fare", "embarked", "body"])
    }

    /// New rows whose words all read as numbers come as a numeric column: they are matched by their text.
    func testTextCategoriesMatchNewRowsReadAsNumbers() throws {
        let words = (0..<120).map { ["1", "2", "x"][$0 % 3] }
        let frame = try Frame(name: "f", columns: [Column(name: "grade", strings: words),
                                                   Column(name: "y", type: .float, values: words.map { $0 == "2" ? 5 : 1 }, missing: nil)])
        let model = try Trainer.train(.boost, name: "b", frame: frame, target: "y", features: ["grade"],
                                      parameters: ["categorical": "grade", "loss": "squared_error", "rounds": "5", "min_samples_leaf": "5"], prep: PrepPipeline())
        XCTAssertEqual(model.featureLevels, ["grade": ["1", "2", "x"]])
        let numbers = try Frame(name: "g", columns: [Column(name: "grade", type: .integer, values: [2, 1, 3], missing: nil)])
        XCTAssertEqual(try model.featureMatrix(numbers, rows: nil).column(0).map { $0.isNaN ? -1 : $0 }, [1, 0, -1])
        guard case .values(let v) = try model.predict(frame: numbers) else { return XCTFail("no values") }
        XCTAssertGreaterThan(v[0], v[1])
    }

    /// With early stopping, the categories come from every row (scikit-learn numbers them before it
    /// holds out validation rows): a category only the validation rows have is still one of them, and
    /// the validation scores, taken on bins, follow the category splits as new rows do.
    func testEarlyStoppingWithCategories() throws {
        var rng = SeededGenerator(seed: 4)
        let n = 3_000
        var storage: [Double] = [], labels: [Int] = []
        for _ in 0..<n {
            let c = Double(rng.below(20)), q = rng.unit()
            storage += [c, q]
            labels.append((Int(c) % 3 == 0) != (q > 0.8) ? 1 : 0)
        }
        // A category of its own on one row the fit holds out for validation.
        let held = try GradientBoosting.validationSplit(.classes(labels: ["0", "1"], y: labels), fraction: 0.1, seed: 9).valid[0]
        storage[2 * held] = 99
        let x = Matrix(rows: n, columns: 2, storage: storage)
        var options = BoostOptions()
        options.earlyStopping = true
        options.rounds = 300
        let model = try GradientBoosting.fit(x, .classes(labels: ["0", "1"], y: labels), options: options, categorical: [0], seed: 9)
        XCTAssertEqual(model.categories?[0].count, 21)
        XCTAssertTrue(model.stoppedEarly)
        XCTAssertEqual(model.validationLoss?.count, model.rounds + 1)
        XCTAssertLessThan(model.validationLoss!.last!, model.validationLoss!.first! / 2)
    }

    func testCategoricalFeaturesNeedFewEnoughCategoriesAndSomeValues() {
        let many = Matrix(rows: 300, columns: 1, storage: (0..<300).map(Double.init))
        let y = TrainingData.Target.values((0..<300).map { Double($0 % 7) })
        XCTAssertThrowsError(try GradientBoosting.fit(many, y, options: BoostOptions(), categorical: [0], seed: 0)) { error in
            XCTAssertEqual((error as? LabError)?.message, "categorical feature 0 has 300 categories; at most max_bins=255 are taken")
        }
        let none = Matrix(rows: 300, columns: 1, storage: [Double](repeating: .nan, count: 300))
        XCTAssertThrowsError(try GradientBoosting.fit(none, y, options: BoostOptions(), categorical: [0], seed: 0)) { error in
            XCTAssertEqual((error as? LabError)?.message, "categorical feature 0 has no values")
        }
    }

    /// Each round's training loss is the loss of the trees grown before it, predicted afresh (the
    /// fit adds each tree's leaf values to the training rows' scores by the rows its partitions
    /// left in each leaf), with few leaves and many.
    func testTrainingLossesAreThoseOfTheTreesSoFar() throws {
        var rng = SeededGenerator(seed: 31)
        let n = 3_000, p = 4
        let x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { _ in rng.unit() })
        let labels = (0..<n).map { i in x[i, 0] + x[i, 1] * x[i, 2] + 0.3 * rng.unit() > 0.9 ? 1 : 0 }
        for leaves in [31, 300] {
            var options = BoostOptions()
            (options.rounds, options.maxLeafNodes, options.minSamplesLeaf, options.earlyStopping) = (6, leaves, 1, false)
            let model = try GradientBoosting.fit(x, .classes(labels: ["a", "b"], y: labels), options: options, seed: 2)
            XCTAssertEqual(model.trainingLoss.count, 7)
            if leaves == 300 { XCTAssertGreaterThan(model.trees[0][0].feature.count, 2 * 257, "more than 256 leaves") }
            for t in 0...6 {
                let first = GradientBoosting(classes: model.classes, options: options, baseline: model.baseline, trees: Array(model.trees.prefix(t)),
                                             trainingLoss: [], validationLoss: nil, stoppedEarly: false, featureImportances: [], categories: nil)
                let raw = first.rawMatrix(x).storage
                let loss = BoostLoss.binary.loss(raw: raw, y: labels.map(Double.init))
                XCTAssertEqual(model.trainingLoss[t], loss, accuracy: 1e-12, "\(leaves) leaves, round \(t)")
            }
        }
    }

    /// Features with the same bins (a copy, or a monotone function of another: log(x) bins as x)
    /// give every split the same score to the bit; scikit-learn keeps the first, as a strictly
    /// better gain is needed to replace a split found, and so must the scan, on one thread or two.
    func testOfFeaturesThatSplitAlikeTheFirstIsTaken() {
        var rng = SeededGenerator(seed: 13)
        let n = 4_000
        let base = (0..<n).map { _ in rng.unit() }, other = (0..<n).map { _ in rng.unit() }
        // Features 1 and 3 are feature 0 again (3 as exp, whose bins are the same); 2 is noise.
        let x = Matrix(rows: n, columns: 4, storage: (0..<n).flatMap { i in [base[i], base[i], other[i], exp(base[i])] })
        let (binner, bins, _) = FeatureBinner.fitAndBin(x, maxBins: 255, seed: 1)
        XCTAssertEqual(Array(bins.enumerated().filter { $0.offset % 4 == 3 }.map(\.element)),
                       Array(bins.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)), "exp(x) bins as x")
        let gradients = (0..<n).map { i in sin(9 * base[i]) + 0.3 * other[i] + 0.05 * rng.unit() }
        let hessians = (0..<n).map { _ in 0.2 + rng.unit() }
        let options = GrowerOptions(maxLeafNodes: 31, maxDepth: nil, minSamplesLeaf: 5, l2: 0, shrinkage: 0.1)
        let helper = Self.awakeHelper()
        defer { helper.stop() }
        for h in [nil, hessians] {
            for grower in [HistogramGrower(binned: bins, features: 4, binner: binner, options: options),
                           HistogramGrower(binned: bins, features: 4, binner: binner, options: options, helper: helper)] {
                let tree = grower.grow(gradients: gradients, hessians: h)
                XCTAssertEqual(tree.feature.filter { $0 == 1 || $0 == 3 }, [], "the copies are never taken")
                XCTAssertGreaterThan(tree.feature.filter { $0 == 0 }.count, 10)
            }
        }
    }

    func testTreesAreTheSameWhenNodesAreSharedBetweenCores() {
        // 6,000 rows, 7 features (an odd count: the root's halves hold four features a pass plus
        // two single ones; rows add three features past the groups of four); with a helper every
        // node is measured on both threads, and nodes of 1,024 rows or more have their rows
        // claimed in chunks by both threads for the histogram and the partition (from both ends).
        var rng = SeededGenerator(seed: 11)
        let n = 6_000, p = 7
        let x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { _ in rng.unit() })
        let (binner, bins, _) = FeatureBinner.fitAndBin(x, maxBins: 255, seed: 1)
        let gradients = (0..<n).map { i in x[i, 0] - x[i, 3] * x[i, 5] + 0.1 * rng.unit() - 0.3 }
        let hessians = (0..<n).map { _ in 0.1 + rng.unit() }
        let options = GrowerOptions(maxLeafNodes: 31, maxDepth: nil, minSamplesLeaf: 20, l2: 0, shrinkage: 0.1)
        let helper = Self.awakeHelper()
        defer { helper.stop() }
        for h in [nil, hessians] {
            let serial = HistogramGrower(binned: bins, features: p, binner: binner, options: options).grow(gradients: gradients, hessians: h)
            let shared = HistogramGrower(binned: bins, features: p, binner: binner, options: options, helper: helper)
            // Twice from the same grower: the second tree starts from the buffers the first left behind.
            XCTAssertEqual(shared.grow(gradients: gradients, hessians: h), serial)
            XCTAssertEqual(shared.grow(gradients: gradients, hessians: h), serial)
            XCTAssertEqual(serial.feature.filter { $0 < 0 }.count, 31, "a full tree")
        }
    }

    /// Categorical features have few bins: the threads' halves of a node's features are cut by
    /// bins, not by count, and the trees stay those of one thread.
    func testTreesAreTheSameWhenFeaturesAreSharedByTheirBins() {
        var rng = SeededGenerator(seed: 12)
        let n = 6_000, p = 7
        // Features 0 and 1: 5 and 9 categories; the rest numbers (255 bins).
        let x = Matrix(rows: n, columns: p, storage: (0..<(n * p)).map { k in
            k % p == 0 ? Double(Int(rng.unit() * 5)) : k % p == 1 ? Double(Int(rng.unit() * 9)) : rng.unit()
        })
        let categories: [[Double]] = [(0..<5).map(Double.init), (0..<9).map(Double.init)] + [[Double]](repeating: [], count: p - 2)
        let (binner, bins, _) = FeatureBinner.fitAndBin(x, maxBins: 255, seed: 1, categories: categories)
        let gradients = (0..<n).map { i in (x[i, 0] == 2 ? 1.0 : -0.5) + x[i, 1] * 0.1 - x[i, 4] + 0.1 * rng.unit() }
        let hessians = (0..<n).map { _ in 0.1 + rng.unit() }
        let options = GrowerOptions(maxLeafNodes: 31, maxDepth: nil, minSamplesLeaf: 20, l2: 0, shrinkage: 0.1)
        let categorical = [true, true] + [Bool](repeating: false, count: p - 2)
        let helper = Self.awakeHelper()
        defer { helper.stop() }
        for h in [nil, hessians] {
            let serial = HistogramGrower(binned: bins, features: p, binner: binner, options: options, categorical: categorical)
                .grow(gradients: gradients, hessians: h)
            let shared = HistogramGrower(binned: bins, features: p, binner: binner, options: options, helper: helper, categorical: categorical)
            XCTAssertEqual(shared.grow(gradients: gradients, hessians: h), serial)
            XCTAssertNotNil(serial.categorySplits, "the categories are used")
        }
        // The cut that shares the costs most evenly; the first of two equally good ones.
        XCTAssertEqual(HistogramGrower.balancedCut([10, 18] + [Int](repeating: 510, count: 5)), 4)
        XCTAssertEqual(HistogramGrower.balancedCut([24, 120] + [Int](repeating: 510, count: 18)), 11)
        XCTAssertEqual(HistogramGrower.balancedCut([5, 5, 5, 5]), 2)
        XCTAssertEqual(HistogramGrower.balancedCut([7]), 0)
        XCTAssertEqual(HistogramGrower.balancedCut([]), 0)
    }

    func testFixedPointPairsAddUpExactly() {
        // 800,000 rows: counts take 20 bits, gradients are resolved to 2^-30 of the largest,
        // hessians to 2^-22 (the sums of all rows stay below 2^62).
        let units = FixedPointPairs(rows: 800_000, maxGradient: 2, maxHessian: 0.25)
        XCTAssertEqual(units.countBits, 20)
        XCTAssertEqual(units.gradientUnit, 2 / Double(1 << 30))
        XCTAssertEqual(units.hessianUnit, 0.25 / Double(1 << 22))
        var rng = SeededGenerator(seed: 3)
        var sum = SIMD2<Int64>.zero, g = 0.0, h = 0.0
        for _ in 0..<800_000 {
            let gi = 4 * rng.unit() - 2, hi = 0.25 * rng.unit()
            let pair = units.pair(gradient: gi, hessian: hi)
            XCTAssertLessThanOrEqual(abs(units.gradient(Int64(pair.x)) - gi), units.gradientUnit / 2)
            XCTAssertLessThanOrEqual(abs(units.hessian(Int64(pair.y)) - hi), units.hessianUnit / 2)
            sum &+= units.widened(pair)
            g += gi
            h += hi
        }
        // The count comes back whole from the packed lane, and the sums within their rounding.
        let (hessian, count) = units.split(sum.y)
        XCTAssertEqual(count, 800_000)
        XCTAssertEqual(units.gradient(sum.x), g, accuracy: 800_000 * units.gradientUnit / 2)
        XCTAssertEqual(units.hessian(hessian), h, accuracy: 800_000 * units.hessianUnit / 2)
        // The largest values of every row at once do not overflow.
        let top = units.widened(units.pair(gradient: -2, hessian: 0.25))
        let (topHessian, topCount) = units.split(top.y &* 800_000)
        XCTAssertEqual(units.gradient(top.x &* 800_000), -1_600_000)
        XCTAssertEqual(units.hessian(topHessian), 200_000)
        XCTAssertEqual(topCount, 800_000)
        // Constant hessians (squared error): the hessian sum is the count, exactly.
        let unit = FixedPointPairs(rows: 1000, maxGradient: 1, maxHessian: nil)
        let packed = unit.widened(unit.pair(gradient: 0.5, hessian: nil)).y &* 999
        XCTAssertEqual(unit.hessian(unit.split(packed).hessian), 999)
        XCTAssertEqual(unit.split(packed).count, 999)
    }

    func testNoHelperThreadInsideAParallelLoop() {
        // Cross-validation runs two folds at once; a fit inside one must not add a spinning thread.
        let outside = HelperThread()
        defer { outside.stop() }
        XCTAssertEqual(outside.hasThread, ProcessInfo.processInfo.activeProcessorCount > 1)
        let inside = Mutex<[Bool]>([])
        Parallel.forEach(2) { _ in
            let helper = HelperThread()
            inside.withLock { $0.append(helper.hasThread) }
            helper.stop()
        }
        XCTAssertEqual(inside.withLock { $0 }, [false, false])
    }

    func testEarlyStoppingRule() {
        var o = BoostOptions()
        o.iterationsWithoutChange = 2
        o.tolerance = 0.1
        XCTAssertFalse(GradientBoosting.shouldStop([1.0, 0.5], o))
        XCTAssertFalse(GradientBoosting.shouldStop([1.0, 0.95, 0.85], o))
        XCTAssertTrue(GradientBoosting.shouldStop([1.0, 0.95, 0.92], o))
    }
}
