import Foundation
import XCTest
import LabData
@testable import LabML

/// Linear, ridge, lasso and logistic regression against scikit-learn's fits
/// (Tests/fixtures/make_model_fixtures.py).
final class LinearModelParityTests: XCTestCase {
    private func fixture() -> [String: Any] {
        let path = PrepParityTests.root + "/Tests/LabMLTests/Fixtures/linear_models.json"
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    private func data(_ f: [String: Any], _ name: String) -> (Matrix, [Any]) {
        if name == "formula" { return formulaData() }
        if name == "formula_dependent" {
            // The formula's columns and x0 - 2·x3: a dependent column, over the blocked solve's rows.
            let (x, y) = formulaData()
            var wider = Matrix(rows: x.rows, columns: x.columns + 1)
            for r in 0..<x.rows {
                for c in 0..<x.columns { wider[r, c] = x[r, c] }
                wider[r, x.columns] = x[r, 0] - 2.0 * x[r, 3]
            }
            return (wider, y)
        }
        let d = (f["data"] as! [String: Any])[name] as! [String: Any]
        let rows = d["x"] as! [[Double]]
        return (Matrix(rows: rows.count, columns: rows[0].count, storage: rows.flatMap { $0 }), d["y"] as! [Any])
    }

    /// make_model_fixtures.py's formula_data: 12,000 rows, enough for the two-core paths of the solvers.
    private func formulaData() -> (Matrix, [Any]) {
        let rows = 12_000, columns = 5, beta = [1.5, -2.0, 0.5, 3.0, -1.0]
        var x = Matrix(rows: rows, columns: columns)
        var y: [Double] = []
        for i in 0..<rows {
            var s = 0.0
            for j in 0..<columns {
                x[i, j] = sin(0.37 * Double(i + 1) * Double(j + 1)) + 0.1 * Double(j)
                s += x[i, j] * beta[j]
            }
            y.append(s + 0.3 * cos(1.3 * Double(i)) + 7)
        }
        return (x, y)
    }

    private func assertClose(_ a: [Double], _ b: [Double], relative: Double, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, label, file: file, line: line)
        let scale = b.map(abs).max() ?? 1
        for (x, y) in zip(a, b) {
            XCTAssertEqual(x, y, accuracy: relative * max(abs(y), scale * 1e-3), label, file: file, line: line)
        }
    }

    func testLinearRidgeAndLassoMatchScikitLearn() throws {
        let f = fixture()
        for c in f["regression"] as! [[String: Any]] {
            let (x, yAny) = data(f, c["dataset"] as! String)
            let y = yAny as! [Double]
            let kind = c["kind"] as! String
            let label = "\(c["dataset"]!) \(kind) \(c["alpha"] ?? "")"
            let model: LinearModel
            switch kind {
            case "linear": model = try LinearModel.ordinaryLeastSquares(x, y)
            case "ridge": model = try LinearModel.ridge(x, y, alpha: c["alpha"] as! Double)
            default: model = try LinearModel.lasso(x, y, alpha: c["alpha"] as! Double, maxIterations: 100_000, tolerance: 1e-10)
            }
            // Exact solves agree to 1e-8; lasso to its coordinate-descent tolerance.
            let tolerance = kind == "lasso" ? 1e-6 : 1e-8
            assertClose(model.coefficients, c["coef"] as! [Double], relative: tolerance, label)
            XCTAssertEqual(model.intercept, c["intercept"] as! Double, accuracy: tolerance * abs(c["intercept"] as! Double), label)
            // Without a unique answer (scikit-learn's rank below the columns), the dependent features are named.
            if let rank = c["rank"] as? Int {
                XCTAssertEqual(model.dependentFeatures != nil, rank < x.columns, label)
            } else {
                XCTAssertNil(model.dependentFeatures, label)
            }
        }
    }

