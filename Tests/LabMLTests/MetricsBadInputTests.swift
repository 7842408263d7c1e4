import Foundation
import XCTest
import LabData
@testable import LabML

/// Input scikit-learn refuses is refused here too, with its message (or a clearer one) and
/// a hint; input it only warns about gives the value and the warning.
final class MetricsBadInputTests: XCTestCase {
    private func error(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> DataError? {
        do {
            try body()
            XCTFail("accepted", file: file, line: line)
            return nil
        } catch let e as DataError {
            XCTAssertNotNil(e.hint, "every refusal says what to do", file: file, line: line)
            return e
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    private func message(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String? {
        error(body, file: file, line: line)?.message
    }

    func testAUCOfASingleClassIsRefused() {
        let e = error { _ = try Metrics.rocAUC([1, 1, 1], [0.1, 0.2, 0.3]) }
        XCTAssertEqual(e?.message, "Only one class present in y_true. ROC AUC score is not defined in that case.")
        XCTAssertEqual(e?.hint, "every sample is positive: ROC AUC needs both positives and negatives, e.g. a stratified split (split stratify=TARGET)")
        XCTAssertEqual(message { _ = try Metrics.rocAUC(["no", "no"], [0.1, 0.2]) },
                       "Only one class present in y_true. ROC AUC score is not defined in that case.")
        // A named positive class that never occurs leaves only negatives.
        XCTAssertEqual(message { _ = try Metrics.rocAUC([0, 1, 0], [0.1, 0.2, 0.3], positive: 5) },
                       "Only one class present in y_true. ROC AUC score is not defined in that case.")
    }

    func testTheCurveOfASingleClassIsNaNWithAWarning() throws {
        let curve = try Metrics.rocCurve([1, 1, 1], [0.1, 0.2, 0.3])
        XCTAssertTrue(curve.falsePositiveRate.allSatisfy(\.isNaN))
        XCTAssertEqual(curve.truePositiveRate, [0, 1.0 / 3, 1])
        XCTAssertEqual(curve.warnings.map(\.kind), [.noNegativeSamples])
    }

    func testMismatchedLengthsAndEmptyInput() {
        XCTAssertEqual(message { _ = try Metrics.accuracy([0, 1, 0], [0, 1]) }, "inconsistent numbers of samples: y_true has 3, y_pred has 2")
        XCTAssertEqual(message { _ = try Metrics.rocAUC([0, 1, 0], [0.1, 0.2]) }, "inconsistent numbers of samples: y_true has 3, y_score has 2")
        XCTAssertEqual(message { _ = try Metrics.meanSquaredError([1, 2], [1]) }, "inconsistent numbers of samples: y_true has 2, y_pred has 1")
        XCTAssertEqual(message { _ = try Metrics.logLoss([0, 1], probabilities: [[0.5, 0.5]]) }, "inconsistent numbers of samples: y_true has 2, y_prob has 1")
        XCTAssertEqual(message { _ = try Metrics.accuracy([Int](), []) }, "y_true and y_pred are empty; a metric needs at least one sample")
        XCTAssertEqual(message { _ = try Metrics.rocCurve([Int](), []) }, "y_true and y_score are empty; a metric needs at least one sample")
        XCTAssertEqual(message { _ = try Metrics.r2([], []) }, "y_true and y_pred are empty; a metric needs at least one sample")
    }

    func testNaNAndInfinityInScoresAreRefused() {
        XCTAssertEqual(message { _ = try Metrics.rocAUC([0, 1, 0], [0.1, .nan, 0.3]) }, "y_score contains NaN (row 1)")
        XCTAssertEqual(message { _ = try Metrics.rocCurve([0, 1, 0], [0.1, 0.2, .infinity]) }, "y_score contains infinity (row 2)")
        // NaN is named before an earlier infinity, as scikit-learn checks NaN first.
        XCTAssertEqual(message { _ = try Metrics.averagePrecision([0, 1, 0], [-.infinity, 0.2, .nan]) }, "y_score contains NaN (row 2)")
        XCTAssertEqual(message { _ = try Metrics.rocAUC([0, 1, 2], probabilities: [[0.2, 0.3, 0.5], [0.1, .nan, 0.9], [1, 0, 0]]) },
                       "y_score contains NaN (row 1, column 1)")
        XCTAssertEqual(message { _ = try Metrics.meanAbsoluteError([1, .nan], [1, 2]) }, "y_true contains NaN (row 1)")
        XCTAssertEqual(message { _ = try Metrics.brierScore([0, 1], probabilities: [0.2, .nan]) }, "y_prob contains NaN (row 1)")
        XCTAssertEqual(message { _ = try Metrics.logLoss([0, 1], probabilities: Matrix(rows: 2, columns: 2, storage: [0.5, 0.5, .infinity, 0])) },
                       "y_prob contains infinity (row 1, column 0)")
        XCTAssertEqual(message { _ = try Metrics.logLoss([0, 1, 1], probabilities: Matrix(rows: 2, columns: 2, storage: [0.5, 0.5, 0.2, 0.8])) },
                       "inconsistent numbers of samples: y_true has 3, y_prob has 2")
        XCTAssertEqual(message { _ = try Metrics.silhouetteScore([[0], [.nan], [2], [3]], labels: [0, 0, 1, 1]) }, "X contains NaN (row 1, column 0)")
    }

    func testMulticlassAUCNeedsProbabilities() {
        let y = [0, 1, 2]
        XCTAssertEqual(message { _ = try Metrics.rocAUC(y, probabilities: [[0.5, 0.5, 0.5], [0.2, 0.3, 0.5], [1, 0, 0]]) },
                       "Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes (row 0 sums to 1.5)")
        XCTAssertEqual(message { _ = try Metrics.rocAUC(y, probabilities: [[0.5, 0.5, 0, 0], [0.2, 0.3, 0.5, 0], [1, 0, 0, 0]]) },
                       "Number of classes in y_true not equal to the number of columns in 'y_score' (3 vs 4)")
        XCTAssertEqual(message { _ = try Metrics.rocAUC([0, 1, 1], probabilities: [[0.5, 0.5], [0.2, 0.8], [1, 0]]) },
                       "y_score has 2 columns; for binary y_true scikit-learn takes one column of scores")
        let p: [[Double]] = [[0.2, 0.3, 0.5], [0.1, 0.8, 0.1], [0.6, 0.2, 0.2]]
        XCTAssertEqual(message { _ = try Metrics.rocAUC(y, probabilities: p, labels: [2, 1, 0]) }, "Parameter 'labels' must be ordered")
        XCTAssertEqual(message { _ = try Metrics.rocAUC(y, probabilities: p, labels: [0, 0, 1]) }, "Parameter 'labels' must be unique")
        XCTAssertEqual(message { _ = try Metrics.rocAUC(y, probabilities: p, labels: [0, 1, 3]) }, "'y_true' contains labels not in parameter 'labels'")
        XCTAssertEqual(message { _ = try Metrics.rocAUC([0, 1, 2], [0.1, 0.5, 0.9]) },
                       "y_true holds 3 classes; a single column of scores can only rank two")
        // With a listed class missing from y_true the macro average is undefined; weighted gives it weight 0.
        let y2 = [0, 1, 1, 0]
        let p4: [[Double]] = [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.5, 0.1, 0.4]]
        XCTAssertEqual(message { _ = try Metrics.rocAUC(y2, probabilities: p4, labels: [0, 1, 2]) },
                       "ROC AUC is not defined for class 2: no sample of y_true belongs to it")
        XCTAssertNoThrow(try Metrics.rocAUC(y2, probabilities: p4, average: .weighted, labels: [0, 1, 2]))
    }

    func testPositiveLabelMustBeALabel() {
        XCTAssertEqual(message { _ = try Metrics.precision([0, 1], [1, 1], positive: 2) },
                       "pos_label=2 is not a valid label. It should be one of [0, 1]")
        XCTAssertEqual(message { _ = try Metrics.f1(["a", "b"], ["a", "b"]) },
                       "pos_label=1 is not a valid label. It should be one of ['a', 'b']")
        XCTAssertEqual(message { _ = try Metrics.averagePrecision([2, 3], [0.1, 0.2]) },
                       "pos_label=1 is not a valid label. It should be one of [2, 3]")
        XCTAssertEqual(message { _ = try Metrics.averagePrecision(["a", "b"], [0.1, 0.2], positive: "c") },
                       "pos_label='c' is not a valid label. It should be one of ['a', 'b']")
        XCTAssertEqual(message { _ = try Metrics.rocCurve(["a", "b"], [0.1, 0.2]) },
                       "y_true takes value in {'a', 'b'} and pos_label is not specified: either make y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.")
        XCTAssertEqual(message { _ = try Metrics.precisionRecallCurve([2, 3], [0.1, 0.2]) },
                       "y_true takes value in {2, 3} and pos_label is not specified: either make y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.")
        XCTAssertEqual(message { _ = try Metrics.brierScore(["a", "b"], probabilities: [0.1, 0.2]) },
                       "y_true takes value in {'a', 'b'} and pos_label is not specified: either make y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.")
    }

    func testBinaryAverageNeedsTwoClasses() {
        XCTAssertEqual(message { _ = try Metrics.precision([0, 1, 2], [0, 1, 2]) },
                       "Target is multiclass but average='binary': y_true and y_pred hold 3 labels [0, 1, 2]")
        XCTAssertNoThrow(try Metrics.precision([0, 1, 2], [0, 1, 2], average: .macro))
        XCTAssertEqual(message { _ = try Metrics.fBeta([0, 1], [0, 1], beta: -1) }, "beta must be 0 or more, got -1.0")
    }

    func testScoresPassedAsLabelsAreRefused() {
        XCTAssertEqual(message { _ = try Metrics.accuracy([0.5, 1], [0, 1]) }, "y_true holds continuous values (0.5 at row 0), not class labels")
        XCTAssertEqual(message { _ = try Metrics.confusionMatrix([0, 1], [0.0, .nan]) }, "y_pred contains NaN (row 1)")
        XCTAssertEqual(message { _ = try Metrics.f1([1, 0], [.infinity, 0]) }, "y_pred holds continuous values (inf at row 0), not class labels")
    }

    func testConfusionMatrixLabels() throws {
        XCTAssertEqual(message { _ = try Metrics.confusionMatrix([0, 1], [0, 1], labels: [5]) },
                       "At least one label specified must be in y_true: none of [5] is")
        XCTAssertEqual(message { _ = try Metrics.confusionMatrix([0, 1], [0, 1], labels: []) }, "'labels' should contain at least one label.")
        let single = try Metrics.confusionMatrix(["a", "a"], ["a", "a"])
        XCTAssertEqual(single.rows, [[2]])
        XCTAssertEqual(single.warnings.map(\.kind), [.singleLabel])
    }

    func testProbabilityChecks() {
        XCTAssertEqual(message { _ = try Metrics.logLoss([1, 1], probabilities: [0.5, 0.5]) },
                       "y_true contains only one label (1). Please provide the list of all expected class labels explicitly through the labels argument.")
        XCTAssertEqual(message { _ = try Metrics.logLoss([0, 1], probabilities: [1.5, 0.5]) }, "y_prob contains values greater than 1: 1.5")
        XCTAssertEqual(message { _ = try Metrics.logLoss([0, 1], probabilities: [[-0.5, 1.5], [0.5, 0.5]]) }, "y_prob contains values greater than 1: 1.5")
        XCTAssertEqual(message { _ = try Metrics.logLoss([0, 1], probabilities: [-0.5, 0.5]) }, "y_prob contains values lower than 0: -0.5")
        XCTAssertEqual(message { _ = try Metrics.logLoss([0, 1, 2], probabilities: [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]) },
                       "y_true and y_prob contain different number of classes: 3 vs 2. Please provide the true labels explicitly through the labels argument. Classes found in y_true: [0, 1, 2]")
        XCTAssertEqual(message { _ = try Metrics.logLoss([0, 1, 5], probabilities: [[0.5, 0.5, 0], [0.5, 0.5, 0], [0.5, 0.5, 0]], labels: [0, 1, 2]) },
                       "y_true contains values [5] not belonging to the passed labels [0, 1, 2]")
        XCTAssertEqual(message { _ = try Metrics.logLoss([0, 1], probabilities: [[0.5, 0.5], [0.5]]) },
                       "y_prob rows have different lengths (row 0 has 2, row 1 has 1)")
        XCTAssertEqual(message { _ = try Metrics.brierScore([0, 1, 2], probabilities: [0.2, 0.3, 0.4]) },
                       "The type of the target inferred from y_true is multiclass but should be binary according to the shape of y_prob.")
        XCTAssertEqual(message { _ = try Metrics.brierScore([0, 1], probabilities: [1.2, 0.3]) }, "y_prob contains values greater than 1: 1.2")
    }

    func testProbabilityWarnings() throws {
        let loss = try Metrics.logLoss([0, 1, 2], probabilities: [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]])
        XCTAssertEqual(loss.value, log(2), accuracy: 1e-15)
        XCTAssertEqual(loss.warnings.map(\.message), ["The y_prob values do not sum to one. Make sure to pass probabilities."])
        let unsorted = try Metrics.logLoss([0, 1], probabilities: [[0.3, 0.7], [0.4, 0.6]], labels: [1, 0])
        XCTAssertEqual(unsorted.warnings.map(\.kind), [.labelsNotSorted])
        // Certain and wrong: clipped to ε, not infinite.
        XCTAssertEqual(try Metrics.logLoss([0, 1], probabilities: [1.0, 0.0]).value, 36.04365338911715, accuracy: 1e-12)
    }

    func testRegressionConventions() throws {
        let one = try Metrics.r2([1], [2])
        XCTAssertTrue(one.value.isNaN)
        XCTAssertEqual(one.warnings.map(\.message), ["R^2 score is not well-defined with less than two samples."])
        XCTAssertEqual(try Metrics.r2([1, 1], [1, 1]).value, 1)
        XCTAssertEqual(try Metrics.r2([1, 1], [1, 2]).value, 0)
        XCTAssertEqual(try Metrics.meanAbsolutePercentageError([0, 1], [1, 2]), 2251799813685248.5)
        XCTAssertEqual(message { _ = try Metrics.meanSquaredError([.infinity, 1], [1, 2]) }, "y_true contains infinity (row 0)")
    }

    func testClusteringChecks() {
        XCTAssertEqual(message { _ = try Metrics.silhouetteScore([[0], [1], [2]], labels: [0, 0, 0]) },
                       "Number of labels is 1. Valid values are 2 to n_samples - 1 (inclusive)")
        XCTAssertEqual(message { _ = try Metrics.silhouetteScore([[0], [1], [2]], labels: ["a", "b", "c"]) },
                       "Number of labels is 3. Valid values are 2 to n_samples - 1 (inclusive)")
        XCTAssertEqual(message { _ = try Metrics.silhouetteScore([[0], [1], [2], [3]], labels: [0, 1]) },
                       "inconsistent numbers of samples: X has 4, labels has 2")
        XCTAssertEqual(message { _ = try Metrics.inertia([[0, 0], [1, 1]], assignments: [0, 2], centres: [[0, 0], [1, 1]]) },
                       "assignment 2 at row 1 is not a centre (there are 2)")
        XCTAssertEqual(message { _ = try Metrics.inertia([[0, 0], [1, 1]], assignments: [0, 1], centres: [[0], [1]]) },
                       "centres have 1 features but X has 2")
    }

    func testAnInterruptedSilhouetteStopsWithCancelledError() {
        Cancellation.request()
        defer { Cancellation.reset() }
        XCTAssertThrowsError(try Metrics.silhouetteScore([[0], [1], [5], [6]], labels: [0, 0, 1, 1])) {
            XCTAssertTrue($0 is CancelledError)
        }
    }

    func testPositiveLabelOutsideBinaryAverageIsIgnoredWithAWarning() throws {
        let s = try Metrics.precisionRecallFScore([0, 1, 2], [0, 2, 2], average: .macro, positive: 2)
        XCTAssertEqual(s.warnings.first?.kind, .positiveLabelIgnored)
        XCTAssertEqual(s.warnings.first?.message,
                       "Note that pos_label (set to 2) is ignored when average != 'binary' (got 'macro'). You may use labels=[pos_label] to specify a single positive class.")
    }
}
