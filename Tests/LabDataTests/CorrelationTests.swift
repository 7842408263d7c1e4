import XCTest
@testable import LabData

/// Correlation matrices against pandas' DataFrame.corr on five bundled datasets, three of
/// them with gaps, so pairwise complete rows and spearman's re-ranking per pair are exercised.
final class CorrelationTests: XCTestCase {
    func testMatricesMatchPandas() throws {
        let fixture = try XCTUnwrap(ProfilingFixtures.json("corr") as? [String: [String: Any]])
        for (name, expected) in fixture {
            let frame = try ProfilingFixtures.dataset(name)
            let names = try XCTUnwrap(expected["columns"] as? [String])
            XCTAssertEqual(names, frame.columns.filter(\.type.isArithmetic).map(\.name), name)
            let columns = try names.map { try frame.column($0) }
            for method in CorrelationMethod.allCases {
                let matrix = try CorrelationMatrix(columns, method: method)
                let rows = try XCTUnwrap(expected[method.rawValue] as? [[Any]])
                for i in names.indices {
                    for j in names.indices {
                        ProfilingFixtures.assertClose(matrix[i, j], ProfilingFixtures.number(rows[i][j]), 1e-12,
                                                      "\(name) \(method) \(names[i]) × \(names[j])")
                    }
                }
            }
        }
    }

    func testPairsUseOnlyRowsBothColumnsHold() throws {
        // Rows 0-3 are complete; row 4 has no y and row 5 no x, so they count for neither.
        let x = Column(name: "x", type: .float, values: [1, 2, 3, 4, 100, 0], missing: Bitmap([false, false, false, false, false, true]))
        let y = Column(name: "y", type: .float, values: [2, 4, 5, 9, 0, -50], missing: Bitmap([false, false, false, false, true, false]))
        let m = try CorrelationMatrix([x, y], method: .pearson)
        // numpy.corrcoef([1, 2, 3, 4], [2, 4, 5, 9])[0, 1]
        XCTAssertEqual(m[0, 1], 0.9647638212377321, accuracy: 1e-15)
        XCTAssertEqual(m.pairCounts[1], 4)
        let s = try CorrelationMatrix([x, y], method: .spearman)
        XCTAssertEqual(s[0, 1], 1, accuracy: 1e-15)
    }

    func testAConstantPairOrNoCommonRowsGivesNaNAsPandasDoes() throws {
        let x = Column(name: "x", type: .float, values: [1, 2, 3, 4])
        let c = Column(name: "c", type: .integer, values: [7, 7, 7, 7])
        let apart = Column(name: "a", type: .float, values: [0, 0, 5, 6], missing: Bitmap([false, false, true, true]))
        let other = Column(name: "b", type: .float, values: [1, 2, 0, 0], missing: Bitmap([true, true, false, false]))
        for method in CorrelationMethod.allCases {
            let m = try CorrelationMatrix([x, c, apart, other], method: method)
            XCTAssertTrue(m[0, 1].isNaN, "\(method)")
            XCTAssertTrue(m[1, 1].isNaN, "\(method)")
            XCTAssertTrue(m[2, 3].isNaN, "\(method)")
            XCTAssertEqual(m.pairCounts[2 * 4 + 3], 0)
            XCTAssertEqual(m[0, 0], 1)
        }
    }

    func testColumnsConstantOnlyOnTheRowsTheyShareGiveNaN() throws {
        // y varies overall, but not on the rows where x is present.
        let x = Column(name: "x", type: .float, values: [1, 2, 3, 0, 0], missing: Bitmap([false, false, false, true, true]))
        let y = Column(name: "y", type: .float, values: [0.1, 0.1, 0.1, 8, 9])
        for method in CorrelationMethod.allCases {
            XCTAssertTrue(try CorrelationMatrix([x, y], method: method)[0, 1].isNaN, "\(method)")
        }
    }

    func testBadInputIsRefusedWithOneClearMessage() {
        let x = Column(name: "x", type: .float, values: [1, 2])
        let s = Column(name: "sex", strings: ["a", "b"])
        XCTAssertThrowsError(try CorrelationMatrix([x], method: .pearson)) { e in
            XCTAssertEqual((e as? DataError)?.message, "correlation needs at least 2 numeric columns, got 1 ('x')")
        }
        XCTAssertThrowsError(try CorrelationMatrix([x, s], method: .pearson)) { e in
            XCTAssertEqual((e as? DataError)?.message,
                           "column 'sex' is string; correlation needs numeric columns (integer, float, boolean)")
        }
    }

    func testLargeFramesGiveTheSameMatrixAsTheExactTwoPassFormula() throws {
        // 200 000 rows cross the chunk and block boundaries; gaps differ per column.
        var rng = SeededGenerator(seed: 11)
        let n = 200_000
        let base = (0..<n).map { _ in rng.unit() }
        func column(_ name: String, _ f: (Double) -> Double, gaps: Int) -> Column {
            var flags = [Bool](repeating: false, count: n)
            for _ in 0..<gaps { flags[rng.below(n)] = true }
            return Column(name: name, type: .float, values: base.map { f($0) + rng.unit() }, missing: Bitmap(flags))
        }
        let cols = [column("a", { $0 * 1000 + 5e6 }, gaps: 0), column("b", { -3 * $0 }, gaps: 5000),
                    column("c", { $0 * $0 }, gaps: 20000), column("d", { _ in 0 }, gaps: 0)]
        let m = try CorrelationMatrix(cols, method: .pearson)
        for i in cols.indices {
            for j in cols.indices where i != j {
                let exact = twoPass(cols[i], cols[j])
                XCTAssertEqual(m[i, j], exact, accuracy: 1e-12, "\(cols[i].name) × \(cols[j].name)")
            }
        }
    }

    private func twoPass(_ a: Column, _ b: Column) -> Double {
        var xs: [Double] = [], ys: [Double] = []
        for r in 0..<a.count where !a.isMissing(r) && !b.isMissing(r) {
            if case .number(let x) = a.value(at: r), case .number(let y) = b.value(at: r) { xs.append(x); ys.append(y) }
        }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
            syy += (y - my) * (y - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