    func testLeastSquaresNamesTheFeaturesOfADependency() throws {
        let f = fixture()
        let expected = ["auto_mpg_onehot": [6, 7, 8], "formula_dependent": [0, 3, 5], "diabetes_6_rows": Array(0..<10)]
        for (name, dependent) in expected {
            let (x, y) = data(f, name)
            XCTAssertEqual(try LinearModel.ordinaryLeastSquares(x, y as! [Double]).dependentFeatures, dependent, name)
        }
        // One row: nothing to fit but the mean.
        let one = try LinearModel.ordinaryLeastSquares(Matrix(rows: 1, columns: 2, storage: [3, 4]), [5])
        XCTAssertEqual(one.coefficients, [0, 0])
        XCTAssertEqual(one.intercept, 5)
    }

    func testMinimumNormSolveOfAKnownSystem() {
        // Columns (1, 1, 0), (1, 1, 0), (0, 0, 1) and b = (2, 4, 5): the first two are equal, so
        // w1 + w2 = 3 (the mean of 2 and 4) and w3 = 5; the least-norm answer splits 3 evenly.
        let s = LinearSolve.minimumNorm(columns: [1, 1, 0, 1, 1, 0, 0, 0, 1], rows: 3, [2, 4, 5])
        XCTAssertEqual(s.rank, 2)
        XCTAssertEqual(s.dependent, [0, 1])
        for (value, expected) in zip(s.solution, [1.5, 1.5, 5.0]) { XCTAssertEqual(value, expected, accuracy: 1e-14) }
    }

    func testLogisticRegressionReachesScikitLearnsOptimum() throws {
        let f = fixture()
        for c in f["logistic"] as! [[String: Any]] {
            let (x, yAny) = data(f, c["dataset"] as! String)
            let labels = yAny as! [String]
            let classes = c["classes"] as! [String]
            let y = labels.map { classes.firstIndex(of: $0)! }
            let label = "\(c["dataset"]!) C=\(c["C"]!)"
            let model = try LogisticModel.fit(x, classes: classes, y: y, c: c["C"] as! Double, penalized: true, maxIterations: 10_000,
                                              tolerance: 1e-10)  // the fixtures' fits ran to tol=1e-10
            XCTAssertTrue(model.converged, label)
            // Agreement to 1e-4 relative to the size of the coefficient vector: tiny coefficients of an
            // ill-conditioned fit (C=10) move by more than 1e-4 of themselves between two exact optimizers.
            let expected = c["coef"] as! [[Double]]
            XCTAssertEqual(model.coefficients.count, expected.count, label)
            let norm = expected.joined().map(abs).max()!
            for (a, b) in zip(model.coefficients.joined(), expected.joined()) { XCTAssertEqual(a, b, accuracy: 1e-4 * norm, label) }
            assertClose(model.intercepts, c["intercept"] as! [Double], relative: 1e-4, label)
            let first = Matrix(rows: 5, columns: x.columns, storage: Array(x.storage.prefix(5 * x.columns)))
            for (p, e) in zip(model.probabilities(first), c["proba_first_rows"] as! [[Double]]) { assertClose(p, e, relative: 1e-4, label) }
        }
    }

