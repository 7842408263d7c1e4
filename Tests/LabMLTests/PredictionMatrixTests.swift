import XCTest
import LabData
@testable import LabML

/// Predictions come back as one matrix (row r, column k) filled on both cores: the values must be
/// those of the row-by-row formulas, whatever the cut between the cores, and the matrix helpers
/// must read it the way the callers expect.
final class PredictionMatrixTests: XCTestCase {
    private func features(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        return Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in (rng.unit() - 0.5) * 6 })
    }

    func testColumnsRowsAndArgmaxReadTheMatrixRowMajor() {
        let m = Matrix(rows: 4, columns: 3, storage: [0.2, 0.5, 0.3,
                                                      0.4, 0.4, 0.2,   // a tie: the first column wins, as numpy's argmax
                                                      0.1, 0.3, 0.6,
                                                      1.0, 1.0, 1.0])
        XCTAssertEqual(m.column(0), [0.2, 0.4, 0.1, 1.0])
        XCTAssertEqual(m.column(2), [0.3, 0.2, 0.6, 1.0])
        XCTAssertEqual(m.rowArrays, [[0.2, 0.5, 0.3], [0.4, 0.4, 0.2], [0.1, 0.3, 0.6], [1.0, 1.0, 1.0]])
        XCTAssertEqual(m.argmaxPerRow(), [1, 0, 2, 0])
        XCTAssertEqual(Matrix(rows: 0, columns: 2).argmaxPerRow(), [])
        XCTAssertEqual(Matrix(rows: 2, columns: 1, storage: [7, -1]).argmaxPerRow(), [0, 0])
    }

    func testRowsFilledInPiecesCoverEveryRowOnce() {
        let rows = 50_001  // several pieces of at least 8,192 rows, the last one uneven
        let m = Matrix.filledByRows(rows, columns: 2) { range, out in
            for r in range {
                out[2 * r] = Double(r)
                out[2 * r + 1] = Double(range.lowerBound)
            }
        }
        XCTAssertEqual(m.column(0), (0..<rows).map(Double.init))
        let starts = Set(m.column(1))
        XCTAssertGreaterThan(starts.count, 1, "the rows were cut into pieces")
        XCTAssertEqual(Matrix.filledByRows(0, columns: 3) { _, _ in XCTFail("no rows, no call") }.storage, [])
    }

    func testLogisticProbabilitiesAreTheRowFormulasBitForBit() {
        let x = features(rows: 20_000, columns: 5, seed: 7)
        let binary = LogisticModel(classes: ["no", "yes"], coefficients: [[0.5, -1.25, 2, 0, 0.75]], intercepts: [-0.3],
                                   iterations: 1, converged: true, lossHistory: [])
        let p = binary.probabilityMatrix(x)
        XCTAssertEqual(p.columns, 2)
        for r in stride(from: 0, to: x.rows, by: 997) {
            var z = -0.3
            for (j, w) in [0.5, -1.25, 2, 0, 0.75].enumerated() { z += w * x[r, j] }
            let positive = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
            XCTAssertEqual(p[r, 1], positive)
            XCTAssertEqual(p[r, 0], 1 - positive)
        }
        let weights: [[Double]] = [[1, 0, 0, 0, -1], [0, 2, 0, 0, 0], [0, 0, -3, 1, 0]]
        let multi = LogisticModel(classes: ["a", "b", "c"], coefficients: weights, intercepts: [0.1, -0.2, 0.3],
                                  iterations: 1, converged: true, lossHistory: [])
        let q = multi.probabilityMatrix(x)
        XCTAssertEqual(q.columns, 3)
        for r in stride(from: 0, to: x.rows, by: 991) {
            let z = (0..<3).map { k in (0..<5).reduce([0.1, -0.2, 0.3][k]) { $0 + weights[k][$1] * x[r, $1] } }
            let top = z.max()!, e = z.map { exp($0 - top) }, sum = e.reduce(0, +)
            XCTAssertEqual(Array(q.row(r)), e.map { $0 / sum }, "row \(r)")
        }
        XCTAssertEqual(multi.probabilities(x), q.rowArrays)
    }

    func testNaiveBayesProbabilitiesNormaliseTheJointLogLikelihoods() throws {
        let x = features(rows: 18_000, columns: 4, seed: 11)
        let y = (0..<x.rows).map { r in x[r, 0] + x[r, 1] > 0.5 ? 2 : (x[r, 2] > 0 ? 1 : 0) }
        let model = try GaussianNaiveBayes.fit(x, classes: ["a", "b", "c"], y: y, varSmoothing: 1e-9)
        let p = model.probabilityMatrix(x), jll = model.jointLogLikelihood(x)
        for r in stride(from: 0, to: x.rows, by: 613) {
            let top = jll[r].max()!
            let lse = top + log(jll[r].reduce(0) { $0 + exp($1 - top) })
            XCTAssertEqual(Array(p.row(r)), jll[r].map { exp($0 - lse) }, "row \(r)")
        }
    }

    func testBoostedProbabilitiesAreTheSigmoidOfTheRawScores() throws {
        let x = features(rows: 12_000, columns: 3, seed: 5)
        let y = (0..<x.rows).map { r in x[r, 0] * x[r, 1] > 0 ? 1 : 0 }
        var options = BoostOptions()
        options.rounds = 5
        options.earlyStopping = false
        let model = try GradientBoosting.fit(x, .classes(labels: ["0", "1"], y: y), options: options, seed: 3)
        let raw = model.rawMatrix(x), p = model.outputMatrix(x)
        XCTAssertEqual(raw.columns, 1)
        for r in stride(from: 0, to: x.rows, by: 401) {
            let positive = LogisticModel.sigmoid(raw[r, 0])
            XCTAssertEqual(Array(p.row(r)), [1 - positive, positive], "row \(r)")
        }
        guard case .classes(_, let labels, let probabilities) = TrainedModel.outputs(model.classes, p) else { return XCTFail() }
        XCTAssertEqual(labels, probabilities.rowArrays.map { $0[1] > $0[0] ? 1 : 0 })
    }
}
