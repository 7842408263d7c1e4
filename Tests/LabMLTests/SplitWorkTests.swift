import XCTest
import LabData
@testable import LabML

/// Work split over the cores gives the bits one thread gives: lasso's coordinate descent over two
/// halves of the rows, and the feature matrix copied in pieces of rows.
final class SplitWorkTests: XCTestCase {
    /// Rows enough for both halves to run on their own threads (RowHalves.minimumRows).
    private let rows = 40_000

    private func regression(seed: UInt64, features: Int) -> (Matrix, [Double]) {
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: rows, columns: features)
        var y = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            for j in 0..<features { x[r, j] = rng.unit() * Double(j + 1) - 0.5 }
            // Two features carry the signal; the rest are noise that the L1 penalty should zero.
            y[r] = 3 * x[r, 0] - 2 * x[r, 1] + 0.1 * (rng.unit() - 0.5)
        }
        return (x, y)
    }

    func testLassoOnTwoThreadsEqualsOneThreadToTheBit() throws {
        let (x, y) = regression(seed: 7, features: 6)
        XCTAssertGreaterThanOrEqual(rows, RowHalves.minimumRows)
        for alpha in [0.001, 0.05] {
            let split = try LinearModel.lasso(source: x, y, alpha: alpha, maxIterations: 1000, tolerance: 1e-6)
            let alone = try LinearModel.lasso(source: x, y, alpha: alpha, maxIterations: 1000, tolerance: 1e-6, alone: true)
            XCTAssertEqual(split, alone, "alpha \(alpha)")
            XCTAssertGreaterThan(split.iterations ?? 0, 1)
            // The signal is found, shrunk by alpha over the feature's variance (1/12 for x0);
            // under the larger penalty the noise features are zero.
            XCTAssertEqual(split.coefficients[0], 3 - alpha * 12, accuracy: 0.05)
            if alpha == 0.05 { XCTAssertEqual(Array(split.coefficients[2...]), [0, 0, 0, 0]) }
        }
        // A penalty above every feature's correlation with y zeroes all of them in one pass.
        let flat = try LinearModel.lasso(source: x, y, alpha: 100, maxIterations: 1000, tolerance: 1e-6)
        XCTAssertEqual(flat.coefficients, [Double](repeating: 0, count: 6))
        XCTAssertEqual(flat.intercept, Summation.mean(y), accuracy: 1e-12)
    }

    func testLassoInsideAParallelLoopRunsAloneWithTheSameResult() throws {
        let (x, y) = regression(seed: 8, features: 4)
        let expected = try LinearModel.lasso(source: x, y, alpha: 0.01, maxIterations: 1000, tolerance: 1e-6, alone: true)
        var results = [LinearModel?](repeating: nil, count: 2)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = SharedBuffer(base: buffer.baseAddress!)
            Parallel.forEach(2) { i in
                XCTAssertTrue(Parallel.isInside)
                out[i] = try? LinearModel.lasso(source: x, y, alpha: 0.01, maxIterations: 1000, tolerance: 1e-6)
            }
        }
        XCTAssertEqual(results, [expected, expected])
    }

    func testFeatureMatrixCopiedInPiecesIsRowMajorAndRefusesANonFiniteValue() throws {
        var rng = SeededGenerator(seed: 3)
        let values = (0..<3).map { _ in (0..<rows).map { _ in rng.unit() } }
        var frame = try Frame(name: "f", columns: values.enumerated().map { Column(name: "x\($0.offset)", type: .float, values: $0.element) })
        let picked = stride(from: 1, to: rows, by: 3).map { $0 }
        let matrix = try TrainingData.matrix(frame, features: ["x2", "x0"], rows: picked)
        XCTAssertEqual(matrix.rows, picked.count)
        XCTAssertEqual(matrix.columns, 2)
        for (i, r) in picked.enumerated() where i % 997 == 0 || i == picked.count - 1 {
            XCTAssertEqual(matrix[i, 0], values[2][r])
            XCTAssertEqual(matrix[i, 1], values[0][r])
        }
        // An infinity far into the last piece of rows is still found, and named.
        var x0 = values[0]
        x0[picked[picked.count - 2]] = .infinity
        frame = try Frame(name: "f", columns: [Column(name: "x0", type: .float, values: x0), Column(name: "x2", type: .float, values: values[2])])
        XCTAssertThrowsError(try TrainingData.matrix(frame, features: ["x2", "x0"], rows: picked)) { error in
            XCTAssertTrue("\(error)".contains("feature 'x0' has a non-finite value (inf) in row \(picked[picked.count - 2] + 1)"), "\(error)")
        }
    }
}
