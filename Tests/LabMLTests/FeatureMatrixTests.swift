import XCTest
import LabData
@testable import LabML

/// The feature matrix copied in pieces of rows on both cores (into 2 MB pages when large) is the
/// row-major copy of the columns, and still finds a bad value in the last piece.
final class FeatureMatrixTests: XCTestCase {
    /// Rows enough for several pieces (Parallel.ranges' minimum is 8,192) and a buffer over 8 MB
    /// (adviseHugePages' threshold): 400,000 rows of 3 columns.
    private let rows = 400_000

    func testFeatureMatrixCopiedInPiecesIsRowMajorAndRefusesANonFiniteValue() throws {
        var rng = SeededGenerator(seed: 3)
        let values = (0..<3).map { _ in (0..<rows).map { _ in rng.unit() } }
        var frame = try Frame(name: "f", columns: values.enumerated().map { Column(name: "x\($0.offset)", type: .float, values: $0.element) })
        // Every row, last first (9.6 MB of matrix).
        let picked = Array((0..<rows).reversed())
        let matrix = try TrainingData.matrix(frame, features: ["x2", "x0", "x1"], rows: picked)
        XCTAssertEqual(matrix.rows, rows)
        XCTAssertEqual(matrix.columns, 3)
        for (i, r) in picked.enumerated() where i % 997 == 0 || i == rows - 1 {
            XCTAssertEqual([matrix[i, 0], matrix[i, 1], matrix[i, 2]], [values[2][r], values[0][r], values[1][r]])
        }
        // An infinity far into the last piece of rows is still found, and named.
        var x0 = values[0]
        x0[picked[picked.count - 2]] = .infinity
        frame = try Frame(name: "f", columns: [Column(name: "x0", type: .float, values: x0), Column(name: "x1", type: .float, values: values[1]),
                                               Column(name: "x2", type: .float, values: values[2])])
        XCTAssertThrowsError(try TrainingData.matrix(frame, features: ["x2", "x0", "x1"], rows: picked)) { error in
            XCTAssertTrue("\(error)".contains("feature 'x0' has a non-finite value (inf) in row \(picked[picked.count - 2] + 1)"), "\(error)")
        }
    }
}
