import XCTest
import LabData
@testable import LabShell

/// `box`: the numbers beside each strip are matplotlib's (Tests/fixtures/make_box_fixtures.py),
/// the strips are drawn on one scale, and bad requests say what is wrong.
final class BoxCommandTests: XCTestCase {
    private func table(_ s: Session, _ line: String) throws -> ResultTable {
        try XCTUnwrap(TestSupport.tables(try s.execute(line).output).first)
    }

    func testGroupsAreMatplotlibsBoxesOnOneScale() throws {
        let fixture = try XCTUnwrap(TestSupport.fixture("profiling/box.json") as? [String: Any])
        let cases = try XCTUnwrap(fixture["grouped"] as? [[String: Any]])
        for c in cases {
            let (name, column, by) = (c["dataset"] as! String, c["column"] as! String, c["by"] as! String)
            let whis = (c["whis"] as! NSNumber).doubleValue
            let s = TestSupport.session()
            _ = try s.execute("load \(name)")
            let t = try table(s, "box \(column) by=\(by) whis=\(whis)")
            XCTAssertEqual(t.title, "\(name): \(column) by \(by)")
            XCTAssertEqual(t.columns, [by, "box", "count", "low", "25%", "50%", "75%", "high", "outliers"])
            let groups = c["groups"] as! [[String: Any]]
            XCTAssertEqual(t.rows.count, groups.count, name)
            var scales: Set<String> = []
            for (row, group) in zip(t.rows, groups) {
                let label = group["group"].map { ($0 as? String) ?? "\($0)" }!
                XCTAssertEqual(row[0], .text(label), name)
                guard case .box(let box, let scale) = row[1] else { return XCTFail("\(name) \(label): \(row[1])") }
                scales.insert("\(scale)")
                let numbers = row[2...].map { cell -> Double in if case .number(let x, _) = cell { return x }; return .nan }
                let expected = ["count", "whisker_low", "q1", "median", "q3", "whisker_high", "outlier_count"].map { (group[$0] as! NSNumber).doubleValue }
                for (got, want) in zip(numbers, expected) { XCTAssertEqual(got, want, accuracy: 1e-12 * max(1, abs(want)), "\(name) \(label)") }
                XCTAssertEqual(Double(box.outlierCount), expected[6])
            }
            XCTAssertEqual(scales.count, 1, "every box of a table is on one scale")
        }
    }

    func testColumnsShareAScaleAndTheNoteSaysWhatTheMarksMean() throws {
        let s = TestSupport.session()
        _ = try s.execute("load penguins")
        let t = try table(s, "box bill_length_mm bill_depth_mm")
        XCTAssertEqual(t.columns.first, "column")
        XCTAssertEqual(t.rows.map { $0[0] }, [.text("bill_length_mm"), .text("bill_depth_mm")])
        // bill_depth_mm's least is 13.1, bill_length_mm's most 59.6: the scale holds both.
        XCTAssertEqual(t.note, "scale 13.1 … 59.6: ▒ 25% to 75%, █ the median, ├─┤ whiskers to the furthest values within 1.5·IQR of the box, · outliers beyond")
        let rendered = TableRenderer(width: 120, style: Style(enabled: false)).render(t)
        XCTAssertTrue(rendered.contains("├"), rendered)
        // On a narrow terminal the strip narrows, and numbers are hidden before it is.
        let narrow = TableRenderer(width: 32, style: Style(enabled: false)).render(t).split(separator: "\n")
        XCTAssertEqual(narrow[1].split(separator: " "), ["column", "box", "…"], narrow.joined(separator: "\n"))
        XCTAssertTrue(narrow[2].contains("█") && narrow[3].contains("█"), narrow.joined(separator: "\n"))
        XCTAssertTrue(narrow.dropFirst().allSatisfy { $0.count <= 32 }, narrow.joined(separator: "\n"))
    }

    func testAStripPutsEachMarkWhereItsValueFalls() {
        let box = BoxStats(sorted: [0, 1, 2, 3, 5, 5, 6, 8, 10], whis: 1.5)
        // numpy: Q1 = 2, median 5, Q3 = 6 (IQR 4): whiskers 0 and 10, no outlier; on 0...10 in 11 characters each value is its place.
        XCTAssertEqual(BoxStrip.render(box, scale: 0...10, charset: .unicode, width: 11), "├─▒▒▒█▒───┤")
        // 30 is beyond 6 + 1.5·4: the whisker stops at 8 and 30 is a dot.
        let far = BoxStats(sorted: [0, 1, 2, 3, 5, 5, 6, 8, 30], whis: 1.5)
        let gap = String(repeating: " ", count: 21)
        XCTAssertEqual(BoxStrip.render(far, scale: 0...30, charset: .unicode, width: 31), "├─▒▒▒█▒─┤" + gap + "·")
        XCTAssertEqual(BoxStrip.render(far, scale: 0...30, charset: .ascii, width: 31), "|-===#=-|" + gap + ".")
        // A constant column draws in the middle.
        XCTAssertEqual(BoxStrip.render(BoxStats(sorted: [4, 4], whis: 1.5), scale: 4...4, charset: .unicode, width: 5), "  █  ")
    }

    func testJSONGivesEachBoxItsNumbers() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        let out = try s.execute("box petal_width_cm by=species").output
        let json = JSONOutput.line(number: 1, command: "box", output: out)
        XCTAssertTrue(json.contains(#"["setosa",{"whisker_low":0.1,"q1":0.2,"median":0.2,"q3":0.3,"whisker_high":0.4,"outliers":2},50,0.1,0.2,0.2,0.3,0.4,2]"#), json)
    }

    func testBadRequestsSayWhatIsWrong() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        func message(_ line: String) -> String? { TestSupport.errorMessage(s, line) }
        XCTAssertEqual(message("box name"), "a box plot needs a numeric column; 'name' is string")
        XCTAssertEqual(message("box fare whis=-1"), "whis=-1 is not valid: expected a number of IQRs, 0 or more")
        XCTAssertEqual(message("box fare by=fare"), "fare is the column the rows are grouped by")
        XCTAssertEqual(message("box fare by=name"), "'name' has 1307 distinct values, too many groups to draw (at most 30)")
        XCTAssertEqual(message("box fair"), "no column 'fair' in frame 'titanic' (did you mean 'fare'?)")
        _ = try s.execute("filter age > 200")
        XCTAssertEqual(message("box fare"), "frame 'titanic' has no rows to draw")
        XCTAssertEqual(s.state.current?.rowCount, 0)
    }

    func testAGroupWithoutValuesShowsNoBoxAndRowsWithoutAGroupAreCounted() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileIO.writeAtomically(Array("g,x\na,1\na,2\nb,\nb,\n,5\na,3\n".utf8), to: dir + "/g.csv")
        let s = TestSupport.session()
        _ = try s.execute("load \(dir)/g.csv")
        let t = try table(s, "box x by=g")
        XCTAssertEqual(t.rows.map { $0[0] }, [.text("a"), .text("b")])
        XCTAssertEqual(t.rows[1][1], .missing)
        XCTAssertEqual(t.rows[1][2], .number(0, .integer))
        XCTAssertTrue(t.note?.hasSuffix("\n1 row without g left out, as pandas' groupby leaves them") ?? false, t.note ?? "")
    }
}
