import Foundation
import XCTest
import LabData
@testable import LabML

/// The new kinds through Trainer.train: parameters with their recorded defaults, unsupervised
/// training without a target, predictions, what `model NAME` shows, and Codable models.
final class TrainerKindsTests: XCTestCase {
    private func irisSplit() throws -> Frame {
        let frame = try CSVReader.read(path: PrepParityTests.root + "/datasets/iris.csv", name: "iris").frame
        return try Splitter.random(frame, test: 0.3, valid: 0, seed: 42, stratify: "species")
    }

    func testEveryKindTrainsPredictsAndRoundTrips() throws {
        let frame = try irisSplit()
        let x = try TrainingData.matrix(frame, features: ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"], rows: nil)
        for kind in [ModelKind.tree, .forest, .boost, .knn, .naiveBayes, .kmeans, .pca] {
            let supervised = kind.task.needsTarget
            let params = kind == .forest ? ["trees": "20"] : kind == .kmeans ? ["k": "3"] : [:]
            let model = try Trainer.train(kind, name: "m", frame: frame, target: supervised ? "species" : nil, features: nil,
                                          parameters: params, prep: PrepPipeline())
            XCTAssertEqual(model.trainingRows, 105, "\(kind)")
            XCTAssertEqual(model.features.count, 4, "\(kind): the split column and the text target are not features")
            XCTAssertEqual(model.target, supervised ? "species" : "")
            XCTAssertEqual(Set(model.parameters.keys), Set(kind.parameters.map(\.name)), "\(kind) records every parameter")
            XCTAssertNotNil(model.trainingNote, "\(kind)")
            if case .forest(let forest) = model.fitted {
                // The mean leaf count to one decimal: 6.35 leaves would not be written 6.3500 or 6.349999.
                let mean = Double(forest.trees.map(\.leafCount).reduce(0, +)) / 20
                XCTAssertTrue(model.trainingNote?.hasSuffix(", \(String((mean * 10).rounded() / 10)) leaves per tree on average") ?? false,
                              model.trainingNote ?? "")
                let shown = model.trainingNote!.split(separator: " ").dropLast(5).last!
                XCTAssertLessThanOrEqual(shown.split(separator: ".").last!.count, 1, String(shown))
            }
            XCTAssertEqual(model.learnedTable == nil, kind == .knn, "\(kind)")
            switch model.predict(x) {
            case .classes(let classes, let labels, let p):
                XCTAssertEqual(classes, ["setosa", "versicolor", "virginica"])
                XCTAssertEqual(labels.count, 150)
                XCTAssertTrue(p.rowArrays.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-9 }, "\(kind)")
            case .clusters(let c):
                XCTAssertEqual(kind, .kmeans)
                XCTAssertEqual(Set(c), [0, 1, 2])
            case .components(let names, let columns):
                XCTAssertEqual(kind, .pca)
                XCTAssertEqual(names, ["PC1", "PC2"])
                XCTAssertEqual(columns[0].count, 150)
            case .values:
                XCTFail("\(kind)")
            }
            let data = try JSONEncoder().encode(model)
            XCTAssertEqual(try JSONDecoder().decode(TrainedModel.self, from: data), model, "\(kind) survives a save")
        }
    }

