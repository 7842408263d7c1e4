import XCTest
@testable import LabData

/// Missing values per column and per row pattern against pandas' isna() on bundled datasets.
final class MissingProfileTests: XCTestCase {
    func testCountsAndPatternsMatchPandas() throws {
        let fixture = try XCTUnwrap(ProfilingFixtures.json("missing") as? [String: [String: Any]])
        for name in ["titanic", "penguins", "nyc_weather_2013"] {
            let expected = try XCTUnwrap(fixture[name])
            let frame = try ProfilingFixtures.dataset(name)
            let profile = try MissingProfile(frame)
            let perColumn = try XCTUnwrap(expected["columns"] as? [String: Int])
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(profile.columnNames, profile.missingPerColumn)), perColumn, name)
            XCTAssertEqual(profile.completeRows, expected["complete_rows"] as? Int, name)
            let patterns = try XCTUnwrap(expected["patterns"] as? [[String: Any]])
            XCTAssertEqual(profile.patterns.map(\.rows), patterns.map { $0["rows"] as? Int ?? -1 }, name)
            XCTAssertEqual(profile.patterns.map { $0.columns.map { frame.columnNames[$0] } },
                           patterns.map { $0["columns"] as? [String] ?? [] }, name)
        }
    }

    func testMoreThanSixtyFourGappyColumnsStillGroupRows() throws {
        // 70 columns, each missing in row c % 3: three patterns of rows, plus complete rows.
        let rows = 9
        let columns = (0..<70).map { c in
            Column(name: "c\(c)", type: .float, values: [Double](repeating: 1, count: rows),
                   missing: Bitmap((0..<rows).map { $0 < 6 && $0 % 3 == c % 3 }))
        }
        let profile = try MissingProfile(try Frame(name: "wide", columns: columns))
        XCTAssertEqual(profile.patterns.map(\.rows), [3, 2, 2, 2])
        XCTAssertEqual(profile.patterns[0].columns, [])
        XCTAssertEqual(profile.patterns[1].columns, Array(stride(from: 0, to: 70, by: 3)))
        XCTAssertEqual(profile.patterns[1].firstRow, 0)
    }
}
