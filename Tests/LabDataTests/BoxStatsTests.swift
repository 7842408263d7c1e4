import XCTest
@testable import LabData

/// Box plot numbers against matplotlib's `cbook.boxplot_stats` on bundled datasets
/// (Tests/fixtures/make_box_fixtures.py).
final class BoxStatsTests: XCTestCase {
    private func assertMatches(_ box: BoxStats, _ expected: [String: Any], _ at: String) {
        XCTAssertEqual(box.count, expected["count"] as? Int, at)
        for (name, value) in [("q1", box.q1), ("median", box.median), ("q3", box.q3),
                              ("whisker_low", box.whiskerLow), ("whisker_high", box.whiskerHigh)] {
            ProfilingFixtures.assertClose(value, ProfilingFixtures.number(expected[name]), 1e-15, "\(at) \(name)")
        }
        XCTAssertEqual(box.outlierCount, expected["outlier_count"] as? Int, at)
        if box.outlierCount > 0 {
            ProfilingFixtures.assertClose(box.outliers.first!, ProfilingFixtures.number(expected["lowest_outlier"]), 1e-15, "\(at) lowest")
            ProfilingFixtures.assertClose(box.outliers.last!, ProfilingFixtures.number(expected["highest_outlier"]), 1e-15, "\(at) highest")
        } else {
            XCTAssertEqual(box.outliers, [], at)
        }
    }

    func testEveryNumericColumnMatchesMatplotlib() throws {
        let fixture = try XCTUnwrap(ProfilingFixtures.json("box") as? [String: Any])
        let cases = try XCTUnwrap(fixture["columns"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 4)
        for c in cases {
            let name = try XCTUnwrap(c["dataset"] as? String), whis = ProfilingFixtures.number(c["whis"])
            let frame = try ProfilingFixtures.dataset(name)
            let columns = try XCTUnwrap(c["columns"] as? [String: [String: Any]])
            XCTAssertFalse(columns.isEmpty)
            for (column, expected) in columns {
                assertMatches(try BoxStats(try frame.column(column), whis: whis), expected, "\(name).\(column) whis=\(whis)")
            }
        }
    }

    func testEachGroupMatchesMatplotlib() throws {
        let fixture = try XCTUnwrap(ProfilingFixtures.json("box") as? [String: Any])
        let cases = try XCTUnwrap(fixture["grouped"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 5)
        for c in cases {
            let name = try XCTUnwrap(c["dataset"] as? String), column = try XCTUnwrap(c["column"] as? String)
            let by = try XCTUnwrap(c["by"] as? String), whis = ProfilingFixtures.number(c["whis"])
            let frame = try ProfilingFixtures.dataset(name)
            let key = try frame.column(by)
            for group in try XCTUnwrap(c["groups"] as? [[String: Any]]) {
                let wanted: Value = (group["group"] as? String).map(Value.string) ?? .number(ProfilingFixtures.number(group["group"]))
                let rows = (0..<frame.rowCount).filter { key.value(at: $0) == wanted }
                XCTAssertFalse(rows.isEmpty)
                assertMatches(try BoxStats(try frame.column(column), rows: rows, whis: whis), group, "\(name).\(column) by \(by)=\(wanted)")
            }
        }
    }

    func testWhiskersStopAtTheBoxWhenNoValueLiesBetween() {
        // numpy: Q1 = 10.25, Q3 = 11.75 (IQR 1.5), fences 8 and 14: the whiskers end at 10 and 12.
        let box = BoxStats(sorted: [1, 10, 11, 11, 12, 40], whis: 1.5)
        XCTAssertEqual([box.q1, box.median, box.q3], [10.25, 11, 11.75])
        XCTAssertEqual([box.whiskerLow, box.whiskerHigh], [10, 12])
        XCTAssertEqual(box.outliers, [1, 40])
        // whis=0: the whiskers are the box's edges, and every value outside the box is an outlier.
        let edges = BoxStats(sorted: [1, 2, 3, 4, 5], whis: 0)
        XCTAssertEqual([edges.whiskerLow, edges.whiskerHigh], [2, 4])
        XCTAssertEqual(edges.outliers, [1, 5])
        // One value: everything is that value.
        let one = BoxStats(sorted: [7], whis: 1.5)
        XCTAssertEqual([one.whiskerLow, one.q1, one.median, one.q3, one.whiskerHigh], [7, 7, 7, 7, 7])
        XCTAssertEqual(one.outlierCount, 0)
    }

    func testManyOutliersKeepTheirEndsAndASpreadForDrawing() {
        let values = (0..<10_000).map { Double($0) } + [1e6]
        var sorted = values.map { $0 < 100 || $0 > 9_900 ? $0 * 1_000 : $0 }
        sorted.sort()
        let box = BoxStats(sorted: sorted, whis: 0)
        XCTAssertGreaterThan(box.outlierCount, BoxStats.drawnOutliers)
        XCTAssertEqual(box.outliers.count, BoxStats.drawnOutliers)
        XCTAssertEqual(box.outliers.first, sorted.first)
        XCTAssertEqual(box.outliers.last, sorted.last)
        XCTAssertEqual(box.outliers, box.outliers.sorted())
    }

    func testRefusesTextBooleanAndEmptyColumns() {
        func message(_ column: Column) -> String? {
            do { _ = try BoxStats(column, whis: 1.5); return nil } catch { return (error as? LabError)?.message }
        }
        XCTAssertEqual(message(Column(name: "city", codes: [0, 1], levels: ["Oslo", "Rome"])),
                       "a box plot needs a numeric column; 'city' is string")
        XCTAssertEqual(message(Column(name: "ok", type: .boolean, values: [1, 0])), "a box plot needs a numeric column; 'ok' is boolean")
        var gaps = Bitmap(count: 2)
        gaps[0] = true
        gaps[1] = true
        XCTAssertEqual(message(Column(name: "x", type: .float, values: [0, 0], missing: gaps)),
                       "'x' has no values to draw: every row is missing")
    }
}