    func testTheDataHashIdentifiesTheColumnsRowsAndTarget() throws {
        let frame = try Frame(name: "h", columns: [
            Column(name: "a", type: .float, values: [1.5, 2, 3, 4, 5]),
            Column(name: "b", type: .integer, values: [10, 20, 30, 40, 50]),
            Column(name: "label", strings: ["no", "yes", "no", "yes", "yes"]),
        ])
        // A column's digest in the canonical form: the (empty) missing mask as one 64-bit word, then the values.
        func digest(_ values: [Double]) -> [UInt8] {
            var bytes: [UInt8] = []
            withUnsafeBytes(of: UInt64(0)) { bytes += $0 }
            for value in values { withUnsafeBytes(of: value) { bytes += $0 } }
            let hasher = SHA256Hasher()
            hasher.update(bytes)
            return hexBytes(hasher.finish())
        }
        let a = digest([1.5, 2, 3, 4, 5]), b = digest([10, 20, 30, 40, 50])
        XCTAssertEqual(try frame.column("a").contentDigest, a)
        let rows = [0, 1, 3, 4]
        let model = try Trainer.train(.naiveBayes, name: "nb", frame: frame, target: "label", features: ["b", "a"], parameters: [:],
                                      prep: PrepPipeline(), rows: rows)
        // The counts, the feature columns' digests (in the order named), the training rows (increasing:
        // a marker 0, the frame's row count, a bitmap word with bits 0, 1, 3, 4), the target column's digest, then the classes.
        var labelBytes: [UInt8] = []
        for text in ["no", "yes", "no", "yes", "yes"] {
            withUnsafeBytes(of: UInt32(text.utf8.count)) { labelBytes += $0 }
            labelBytes += Array(text.utf8)
        }
        let labelDigest = SHA256Hasher()
        labelDigest.update(labelBytes)
        var bytes: [UInt8] = []
        for count in [Int64(2), 4] { withUnsafeBytes(of: count) { bytes += $0 } }
        bytes += b + a
        for word in [UInt64(0), 5, 0b11011] { withUnsafeBytes(of: word) { bytes += $0 } }
        bytes += hexBytes(labelDigest.finish())
        bytes += Array("no\u{1F}yes".utf8)
        let expected = SHA256Hasher()
        expected.update(bytes)
        XCTAssertEqual(model.dataHash, expected.finish())
        XCTAssertEqual(model.trainingRows, 4)
        let regression = try Trainer.train(.linear, name: "l", frame: frame, target: "a", features: ["b"], parameters: [:], prep: PrepPipeline())
        var other: [UInt8] = []
        for count in [Int64(1), 5] { withUnsafeBytes(of: count) { other += $0 } }
        other += b
        for word in [UInt64(0), 5, 0b11111] { withUnsafeBytes(of: word) { other += $0 } }
        other += a
        let whole = SHA256Hasher()
        whole.update(other)
        XCTAssertEqual(regression.dataHash, whole.finish(), "every row without a split; the target column's digest follows")
        // Rows in another order are hashed as their list: a marker 1, then each index.
        let shuffled = try Trainer.train(.linear, name: "l", frame: frame, target: "a", features: ["b"], parameters: [:],
                                         prep: PrepPipeline(), rows: [4, 0, 2])
        var listed: [UInt8] = []
        for count in [Int64(1), 3] { withUnsafeBytes(of: count) { listed += $0 } }
        listed += b
        for word in [Int64(1), 4, 0, 2] { withUnsafeBytes(of: word) { listed += $0 } }
        listed += a
        let list = SHA256Hasher()
        list.update(listed)
        XCTAssertEqual(shuffled.dataHash, list.finish())
        // The same columns as features alone are other data; so are other rows of them.
        let clusters = try Trainer.train(.pca, name: "p", frame: frame, target: nil, features: ["b"], parameters: ["components": "1"],
                                         prep: PrepPipeline())
        XCTAssertNotEqual(clusters.dataHash, regression.dataHash)
        let fewer = try Trainer.train(.linear, name: "l", frame: frame, target: "a", features: ["b"], parameters: [:],
                                      prep: PrepPipeline(), rows: [0, 1, 2, 3])
        XCTAssertNotEqual(fewer.dataHash, regression.dataHash)
    }

