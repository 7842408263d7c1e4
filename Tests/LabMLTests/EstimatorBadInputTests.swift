import XCTest
import LabData
@testable import LabML

/// What the new model kinds say about input they cannot use, and the awkward input they must cope with.
final class EstimatorBadInputTests: XCTestCase {
    private func iris() throws -> Frame {
        try CSVReader.read(path: PrepParityTests.root + "/datasets/iris.csv", name: "iris").frame
    }

    private func train(_ kind: ModelKind, _ frame: Frame, target: String?, _ params: [String: String] = [:]) throws -> TrainedModel {
        try Trainer.train(kind, name: kind.rawValue, frame: frame, target: target, features: nil, parameters: params, prep: PrepPipeline())
    }

    private func assertError(_ expression: @autoclosure () throws -> Any, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { e in
            XCTAssertTrue("\(e)".contains(message) || ((e as? DataError)?.message.contains(message) ?? false),
                          "\(e) does not mention: \(message)", file: file, line: line)
        }
    }

    func testKLargerThanTheTrainingRows() throws {
        let frame = try iris()
        assertError(try train(.knn, frame, target: "species", ["k": "151"]), "only 150 training rows")
        assertError(try train(.kmeans, frame, target: nil, ["k": "151"]), "only 150 training rows")
        XCTAssertNoThrow(try train(.knn, frame, target: "species", ["k": "150"]))
    }

    /// A target that is not a column: a close name is suggested; else the frame's few text columns,
    /// the usual targets of a classifier, are pointed at.
    func testAnUnknownTargetPointsAtTheTextColumns() throws {
        let frame = try iris()
        XCTAssertThrowsError(try train(.logistic, frame, target: "target")) { e in
            XCTAssertEqual((e as? DataError)?.message, "no column 'target' in frame 'iris'")
            XCTAssertEqual((e as? DataError)?.hint, "target= names the column to predict: the text column species is what a classifier predicts. "
                           + "columns are: sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, species")
        }
        XCTAssertThrowsError(try train(.logistic, frame, target: "specie")) { e in
            XCTAssertEqual((e as? DataError)?.message, "no column 'specie' in frame 'iris' (did you mean 'species'?)")
            XCTAssertEqual((e as? DataError)?.hint, "columns are: sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, species")
        }
        let numeric = try frame.dropping(["species"])
        XCTAssertEqual(Trainer.unknownTarget("target", in: numeric).hint, "columns are: sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm")
    }

    func testParameterRanges() throws {
        let frame = try iris()
        assertError(try train(.tree, frame, target: "species", ["max_depth": "0"]), "max_depth=0 is not valid for tree: expected none or an integer from 1")
        assertError(try train(.forest, frame, target: "species", ["max_features": "0"]), "max_features=0 is not valid")
        assertError(try train(.forest, frame, target: "species", ["max_features": "9"]), "max_features=9 is more than the 4 features")
        assertError(try train(.tree, frame, target: "species", ["criterion": "mse"]), "criterion=mse is not valid for tree")
        assertError(try train(.boost, frame, target: "species", ["max_bins": "256"]), "max_bins=256 is not valid")
        assertError(try train(.pca, frame, target: nil, ["components": "5"]), "components=5 is more than min(rows, features)")
        XCTAssertEqual(try Trainer.parameters(for: .tree, given: ["max_depth": "None"])["max_depth"], "none")
    }

    /// categorical= names features that hold numbers; anything else is named with what to do.
    func testCategoricalFeaturesMustBeNumericFeatures() throws {
        let frame = try iris().setting(Column(name: "size", type: .integer, values: (0..<150).map { Double($0 % 3) }, missing: nil))
        assertError(try train(.boost, frame, target: "species", ["categorical": "species"]), "categorical=species names the target")
        assertError(try train(.boost, frame, target: "species", ["categorical": "sise"]), "categorical=sise: no column 'sise' in frame 'iris' (did you mean 'size'?)")
        assertError(try Trainer.train(.boost, name: "b", frame: frame, target: "species", features: ["size"], parameters: ["categorical": "petal_width_cm"],
                                      prep: PrepPipeline()), "categorical=petal_width_cm is not one of the features")
        assertError(try train(.boost, frame, target: "species", ["categorical": " , "]), "categorical= names no column")
        assertError(try train(.boost, frame, target: "species", ["categorical": "petal_length_cm", "max_bins": "20"]),
                    "categorical feature 'petal_length_cm' has 43 categories; at most max_bins=20 are taken")
        XCTAssertEqual(try Trainer.parameters(for: .boost, given: ["categorical": " size, size,petal_width_cm "])["categorical"], "size,petal_width_cm")
        XCTAssertEqual(try Trainer.parameters(for: .boost, given: [:])["categorical"], "none")
        let model = try train(.boost, frame, target: "species", ["categorical": "size", "rounds": "5"])
        guard case .boost(let m) = model.fitted else { return XCTFail("not boost") }
        XCTAssertEqual(m.categories?[4], [0, 1, 2])
        // A text column is a category by name: it joins the default features.
        let text = try train(.boost, frame, target: "size", ["categorical": "species", "rounds": "5"])
        XCTAssertEqual(text.features.last, "species")
        XCTAssertEqual(text.featureLevels, ["species": ["setosa", "versicolor", "virginica"]])
        XCTAssertThrowsError(try train(.boost, frame.setting(Column(name: "id", strings: (0..<150).map { "row \($0)" })), target: "size",
                                       ["categorical": "id", "max_bins": "100"])) { e in
            XCTAssertEqual((e as? DataError)?.message, "categorical feature 'id' has 150 categories; at most max_bins=100 are taken")
            XCTAssertEqual((e as? DataError)?.hint, "raise max_bins to 150 or more (up to 255), or leave it out of categorical=")
        }
    }

