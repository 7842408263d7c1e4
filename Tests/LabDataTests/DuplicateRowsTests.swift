import XCTest
@testable import LabData

/// Repeated rows against pandas' duplicated() on the bundled datasets
/// (Tests/fixtures/make_profiling_fixtures.py wrote the counts and the groups).
final class DuplicateRowsTests: XCTestCase {
    func testRepeatedRowsAreThoseOfPandasDuplicated() throws {
        let cases = try XCTUnwrap(ProfilingFixtures.json("duplicates") as? [[String: Any]])
        XCTAssertEqual(cases.count, 8)
        var frames: [String: Frame] = [:]
        for c in cases {
            let name = c["dataset"] as! String, named = c["columns"] as! [String]
            let frame = try frames[name] ?? ProfilingFixtures.dataset(name)
            frames[name] = frame
            let duplicates = try DuplicateRows(frame, columns: named.isEmpty ? frame.columnNames : named)
            let at = "\(name) \(named)"
            XCTAssertEqual(duplicates.count, c["count"] as? Int, at)
            var sizes: [Int: Int] = [:]
            for f in duplicates.firstOf { sizes[f, default: 0] += 1 }
            let repeated: [(first: Int, size: Int)] = sizes.filter { $0.value > 1 }.map { ($0.key, $0.value) }
            let ordered = repeated.sorted { (a: (first: Int, size: Int), b: (first: Int, size: Int)) -> Bool in
                a.size != b.size ? a.size > b.size : a.first < b.first
            }
            let groups: [[Int]] = ordered.map { [$0.first, $0.size] }
            XCTAssertEqual(groups, c["groups"] as? [[Int]], at)
            XCTAssertEqual(duplicates.firstRows.setIndices.count, frame.rowCount - duplicates.count, at)
        }
    }

    func testMissingEqualsMissingAndZeroEqualsMinusZero() throws {
        let frame = try Frame(name: "t", columns: [
            Column(name: "x", type: .float, values: [0, -0.0, .nan, 1, 0, 1], missing: Bitmap([false, false, false, false, true, true])),
            Column(name: "s", strings: ["a", "a", "b", nil, "a", nil]),
        ])
        // -0.0 repeats 0.0; NaN is as missing as a missing value, as in pandas.
        let d = try DuplicateRows(frame, columns: ["x", "s"])
        XCTAssertEqual(d.firstOf, [0, 0, 2, 3, 4, 5])
        XCTAssertEqual(try DuplicateRows(frame, columns: ["s"]).firstOf, [0, 0, 2, 3, 0, 3])
        XCTAssertEqual(try DuplicateRows(frame, columns: ["x"]).firstOf, [0, 0, 2, 3, 2, 2])
        XCTAssertEqual(try DuplicateRows(frame, columns: []).count, 5, "no columns: every row repeats the first")
    }
}
