import XCTest
@testable import LabData

/// counts and crosstabs against pandas' value_counts and crosstab
/// (Tests/fixtures/make_profiling_fixtures.py, counts.json).
final class ValueCountsTests: XCTestCase {
    private func fixture() throws -> [String: Any] { try XCTUnwrap(ProfilingFixtures.json("counts") as? [String: Any]) }

    func testValueGroupsAreValueCounts() throws {
        let cases = try XCTUnwrap(fixture()["value_counts"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 10)
        for c in cases {
            let name = c["dataset"] as! String, column = c["column"] as! String
            let groups = ValueGroups(try ProfilingFixtures.dataset(name).column(column))
            XCTAssertEqual(groups.labels, c["labels"] as! [String], "\(name).\(column)")
            XCTAssertEqual(groups.counts, c["counts"] as! [Int], "\(name).\(column)")
            XCTAssertEqual(groups.missing, c["missing"] as! Int, "\(name).\(column)")
        }
    }

    func testCrosstabsAreCrosstabs() throws {
        let cases = try XCTUnwrap(fixture()["crosstabs"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 5)
        for c in cases {
            let frame = try ProfilingFixtures.dataset(c["dataset"] as! String)
            let label = "\(c["dataset"]!): \(c["rows"]!) × \(c["columns"]!)"
            let table = Crosstab(try frame.column(c["rows"] as! String), try frame.column(c["columns"] as! String))
            XCTAssertEqual(table.rows.labels, c["row_labels"] as! [String], label)
            XCTAssertEqual(table.columns.labels, c["column_labels"] as! [String], label)
            XCTAssertEqual(table.counts, c["counts"] as! [[Int]], label)
            // pandas' normalize= divides each count by its row's, column's or the table's sum.
            let rowSums = table.counts.map { $0.reduce(0, +) }
            let columnSums = table.columns.labels.indices.map { j in table.counts.reduce(0) { $0 + $1[j] } }
            XCTAssertEqual(table.counted, rowSums.reduce(0, +), label)
            for (key, total) in [("share_index", { (i: Int, _: Int) in rowSums[i] }), ("share_columns", { (_: Int, j: Int) in columnSums[j] }),
                                 ("share_all", { (_: Int, _: Int) in table.counted })] {
                let expected = c[key] as! [[Double]]
                for (i, line) in table.counts.enumerated() {
                    for (j, n) in line.enumerated() {
                        ProfilingFixtures.assertClose(Double(n) / Double(total(i, j)), expected[i][j], 1e-15, "\(label) \(key) [\(i)][\(j)]")
                    }
                }
            }
        }
    }

    func testBinsAreCutsOfEqualWidth() throws {
        let cases = try XCTUnwrap(fixture()["binned"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 7)
        for c in cases {
            let frame = try ProfilingFixtures.dataset(c["dataset"] as! String)
            let label = "\(c["dataset"]!).\(c["column"]!) bins=\(c["bins"]!)"
            let groups = try ValueGroups.binned(try frame.column(c["column"] as! String), bins: c["bins"] as! Int)
            XCTAssertEqual(groups.labels, c["labels"] as! [String], label)
            XCTAssertEqual(groups.counts, c["counts"] as! [Int], label)
            XCTAssertEqual(groups.missing, c["missing"] as! Int, label)
            guard let by = c["by"] as? String else { continue }
            // pandas counts the rows missing a value in a 'nan' row of its own; opslab leaves them out.
            let rowLabels = c["row_labels"] as! [String], counts = c["crosstab"] as! [[Int]]
            let kept = rowLabels.indices.filter { rowLabels[$0] != "nan" }
            let table = Crosstab(rows: groups, columns: ValueGroups(try frame.column(by), order: .value))
            XCTAssertEqual(table.rows.labels, kept.map { rowLabels[$0] }, label)
            XCTAssertEqual(table.columns.labels, c["column_labels"] as! [String], label)
            XCTAssertEqual(table.counts, kept.map { counts[$0] }, label)
        }
    }

    func testBinsNeedNumbers() throws {
        let frame = try Frame(name: "t", columns: [
            Column(name: "s", strings: ["a", "b"]),
            Column(name: "gone", type: .float, values: [0, 0], missing: Bitmap([true, true])),
            Column(name: "one", type: .integer, values: [5, 5]),
            Column(name: "far", type: .float, values: [1, .infinity]),
        ])
        XCTAssertThrowsError(try ValueGroups.binned(try frame.column("far"), bins: 3)) {
            XCTAssertEqual(($0 as? DataError)?.message, "'far' holds inf, which no band of equal width can hold")
        }
        XCTAssertThrowsError(try ValueGroups.binned(try frame.column("s"), bins: 3)) {
            XCTAssertEqual(($0 as? DataError)?.message, "bins= needs a column of numbers; 's' is string")
        }
        XCTAssertThrowsError(try ValueGroups.binned(try frame.column("gone"), bins: 3)) {
            XCTAssertEqual(($0 as? DataError)?.message, "'gone' has no values to put in bins")
        }
        // A single value: the range is widened by 0.1% of it each way, as pandas' cut does.
        let one = try ValueGroups.binned(try frame.column("one"), bins: 2)
        XCTAssertEqual(one.labels, ["(4.995, 5.0]", "(5.0, 5.005]"])
        XCTAssertEqual(one.counts, [2, 0])
    }

    func testTiesKeepTheOrderOfFirstAppearanceAndValuesSortByValue() throws {
        let frame = try Frame(name: "t", columns: [
            Column(name: "x", type: .float, values: [3, -0.0, 2, 0, 3, 2, 7], missing: Bitmap([false, false, false, false, false, false, true])),
            Column(name: "s", strings: ["b", "a", nil, "b", "a", "c", "a"]),
        ])
        let x = ValueGroups(try frame.column("x"))
        XCTAssertEqual(x.labels, ["3.0", "0.0", "2.0"], "-0 and 0 are one value; ties by first appearance")
        XCTAssertEqual(x.counts, [2, 2, 2])
        XCTAssertEqual(x.missing, 1)
        XCTAssertEqual(x.codes, [0, 1, 2, 1, 0, 2, -1])
        XCTAssertEqual(x.values, [3, 0, 2])
        XCTAssertNil(ValueGroups(try frame.column("s")).values)
        XCTAssertEqual(ValueGroups(try frame.column("x"), order: .value).labels, ["0.0", "2.0", "3.0"])
        XCTAssertEqual(ValueGroups(try frame.column("s")).labels, ["a", "b", "c"])
        XCTAssertEqual(ValueGroups(try frame.column("s")).counts, [3, 2, 1])
        let table = Crosstab(try frame.column("s"), try frame.column("x"))
        XCTAssertEqual(table.counts, [[1, 0, 1], [1, 0, 1], [0, 1, 0]], "a: 0 and 3; b: 3 and 0; c: 2")
        XCTAssertEqual(table.counted, 5, "rows with a missing value in either column are not counted")
    }
}