    func testTargetsAndCriteria() throws {
        let frame = try iris()
        assertError(try train(.tree, frame, target: nil), "tree learns to predict a column")
        assertError(try train(.kmeans, frame, target: "species"), "kmeans learns from the features alone")
        assertError(try train(.tree, frame, target: "species", ["criterion": "squared_error"]), "target 'species' is string")
        // No rows at all (a filter kept none): said as that, for classifiers and regressions alike.
        let empty = frame.gathering([])
        assertError(try train(.tree, empty, target: "species"), "frame 'iris' has no rows to learn from")
        assertError(try train(.linear, empty, target: "petal_width_cm"), "frame 'iris' has no rows to learn from")
        assertError(try train(.kmeans, empty, target: nil, ["k": "2"]), "frame 'iris' has no rows to learn from")
    }

    /// The first feature with gaps is named; the hint fills every numeric feature with a few gaps
    /// in one command, and would leave out those missing on most rows.
    func testEveryFeatureWithGapsIsInTheImputeHint() throws {
        let frame = try Frame(name: "f", columns: [
            Column(name: "a", type: .float, values: [1, 2, 3, 4]),
            Column(name: "g1", type: .float, values: [1, 0, 3, 4], missing: Bitmap([false, true, false, false])),
            Column(name: "word", strings: ["x", "y", "x", "y"]),
            Column(name: "g2", type: .integer, values: [1, 2, 3, 0], missing: Bitmap([false, false, false, true])),
            Column(name: "sparse", type: .float, values: [0, 0, 0, 4], missing: Bitmap([true, true, true, false])),
        ])
        func hint(_ features: [String], rows: [Int]? = nil) -> String? {
            do {
                _ = try TrainingData.matrix(frame, features: features, rows: rows)
                return nil
            } catch { return (error as? DataError)?.hint }
        }
        XCTAssertEqual(hint(["a", "g1", "g2"]), "2 features have gaps: impute g1 g2 with=median")
        XCTAssertEqual(hint(["a", "g1"]), "impute g1 with=median")
        // Only the rows being used count: row 3 (g2's gap) left out.
        XCTAssertEqual(hint(["g1", "g2"], rows: [0, 1, 2]), "impute g1 with=median")
        XCTAssertEqual(hint(["g1", "sparse", "g2"]),
                       "3 features have gaps: impute g1 g2 with=median; drop sparse (or leave it out with features=): it is missing on over half the rows, where a fill would be mostly made up")
        XCTAssertEqual(hint(["sparse"]), "drop sparse (or leave it out with features=): it is missing on over half the rows, where a fill would be mostly made up")
        // Half is not over half.
        XCTAssertEqual(hint(["sparse"], rows: [2, 3]), "impute sparse with=median")
    }

