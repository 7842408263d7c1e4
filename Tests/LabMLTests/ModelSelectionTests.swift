import XCTest
import LabData
@testable import LabML

/// Folds, cross-validation, grid search, curves and permutation importance: the properties
/// scikit-learn's KFold/StratifiedKFold, GridSearchCV, learning_curve and permutation_importance
/// guarantee, checked on real data.
final class ModelSelectionTests: XCTestCase {
    private func titanic() throws -> Frame {
        var frame = try CSVReader.read(path: PrepParityTests.root + "/datasets/titanic.csv", name: "titanic").frame
        frame = try Splitter.random(frame, test: 0.2, valid: 0, seed: 3, stratify: "survived")
        for name in ["age", "fare"] {
            let column = try frame.column(name)
            guard case .numbers(let v, _) = column.data else { continue }
            frame = try frame.setting(Column(name: name, type: .float, values: v.map { $0.isNaN ? 0 : $0 }))
        }
        return try frame.setting(Column(name: "is_male", type: .integer, values: (0..<frame.rowCount).map { try! frame.column("sex").text(at: $0) == "male" ? 1 : 0 }))
    }

    private let features = ["pclass", "age", "fare", "is_male"]

    func testFoldsPartitionTheRowsWithSizesWithinOne() throws {
        let rows = Array(stride(from: 3, to: 1000, by: 2))  // 499 rows, not 0..<n
        let folds = try Folds(rows: rows, k: 7, seed: 9)
        XCTAssertEqual(folds.parts.flatMap { $0 }.sorted(), rows)
        let sizes = folds.parts.map(\.count)
        XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1)
        XCTAssertEqual(folds.training(2), rows.filter { !folds.parts[2].contains($0) })
        XCTAssertEqual(try Folds(rows: rows, k: 7, seed: 9), folds, "the same seed gives the same folds")
        XCTAssertNotEqual(try Folds(rows: rows, k: 7, seed: 10), folds)
    }

    func testStratifiedFoldsKeepEachClassWithinOneRow() throws {
        let classes = (0..<1000).map { $0 % 10 == 0 ? 2 : ($0 % 3 == 0 ? 1 : 0) }
        let folds = try Folds(rows: Array(0..<1000), k: 5, seed: 1, classes: classes)
        for c in 0...2 {
            let perFold = folds.parts.map { part in part.filter { classes[$0] == c }.count }
            XCTAssertLessThanOrEqual(perFold.max()! - perFold.min()!, 1, "class \(c): \(perFold)")
        }
        XCTAssertThrowsError(try Folds(rows: Array(0..<10), k: 5, seed: 1, classes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])) { error in
            XCTAssertEqual((error as? DataError)?.message, "a class has only 1 row (class index 1), fewer than folds=5")
        }
        XCTAssertThrowsError(try Folds(rows: [1, 2], k: 3, seed: 1))
    }

    func testEachFoldScoreIsTheModelTrainedWithoutItScoredOnIt() throws {
        let frame = try titanic()
        let recipe = ModelRecipe(kind: .logistic, target: "survived", features: features, parameters: [:], prep: PrepPipeline())
        let cv = try CrossValidation.run(recipe, on: frame, folds: 4, seed: 5)
        XCTAssertEqual(cv.metric, "accuracy")
        XCTAssertTrue(cv.stratified)
        XCTAssertEqual(cv.folds.map(\.trainRows).reduce(0, +), 3 * 1047)
        let folds = try Folds(rows: TrainingRows(frame).rows!, k: 4, seed: 5,
                              classes: try recipe.classCodes(frame, rows: TrainingRows(frame).rows!))
        let model = try recipe.train(frame, rows: folds.training(2))
        let e = try Evaluator.evaluate(model, on: frame, rows: EvaluationRows(rows: folds.parts[2], label: "f"))
        XCTAssertEqual(cv.folds[2].score, e.value("accuracy"))
        let scores = cv.folds.map(\.score)
        let mean = scores.reduce(0, +) / 4
        XCTAssertEqual(cv.summary.mean, mean, accuracy: 1e-15)
        XCTAssertEqual(cv.summary.std, (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot(), accuracy: 1e-15)
        XCTAssertThrowsError(try CrossValidation.run(recipe, on: frame, folds: 4, seed: 5, metric: "acuracy")) { error in
            XCTAssertEqual((error as? DataError)?.message, "metric 'acuracy' is not computed for this model (did you mean 'accuracy'?)")
        }
    }

    func testGridParsingAndCombinations() throws {
        let grid = try GridSearch.parse("C=0.1,1 max_depth=2..4")
        XCTAssertEqual(grid.map(\.name), ["C", "max_depth"])
        XCTAssertEqual(grid[1].values, ["2", "3", "4"])
        let combos = GridSearch.combinations(grid)
        XCTAssertEqual(combos.count, 6)
        XCTAssertEqual(combos[0], ["C": "0.1", "max_depth": "2"])
        XCTAssertEqual(combos[5], ["C": "1", "max_depth": "4"])
        for bad in ["C", "=1", "C=1,,2", "d=5..2", "C=1 C=2"] {
            XCTAssertThrowsError(try GridSearch.parse(bad), bad)
        }
    }

    func testGridSearchPicksTheBestMeanAndChecksEveryValueFirst() throws {
        let frame = try titanic()
        let recipe = ModelRecipe(kind: .tree, target: "survived", features: features, parameters: [:], prep: PrepPipeline())
        let search = try GridSearch.run(recipe, grid: [("max_depth", ["1", "3", "12"])], on: frame, folds: 3, seed: 2, metric: "log_loss")
        let means = search.points.map(\.summary.mean)
        XCTAssertEqual(search.best, means.indices.min { means[$0] < means[$1] }, "a loss: the smallest mean wins")
        XCTAssertThrowsError(try GridSearch.run(recipe, grid: [("max_depth", ["2", "x"])], on: frame, folds: 3, seed: 2, metric: nil)) { error in
            XCTAssertTrue((error as? DataError)?.message.hasPrefix("max_depth=x is not valid for tree") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try GridSearch.run(recipe, grid: [("max_dept", ["2"])], on: frame, folds: 3, seed: 2, metric: nil)) { error in
            XCTAssertEqual((error as? DataError)?.message, "max_dept= is not a parameter of tree (did you mean 'max_depth'?)")
        }
    }

    func testLearningCurveSizesFollowScikitLearnAndDeepTreesOverfit() throws {
        let frame = try titanic()
        let recipe = ModelRecipe(kind: .tree, target: "survived", features: features, parameters: [:], prep: PrepPipeline())
        let curve = try ScoreCurve.learning(recipe, on: frame, folds: 5, seed: 1, metric: nil)
        // Each fold trains on 837 or 838 of the 1047 rows; sizes are floor(fraction × n), as learning_curve takes them.
        XCTAssertEqual(curve.points.map(\.x), ["83", "272", "460", "649", "838"])
        let validation = try ScoreCurve.validation(recipe, on: frame, parameter: "max_depth", values: ["1", "20"], folds: 5, seed: 1, metric: nil)
        let gaps = validation.points.map { $0.train.mean - $0.validation.mean }
        XCTAssertLessThan(gaps[0], 0.02, "a stump neither fits nor overfits much")
        XCTAssertGreaterThan(gaps[1], 0.1, "an unlimited tree learns its training rows by heart")
    }

    func testOneMetricAloneIsTheSameNumberAsAmongAll() throws {
        let frame = try titanic()
        let rows = try EvaluationRows(frame, part: .test, trainedHere: true)
        let iris = try CSVReader.read(path: PrepParityTests.root + "/datasets/iris.csv", name: "iris").frame
        let irisFeatures = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm"]
        let cases: [(TrainedModel, Frame, EvaluationRows)] = [
            (try Trainer.train(.logistic, name: "b", frame: frame, target: "survived", features: features, parameters: [:], prep: PrepPipeline()), frame, rows),
            (try Trainer.train(.ridge, name: "r", frame: frame, target: "fare", features: ["pclass", "age"], parameters: [:], prep: PrepPipeline()), frame, rows),
            (try Trainer.train(.tree, name: "m", frame: iris, target: "species", features: irisFeatures, parameters: ["max_depth": "2"], prep: PrepPipeline()),
             iris, EvaluationRows(rows: Array(0..<150), label: "all")),
        ]
        for (model, data, part) in cases {
            let all = try Evaluator.evaluate(model, on: data, rows: part)
            XCTAssertGreaterThanOrEqual(all.metrics.count, 5)
            for metric in all.metrics {
                let alone = try Evaluator.evaluate(model, on: data, rows: part, only: metric.name)
                XCTAssertEqual(alone.metrics.map(\.name).contains(metric.name), true, "\(model.name) \(metric.name)")
                XCTAssertLessThanOrEqual(alone.metrics.count, 3, "\(model.name) \(metric.name): computed with its family at most")
                XCTAssertEqual(alone.value(metric.name)?.bitPattern, metric.value.bitPattern, "\(model.name) \(metric.name)")
            }
        }
    }

    func testPermutationImportanceIsZeroForUnusedFeatures() throws {
        let frame = try titanic()
        let model = try Trainer.train(.tree, name: "stump", frame: frame, target: "survived", features: features,
                                      parameters: ["max_depth": "1"], prep: PrepPipeline())
        let rows = try EvaluationRows(frame, part: .test, trainedHere: true)
        let result = try PermutationImportance.run(model, on: frame, rows: rows, metric: nil, repeats: 4, seed: 7)
        let byName = Dictionary(uniqueKeysWithValues: result.features.map { ($0.name, $0) })
        // A stump splits on sex alone: shuffling anything else changes no prediction.
        for name in ["pclass", "age", "fare"] { XCTAssertEqual(byName[name]?.drops, [0, 0, 0, 0], name) }
        XCTAssertGreaterThan(byName["is_male"]!.importance.mean, 0.1)
        XCTAssertEqual(result.baseline, try Evaluator.evaluate(model, on: frame, rows: rows).value("accuracy"))
        let again = try PermutationImportance.run(model, on: frame, rows: rows, metric: nil, repeats: 4, seed: 7)
        XCTAssertEqual(again, result, "seeded")
    }

    /// A shuffled feature's gaps move with its values, as a shuffled column of NaN does in
    /// scikit-learn: a model that splits on whether a value is missing loses its score when
    /// they move. A text feature (boost's categorical=) is shuffled as words.
    func testPermutationMovesGapsAndWordsWithTheirRows() throws {
        let n = 400
        let frame = try Frame(name: "f", columns: [
            Column(name: "x", type: .float, values: (0..<n).map { Double($0 % 10) }, missing: Bitmap((0..<n).map { $0 % 2 == 0 })),
            Column(name: "word", strings: (0..<n).map { $0 % 4 == 1 ? "b" : "a" }),
            Column(name: "y", type: .integer, values: (0..<n).map { Double(($0 % 2 == 0 ? 1 : 0) ^ ($0 % 4 == 1 ? 1 : 0)) }, missing: nil)])
        let model = try Trainer.train(.boost, name: "b", frame: frame, target: "y", features: ["x", "word"],
                                      parameters: ["categorical": "word", "rounds": "20", "min_samples_leaf": "5"], prep: PrepPipeline())
        let rows = EvaluationRows(rows: Array(0..<n), label: "all")
        XCTAssertEqual(try Evaluator.evaluate(model, on: frame, rows: rows).value("accuracy"), 1)
        let result = try PermutationImportance.run(model, on: frame, rows: rows, metric: nil, repeats: 3, seed: 2)
        for feature in result.features { XCTAssertGreaterThan(feature.importance.mean, 0.2, feature.name) }
    }
}