    func testAOneHotEncodedColumnNamedAsAFeatureStandsForItsIndicators() throws {
        let raw = try Frame(name: "e", columns: [
            Column(name: "colour", strings: ["red", "blue", "red", "green", "blue", "red"]),
            Column(name: "size", type: .float, values: [1, 2, 3, 4, 5, 6]),
            Column(name: "y", type: .float, values: [1.5, 2.5, 3, 4.5, 5, 6.5]),
        ])
        let encoder = try OneHotEncoder.fit(try raw.column("colour"), rows: TrainingRows(raw), dropFirst: true, unknown: .ignore, limit: 10)
        var prep = PrepPipeline()
        prep.append(.oneHot(encoder), fittedOnAllRows: false)
        let frame = try prep.apply(to: raw)
        let model = try Trainer.train(.linear, name: "m", frame: frame, target: "y", features: ["size", "colour"], parameters: [:], prep: prep)
        XCTAssertEqual(model.features, ["size", "colour_green", "colour_red"], "in the order named, blue dropped as the first category")
        let overlapping = try Trainer.train(.linear, name: "m", frame: frame, target: "y", features: ["colour_red", "colour", "size", "size"],
                                            parameters: [:], prep: prep)
        XCTAssertEqual(overlapping.features, ["colour_red", "colour_green", "size"], "each column once, where it first appears")
        // A name that is neither a column nor an encoded one is still refused, with the frame's columns.
        XCTAssertThrowsError(try Trainer.train(.linear, name: "m", frame: frame, target: "y", features: ["shape"], parameters: [:], prep: prep)) {
            XCTAssertEqual(($0 as? DataError)?.message, "no column 'shape' in frame 'e'")
        }
        // A misspelt encoded column is refused with its name and what it stands for.
        XCTAssertThrowsError(try Trainer.train(.linear, name: "m", frame: frame, target: "y", features: ["colur"], parameters: [:], prep: prep)) {
            XCTAssertEqual(($0 as? DataError)?.message, "no column 'colur' in frame 'e' (did you mean 'colour'?)")
            XCTAssertEqual(($0 as? DataError)?.hint, "'colour' was one-hot encoded; its name stands for its columns colour_green, colour_red")
        }
    }