    func testTheFirstUnusableFeatureIsNamed() throws {
        let base = try Frame(name: "f", columns: [
            Column(name: "a", type: .float, values: [1, 2, 3, 4]),
            Column(name: "inf", type: .float, values: [1, .infinity, 3, 4]),
            Column(name: "nan", type: .float, values: [1, 2, .nan, 4]),
            Column(name: "gap", type: .float, values: [1, 2, 0, 4], missing: Bitmap([false, false, true, false])),
            Column(name: "word", strings: ["x", "y", "x", "y"]),
            Column(name: "y", type: .integer, values: [0, 1, 0, 1]),
        ])
        func message(_ features: [String]) -> String? {
            do {
                _ = try TrainingData.matrix(base, features: features, rows: nil)
                return nil
            } catch { return (error as? DataError)?.message }
        }
        XCTAssertEqual(message(["a", "inf", "gap"]), "feature 'inf' has a non-finite value (inf) in row 2")
        XCTAssertEqual(message(["a", "nan", "inf"]), "feature 'nan' has a non-finite value (nan) in row 3")
        XCTAssertEqual(message(["gap", "inf"]), "feature 'gap' has 1 missing value in 4 rows (first in row 3)")
        XCTAssertEqual(message(["inf", "word"]), "feature 'inf' has a non-finite value (inf) in row 2", "the first bad feature, whatever is wrong after it")
        XCTAssertEqual(message(["word", "inf"]), "feature 'word' is text; models need numbers")
        XCTAssertEqual(message(["a", "nope"]), "no column 'nope' in frame 'f'")
        // Rows without the problem are fine: the missing and infinite values are outside them.
        XCTAssertEqual(try TrainingData.matrix(base, features: ["a", "inf", "gap"], rows: [0, 3]).storage, [1, 1, 1, 4, 4, 4])
        assertError(try train(.logistic, base, target: "y"), "feature 'inf' has a non-finite value")
        // Ridge and PCA read the columns without a matrix; a bad feature is named the same way.
        assertError(try train(.ridge, base, target: "y"), "feature 'inf' has a non-finite value (inf) in row 2")
        assertError(try train(.pca, base, target: nil, ["components": "1"]), "feature 'inf' has a non-finite value (inf) in row 2")
        assertError(try train(.lasso, base, target: "y"), "feature 'inf' has a non-finite value (inf) in row 2")
        // Boost bins the columns without a matrix; it takes NaN and gaps as missing, not infinities or text.
        assertError(try Trainer.train(.boost, name: "b", frame: base, target: "y", features: ["nan", "gap", "inf"], parameters: [:], prep: PrepPipeline()),
                    "feature 'inf' has a non-finite value (inf) in row 2")
        assertError(try Trainer.train(.boost, name: "b", frame: base, target: "y", features: ["a", "word"], parameters: [:], prep: PrepPipeline()),
                    "feature 'word' is text; models need numbers")
        // Boost takes text as categories when asked: its hint says so, where other kinds' say encode.
        do {
            _ = try Trainer.train(.boost, name: "b", frame: base, target: "y", features: ["a", "word"], parameters: [:], prep: PrepPipeline())
            XCTFail("a text feature without categorical=")
        } catch {
            XCTAssertEqual((error as? DataError)?.hint, "take it as categories: categorical=word; or encode it first: encode word   (or leave it out of features=)")
        }
        do {
            _ = try Trainer.train(.forest, name: "f", frame: base, target: "y", features: ["a", "word"], parameters: [:], prep: PrepPipeline())
            XCTFail("a text feature")
        } catch {
            XCTAssertEqual((error as? DataError)?.hint, "encode it first: encode word   (or leave it out of features=)")
        }
        XCTAssertNoThrow(try Trainer.train(.boost, name: "b", frame: base, target: "y", features: ["a", "word"], parameters: ["rounds": "3", "categorical": "word"],
                                           prep: PrepPipeline()))
        XCTAssertNoThrow(try Trainer.train(.boost, name: "b", frame: base, target: "y", features: ["a", "nan", "gap"], parameters: ["rounds": "3"],
                                           prep: PrepPipeline()))
        assertError(try Trainer.train(.ridge, name: "r", frame: base, target: "y", features: ["a", "nan"], parameters: [:], prep: PrepPipeline()),
                    "feature 'nan' has a non-finite value (nan) in row 3")
        assertError(try Trainer.train(.ridge, name: "r", frame: base, target: "word", features: ["a"], parameters: [:], prep: PrepPipeline()),
                    "target 'word' is string")
    }

    func testConstantFeaturesAreHandled() throws {
        var frame = try iris()
        frame = try frame.setting(Column(name: "flat", type: .float, values: [Double](repeating: 2.5, count: frame.rowCount)))
        for kind in [ModelKind.tree, .forest, .boost, .naiveBayes, .knn] {
            let model = try train(kind, frame, target: "species", kind == .forest ? ["trees": "10"] : [:])
            if let table = model.learnedTable, kind != .naiveBayes {
                XCTAssertEqual(table.rows.first { $0.0 == "flat" }?.1, [0], "\(kind) gives the constant feature no importance")
                // Most important first, every feature once.
                let values = table.rows.map { $0.1[0] }
                XCTAssertEqual(values, values.sorted(by: >), "\(kind)")
                XCTAssertEqual(Set(table.rows.map(\.0)), Set(model.features))
                XCTAssertEqual(table.rows.count, model.features.count)
            }
        }
        // Every feature constant: a tree is one leaf with the class shares.
        let flat = try Frame(name: "flat", columns: [Column(name: "a", type: .float, values: [1, 1, 1, 1]),
                                                    Column(name: "y", strings: ["p", "q", "q", "q"])])
        let tree = try train(.tree, flat, target: "y")
        guard case .tree(let t) = tree.fitted else { return XCTFail() }
        XCTAssertEqual(t.tree.nodeCount, 1)
        XCTAssertEqual(t.outputs(Matrix(rows: 1, columns: 1, storage: [1]))[0], [0.25, 0.75])
        // Naive Bayes cannot smooth a variance when every variance is zero.
        assertError(try train(.naiveBayes, flat, target: "y"), "zero variance")
    }