    func testSeparableDataWithoutPenaltyStopsWithoutNaN() throws {
        let x = Matrix(rows: 6, columns: 1, storage: [-3, -2, -1, 1, 2, 3])
        let model = try LogisticModel.fit(x, classes: ["a", "b"], y: [0, 0, 0, 1, 1, 1], c: 1, penalized: false, maxIterations: 100)
        XCTAssertTrue(model.coefficients[0].allSatisfy(\.isFinite))
        XCTAssertGreaterThan(model.coefficients[0][0], 5)
        XCTAssertTrue(model.probabilities(x).joined().allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
    }

    /// Blocks of rows where a feature is all zeros (a rare category's indicator) reduce to
    /// triangles with zeros on the diagonal; the stacked solve still gives the whole QR's answer.
    func testLeastSquaresInBlocksIsTheWholeQRAnswer() throws {
        let rows = 9_000, columns = 4
        var x = Matrix(rows: rows, columns: columns)
        var y: [Double] = []
        for i in 0..<rows {
            for j in 0..<3 { x[i, j] = sin(0.11 * Double(i + 1) * Double(j + 2)) * Double(j + 1) }
            x[i, 3] = i >= rows - 100 ? 1 : 0
            y.append(2 * x[i, 0] - x[i, 1] + 0.5 * x[i, 2] + 4 * x[i, 3] + 0.01 * cos(Double(i)))
        }
        XCTAssertGreaterThan(rows / LinearSolve.qrBlockRows, 2)
        let means = x.columnMeans(), yMean = Summation.mean(y)
        let blocked = try XCTUnwrap(try LinearSolve.leastSquares(x, means: means, y: y, yMean: yMean))
        let whole = try XCTUnwrap(LinearSolve.leastSquares(columns: x.centredColumns(means), rows: rows, y.map { $0 - yMean }))
        assertClose(blocked, whole, relative: 1e-10, "blocked vs whole")
        XCTAssertEqual(blocked[3], 4, accuracy: 1e-3)
    }

    func testValuesTooLargeToSquareAreNamedAsSuch() {
        let x = Matrix(rows: 4, columns: 2, storage: [1, 2, 1e200, 1, 3, 5, 4, 1])
        for fit in [{ try LinearModel.ordinaryLeastSquares(x, [3, 4, 1, 2]) }, { try LinearModel.ridge(x, [3, 4, 1, 2], alpha: 1) }] {
            XCTAssertThrowsError(try fit()) { e in XCTAssertTrue(e is NonFiniteGram, "\(e)") }
        }
    }

    func testCollinearFeaturesAcrossBlocksFitAsTheIndependentOnesDo() throws {
        var x = Matrix(rows: 10_000, columns: 3), two = Matrix(rows: 10_000, columns: 2)
        for i in 0..<x.rows {
            x[i, 0] = Double(i % 7); x[i, 1] = cos(Double(i)); x[i, 2] = 3 * x[i, 0] - x[i, 1]
            two[i, 0] = x[i, 0]; two[i, 1] = x[i, 1]
        }
        let y = (0..<x.rows).map { Double($0 % 5) }
        let model = try LinearModel.ordinaryLeastSquares(x, y), reference = try LinearModel.ordinaryLeastSquares(two, y)
        XCTAssertEqual(model.dependentFeatures, [0, 1, 2])
        XCTAssertNil(reference.dependentFeatures)
        // Every least-squares answer gives the same fitted values: those of the two independent columns.
        for (a, b) in zip(model.predict(x), reference.predict(two)) { XCTAssertEqual(a, b, accuracy: 1e-9) }
        // The least-norm one has no part along the dependency (3, -1, -1).
        let w = model.coefficients
        XCTAssertEqual(3 * w[0] - w[1] - w[2], 0, accuracy: 1e-9)
    }

    /// The descent on XᵀX takes the steps the descent on the columns takes.
    func testLassoOnGramTakesTheColumnDescentSteps() throws {
        let (x, yAny) = formulaData()
        let y = yAny as! [Double]
        for alpha in [0.01, 0.3] {
            let gram = try LinearModel.lassoOnGram(source: x, y, alpha: alpha, maxIterations: 10_000, tolerance: 1e-10)
            let columns = try LinearModel.lassoOnColumns(source: x, y, alpha: alpha, maxIterations: 10_000, tolerance: 1e-10)
            assertClose(gram.coefficients, columns.coefficients, relative: 1e-9, "alpha \(alpha)")
            XCTAssertEqual(gram.intercept, columns.intercept, accuracy: 1e-9)
            XCTAssertEqual(gram.iterations, columns.iterations, "alpha \(alpha)")
        }
    }

    func testCollinearFeaturesGetTheLeastNormAnswer() throws {
        // x2 = 2·x1 and y = x1: every w with w1 + 2·w2 = 1 fits exactly; the least-norm one is (0.2, 0.4).
        let x = Matrix(rows: 4, columns: 2, storage: [1, 2, 2, 4, 3, 6, 4, 8])
        let model = try LinearModel.ordinaryLeastSquares(x, [1, 2, 3, 4])
        XCTAssertEqual(model.coefficients[0], 0.2, accuracy: 1e-14)
        XCTAssertEqual(model.coefficients[1], 0.4, accuracy: 1e-14)
        XCTAssertEqual(model.intercept, 0, accuracy: 1e-13)
        XCTAssertEqual(model.dependentFeatures, [0, 1])
        XCTAssertNoThrow(try LinearModel.ridge(x, [1, 2, 3, 4], alpha: 1))
    }
}
