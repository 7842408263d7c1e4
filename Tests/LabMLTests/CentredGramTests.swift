import XCTest
import LabData
@testable import LabML

/// The one-pass XᵀX of centred data against the two-pass definition (means first, then the
/// products of the centred values), on data whose first rows are far from the mean.
final class CentredGramTests: XCTestCase {
    /// Columns with a trend (the first block's mean far from the whole mean), a large offset, and noise.
    private func data(rows: Int, columns: Int) -> (Matrix, [Double]) {
        var x = Matrix(rows: rows, columns: columns)
        var y: [Double] = []
        for i in 0..<rows {
            for j in 0..<columns {
                x[i, j] = Double(j) * 1e4 + Double(i) * 0.01 * Double(j + 1) + sin(Double(i * (j + 3)))
            }
            y.append(5e3 + 0.2 * Double(i) + cos(Double(i)))
        }
        return (x, y)
    }

    private func definition(_ x: Matrix, _ y: [Double]) -> (gram: [Double], xty: [Double], means: [Double]) {
        let n = x.rows, p = x.columns
        let means = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + x[$1, j] } / Double(n) }
        let yMean = y.reduce(0, +) / Double(n)
        var gram = [Double](repeating: 0, count: p * p), xty = [Double](repeating: 0, count: p)
        for i in 0..<n {
            for a in 0..<p {
                let da = x[i, a] - means[a]
                for b in 0..<p { gram[a * p + b] += da * (x[i, b] - means[b]) }
                xty[a] += da * (y[i] - yMean)
            }
        }
        return (gram, xty, means)
    }

    private func assertClose(_ a: [Double], _ b: [Double], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, label, file: file, line: line)
        let scale = b.map(abs).max() ?? 1
        for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-11 * scale, label, file: file, line: line) }
    }

    /// Shapes that exercise the tiles' edges: odd and even feature counts, an odd last block, one block.
    func testOnePassEqualsTheTwoPassDefinition() throws {
        for (rows, columns) in [(9_001, 7), (5_000, 6), (300, 1), (255, 5), (12_345, 20)] {
            let (x, y) = data(rows: rows, columns: columns)
            let gram = try CentredGram(x, y: y)
            let expected = definition(x, y)
            let label = "\(rows) x \(columns)"
            assertClose(gram.gram.storage, expected.gram, label)
            assertClose(gram.xty, expected.xty, label)
            assertClose(gram.means, expected.means, label)
            XCTAssertEqual(gram.yMean, y.reduce(0, +) / Double(rows), accuracy: 1e-9, label)
        }
    }

    /// Rows read from a frame's columns, in runs of consecutive rows or by index, give the bits
    /// the matrix of those rows gives.
    func testColumnsAtRowsGiveTheMatrixBits() throws {
        let (x, y) = data(rows: 6_000, columns: 5)
        let frame = try Frame(name: "f", columns: (0..<5).map { j in
            Column(name: "c\(j)", type: .float, values: (0..<x.rows).map { x[$0, j] })
        })
        for rows in [Array(0..<6_000), Array(1_000..<5_000), (0..<6_000).filter { $0 % 7 != 3 }] {
            let columns = try XCTUnwrap(ColumnsAtRows(frame, features: frame.columnNames, rows: rows, checkingFinite: false))
            let matrix = try TrainingData.matrix(frame, features: frame.columnNames, rows: rows)
            let ys = rows.map { y[$0] }
            let fromColumns = try CentredGram(columns, y: ys), fromMatrix = try CentredGram(matrix, y: ys)
            XCTAssertEqual(fromColumns.gram.storage, fromMatrix.gram.storage)
            XCTAssertEqual(fromColumns.xty, fromMatrix.xty)
            XCTAssertEqual(fromColumns.means, fromMatrix.means)
        }
    }

    func testValuesThatAreNotFiniteGiveNoGram() throws {
        for bad in [Double.nan, .infinity, 1e200] {
            var (x, _) = data(rows: 1_000, columns: 3)
            x[700, 1] = bad
            XCTAssertThrowsError(try CentredGram(x), "\(bad)") { XCTAssertTrue($0 is NonFiniteGram) }
        }
    }
}