    /// A target with gaps (numbers with a mask, text with missing cells) is refused with how many and where.
    func testATargetWithGapsIsRefused() throws {
        let a = Column(name: "a", type: .float, values: [1, 2, 3, 4, 5])
        let numbers = try Frame(name: "n", columns: [a, Column(name: "y", type: .integer, values: [0, 1, 0, 0, 1],
                                                             missing: Bitmap([false, false, true, false, true]))])
        let text = try Frame(name: "t", columns: [a, Column(name: "y", strings: ["p", nil, "q", "q", "p"])])
        assertError(try train(.logistic, numbers, target: "y"), "target 'y' has 2 missing values (first in row 3)")
        assertError(try train(.boost, text, target: "y"), "target 'y' has 1 missing value (first in row 2)")
        assertError(try train(.linear, numbers, target: "y"), "target 'y' has 2 missing values (first in row 3)")
    }

    func testNonFiniteValuesAreRefusedBeforeTraining() throws {
        let frame = try Frame(name: "bad", columns: [Column(name: "a", type: .float, values: [1, .nan, 3, 4]),
                                                   Column(name: "y", strings: ["p", "q", "q", "p"])])
        for kind in [ModelKind.knn, .naiveBayes] {
            assertError(try train(kind, frame, target: "y"), "feature 'a' has a non-finite value (nan) in row 2")
        }
        // A missing value (as a CSV's empty cell is).
        let gap = try Frame(name: "gap", columns: [Column(name: "a", type: .float, values: [1, 0, 3, 4], missing: Bitmap([false, true, false, false])),
                                                 Column(name: "y", strings: ["p", "q", "q", "p"])])
        for kind in [ModelKind.knn, .naiveBayes, .logistic] {
            assertError(try train(kind, gap, target: "y"), "feature 'a' has 1 missing value in 4 rows")
            XCTAssertFalse(kind.takesMissingValues)
        }
        // The hint of a supervised kind offers the one that takes missing values.
        XCTAssertThrowsError(try train(.knn, gap, target: "y")) { e in
            XCTAssertTrue((e as? DataError)?.hint?.hasSuffix("; or train boost, forest or tree, which take missing values as they are") == true, "\(e)")
        }
        XCTAssertThrowsError(try train(.kmeans, frame, target: nil))
        XCTAssertThrowsError(try train(.pca, frame, target: nil, ["components": "1"]))
        // Boosting, trees and forests take a missing value as it is (as scikit-learn's take NaN), not an infinity.
        for kind in [ModelKind.boost, .tree, .forest] {
            XCTAssertTrue(kind.takesMissingValues)
            XCTAssertNoThrow(try train(kind, gap, target: "y", kind == .boost ? ["early_stopping": "false"] : [:]), "\(kind)")
            XCTAssertNoThrow(try train(kind, frame, target: "y", kind == .boost ? ["early_stopping": "false"] : [:]), "\(kind)")
        }
        let infinite = try Frame(name: "inf", columns: [Column(name: "a", type: .float, values: [1, .nan, .infinity, 4]),
                                                      Column(name: "y", strings: ["p", "q", "q", "p"])])
        assertError(try train(.boost, infinite, target: "y"), "feature 'a' has a non-finite value (inf) in row 3")
    }

    func testPerfectlySeparableLogisticWithoutPenaltyStopsFinite() throws {
        // x < 0 is always "n", x > 0 always "p": without a penalty the likelihood has no maximum.
        let xs: [Double] = (0..<40).map { Double($0 - 20) + 0.5 }
        let frame = try Frame(name: "sep", columns: [Column(name: "x", type: .float, values: xs),
                                                   Column(name: "y", strings: xs.map { $0 < 0 ? "n" : "p" })])
        let model = try train(.logistic, frame, target: "y", ["penalty": "none", "max_iter": "200"])
        guard case .logistic(let m) = model.fitted else { return XCTFail("not logistic") }
        XCTAssertTrue((m.coefficients.flatMap { $0 } + m.intercepts).allSatisfy(\.isFinite), "no NaN, no infinity")
        guard case .classes(_, let labels, let p) = model.predict(Matrix(rows: 2, columns: 1, storage: [-3, 3])) else { return XCTFail() }
        XCTAssertEqual(labels, [0, 1])
        XCTAssertTrue(p.storage.allSatisfy(\.isFinite))
        XCTAssertNotNil(model.trainingNote)
    }
}