    private func hexBytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = [], digits = Array(hex.utf8)
        while digits.count >= 2 {
            out.append(UInt8(String(decoding: digits.prefix(2), as: UTF8.self), radix: 16)!)
            digits.removeFirst(2)
        }
        return out
    }

    func testFitsFromColumnsEqualTheirFitsOnTheMatrix() throws {
        // 20,000 rows (both cores share the sums), 5 features, a split of every third row out.
        var rng = SeededGenerator(seed: 7)
        let n = 20_000
        var columns = (0..<5).map { j in Column(name: "x\(j)", type: .float, values: (0..<n).map { _ in rng.unit() * Double(j + 1) - 0.5 }) }
        let y = (0..<n).map { i in columns.indices.reduce(0.3) { s, j in
            guard case .numbers(let v, _) = columns[j].data else { return s }
            return s + Double(j - 2) * v[i]
        } + rng.unit() }
        columns.append(Column(name: "y", type: .float, values: y))
        columns.append(Column(name: "c", strings: y.map { $0 > 0.8 ? "high" : $0 > 0 ? "mid" : "low" }))
        let frame = try Frame(name: "g", columns: columns)
        let rows = (0..<n).filter { $0 % 3 != 0 }
        let features = (0..<5).map { "x\($0)" }
        let x = try TrainingData.matrix(frame, features: features, rows: rows)
        let ridge = try Trainer.train(.ridge, name: "r", frame: frame, target: "y", features: features, parameters: ["alpha": "0.5"],
                                      prep: PrepPipeline(), rows: rows)
        let target = rows.map { y[$0] }
        XCTAssertEqual(ridge.fitted, .linear(try LinearModel.ridge(x, target, alpha: 0.5)))
        let linear = try Trainer.train(.linear, name: "l", frame: frame, target: "y", features: features, parameters: [:],
                                       prep: PrepPipeline(), rows: rows)
        XCTAssertEqual(linear.fitted, .linear(try LinearModel.ordinaryLeastSquares(x, target)))
        let lasso = try Trainer.train(.lasso, name: "s", frame: frame, target: "y", features: features, parameters: ["alpha": "0.01"],
                                      prep: PrepPipeline(), rows: rows)
        XCTAssertEqual(lasso.fitted, .linear(try LinearModel.lasso(x, target, alpha: 0.01, maxIterations: 1000, tolerance: 1e-4)))
        let pca = try Trainer.train(.pca, name: "p", frame: frame, target: nil, features: features, parameters: ["components": "3"],
                                    prep: PrepPipeline(), rows: rows)
        XCTAssertEqual(pca.fitted, .pca(try PCA.fit(x, components: 3)))
        let bayes = try Trainer.train(.naiveBayes, name: "b", frame: frame, target: "c", features: features, parameters: [:],
                                      prep: PrepPipeline(), rows: rows)
        guard case .classes(let labels, let yi) = try TrainingData.target(frame, name: "c", rows: rows, task: ModelKind.naiveBayes.task(parameters: [:])) else {
            return XCTFail("classes expected")
        }
        XCTAssertEqual(labels.count, 3)
        XCTAssertEqual(bayes.fitted, .naiveBayes(try GaussianNaiveBayes.fit(x, classes: labels, y: yi, varSmoothing: 1e-9)))
    }

    /// Boost bins the frame's columns at the training rows without a matrix: the same model as
    /// from the matrix, with missing values, a text feature taken as categories and validation rows
    /// held out (early stopping, on by default above 10,000 rows).
    func testBoostFromTheColumnsEqualsItsFitOnTheMatrix() throws {
        var rng = SeededGenerator(seed: 12)
        let n = 14_000
        let a = (0..<n).map { _ in rng.unit() * 4 - 2 }, b = (0..<n).map { _ in rng.unit() }
        let gaps = (0..<n).map { _ in rng.unit() < 0.1 }
        let kinds = ["north", "south", "east", "west"], k = (0..<n).map { _ in kinds[rng.below(4)] }
        let label = (0..<n).map { i in a[i] + (gaps[i] ? 0.5 : b[i]) + (k[i] == "east" ? 1 : 0) + rng.unit() > 1.2 ? "yes" : "no" }
        let frame = try Frame(name: "g", columns: [
            Column(name: "a", type: .float, values: a), Column(name: "b", type: .float, values: gaps.indices.map { gaps[$0] ? 0 : b[$0] }, missing: Bitmap(gaps)),
            Column(name: "k", strings: k), Column(name: "label", strings: label)])
        let rows = (0..<n).filter { $0 % 5 != 0 }
        let model = try Trainer.train(.boost, name: "m", frame: frame, target: "label", features: ["a", "b", "k"],
                                      parameters: ["rounds": "12", "categorical": "k"], prep: PrepPipeline(), rows: rows)
        let levels = TrainingData.textLevels(frame, features: ["k"], rows: rows)
        let x = try TrainingData.matrix(frame, features: ["a", "b", "k"], rows: rows, missing: .asNaN, levels: levels)
        let y = try TrainingData.target(frame, name: "label", rows: rows, task: model.task, kind: .boost)
        let p = ModelFitting.Values(model.parameters)
        let expected = try GradientBoosting.fit(x, y, options: ModelFitting.boostOptions(p), categorical: [2], featureNames: ["a", "b", "k"], seed: p.seed)
        XCTAssertNotNil(expected.validationLoss)
        XCTAssertNotNil(expected.categories)
        XCTAssertEqual(model.fitted, .boost(expected))
    }

    func testTaskFollowsTheCriterionAndDefaultsAreResolved() throws {
        let frame = try CSVReader.read(path: PrepParityTests.root + "/datasets/diabetes.csv", name: "diabetes").frame
        let forest = try Trainer.train(.forest, name: "f", frame: frame, target: "disease_progression", features: nil,
                                       parameters: ["criterion": "squared_error", "trees": "5"], prep: PrepPipeline())
        XCTAssertEqual(forest.task, .regression)
        XCTAssertEqual(forest.parameters["max_features"], "1.0", "a regression forest tries every feature, as RandomForestRegressor")
        XCTAssertEqual(try Trainer.parameters(for: .forest, given: [:])["max_features"], "sqrt")
        let boost = try Trainer.train(.boost, name: "b", frame: frame, target: "disease_progression", features: nil,
                                      parameters: ["loss": "squared_error", "rounds": "20"], prep: PrepPipeline())
        guard case .values(let v) = boost.predict(try TrainingData.matrix(frame, features: boost.features, rows: nil)) else { return XCTFail() }
        XCTAssertEqual(v.count, frame.rowCount)
        XCTAssertEqual(boost.parameters["early_stopping"], "auto")
        XCTAssertEqual(try Trainer.parameters(for: .tree, given: [:]),
                       ["criterion": "gini", "max_depth": "none", "min_samples_split": "2", "min_samples_leaf": "1", "seed": "42"])
    }

    func testDefaultsAreScikitLearns() {
        let defaults = { (kind: ModelKind) in Dictionary(uniqueKeysWithValues: kind.parameters.map { ($0.name, $0.defaultValue) }) }
        XCTAssertEqual(defaults(.forest)["trees"], "100")
        XCTAssertEqual(defaults(.boost)["max_leaf_nodes"], "31")
        XCTAssertEqual(defaults(.boost)["min_samples_leaf"], "20")
        XCTAssertEqual(defaults(.boost)["rounds"], "100")
        XCTAssertEqual(defaults(.knn)["k"], "5")
        XCTAssertEqual(defaults(.kmeans)["k"], "8")
        XCTAssertEqual(defaults(.kmeans)["max_iter"], "300")
        XCTAssertEqual(Double(defaults(.naiveBayes)["var_smoothing"]!), 1e-9)
        XCTAssertEqual(defaults(.pca)["components"], "2")
    }

    func testPCAProjectionLearnsOnTrainingRowsAndAddsComponentColumns() throws {
        let frame = try irisSplit()
        let trained = try Trainer.train(.pca, name: "pc", frame: frame, target: nil, features: nil,
                                        parameters: ["components": "2"], prep: PrepPipeline())
        let projection = try XCTUnwrap(PCAProjection(trained))
        XCTAssertEqual(projection.features, ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"])
        let rows = TrainingRows(frame).rows!
        let direct = try PCA.fit(TrainingData.matrix(frame, features: projection.features, rows: rows), components: 2)
        XCTAssertEqual(projection.model, direct, "fitted on the training rows only")
        let out = try projection.apply(to: frame)
        XCTAssertEqual(out.columnCount, frame.columnCount + 2)
        let t = direct.transform(try TrainingData.matrix(frame, features: projection.features, rows: nil))
        guard case .numbers(let pc2, _) = try out.column("PC2").data else { return XCTFail() }
        for r in 0..<frame.rowCount { XCTAssertEqual(pc2[r], t[r, 1], accuracy: 1e-12) }
        XCTAssertTrue(projection.summary.hasPrefix("2 components of 4 features"))
    }

    func testJSONWriterRoundTripsEveryKindAndMatchesJSONEncoder() throws {
        let frame = try irisSplit()
        let sorted = JSONEncoder()
        sorted.outputFormatting = [.sortedKeys]
        for kind in ModelKind.allCases {
            let supervised = kind.task(parameters: [:]).needsTarget
            let target: String? = supervised ? (kind == .linear || kind == .ridge || kind == .lasso ? "petal_width_cm" : "species") : nil
            let features = target == "petal_width_cm" ? ["sepal_length_cm", "sepal_width_cm", "petal_length_cm"] : nil
            let params = kind == .forest ? ["trees": "5"] : kind == .kmeans ? ["k": "3"] : [:]
            let model = try Trainer.train(kind, name: "m", frame: frame, target: target, features: features, parameters: params, prep: PrepPipeline())
            let written = try JSONWriter.encode(model)
            XCTAssertEqual(try JSONDecoder().decode(TrainedModel.self, from: Data(written)), model, "\(kind) reads back to the same bits")
            XCTAssertEqual(try JSONReader.decode(TrainedModel.self, from: written), model, "\(kind) reads back to the same bits with JSONReader")
            // The same document as Foundation's encoder writes: same keys, same values.
            let ours = try JSONSerialization.jsonObject(with: Data(written)) as? NSDictionary
            let theirs = try JSONSerialization.jsonObject(with: sorted.encode(model)) as? NSDictionary
            XCTAssertEqual(ours, theirs, "\(kind)")
        }
        XCTAssertThrowsError(try JSONWriter.encode([1.0, .nan]))
        XCTAssertThrowsError(try JSONWriter.encode(["x": Double.infinity]))
        XCTAssertEqual(String(decoding: try JSONWriter.encode(["b": [1.5, -0.0], "a": [2e-308]]), as: UTF8.self), #"{"a":[2e-308],"b":[1.5,-0.0]}"#)
        XCTAssertEqual(String(decoding: try JSONWriter.encode(["q\"\n": Int64(-3)]), as: UTF8.self), #"{"q\"\n":-3}"#)
    }
}
