import XCTest
import LabData
@testable import LabShell

final class ColumnPatternsTests: XCTestCase {
    func testMatchingIsWholeNameWithStarsAndQuestionMarks() {
        let cases: [(String, String, Bool)] = [
            ("mean_radius", "mean_*", true), ("mean_radius", "*_radius", true), ("mean_radius", "*radius*", true),
            ("mean_radius", "mean_?adius", true), ("mean_radius", "mean", false), ("mean_radius", "radius", false),
            ("mean_radius", "*", true), ("", "*", true), ("", "?", false), ("ab", "a*b*", true), ("abcbd", "a*b?", true),
            ("abcbd", "a*c", false), ("x_error", "*_error", true), ("error_x", "*_error", false), ("Mean", "mean*", false),
            ("aaa", "a*a*a", true), ("aa", "a*a*a", false), ("été", "?t?", true),
        ]
        for (name, pattern, expected) in cases {
            XCTAssertEqual(ColumnPatterns.matches(name, pattern: pattern), expected, "\(name) ~ \(pattern)")
        }
    }

    func testPatternsStandForTheCurrentFramesColumnsInItsOrder() throws {
        let s = TestSupport.session()
        XCTAssertThrowsError(try s.execute("select mean_*")) {
            XCTAssertEqual(($0 as? UsageError)?.message, "'mean_*' stands for columns, and no frame is loaded")
        }
        _ = try s.execute("load breast_cancer as b")
        _ = try s.execute("select diagnosis mean_r* *_area")
        XCTAssertEqual(try s.state.frame(named: "b").columnNames, ["diagnosis", "mean_radius", "mean_area", "worst_area"])
        // Saved scripts hold the names themselves.
        XCTAssertEqual(s.recordedLines.last, "select diagnosis mean_radius mean_area worst_area")
        _ = try s.execute("undo")
        _ = try s.execute("drop worst_* *_error")
        XCTAssertEqual(try s.state.frame(named: "b").columnCount, 11)
        // Each pattern's matches in the frame's order, patterns in the order given.
        _ = try s.execute("train naive_bayes target=diagnosis features=mean_????,mean_r* as nb")
        XCTAssertEqual(s.state.models["nb"]?.features, ["mean_area", "mean_radius"])
        // A pattern stands for inputs: the target is not among them.
        _ = try s.execute("train linear target=mean_area features=mean_* as nb2")
        XCTAssertEqual(s.state.models["nb2"]?.features.contains("mean_area"), false)
        XCTAssertEqual(s.state.models["nb2"]?.features.count, 9)
        XCTAssertThrowsError(try s.execute("scale zz*")) { error in
            XCTAssertEqual((error as? UsageError)?.message, "no column of 'b' matches 'zz*'")
            XCTAssertEqual((error as? UsageError)?.hint?.hasPrefix("* stands for any characters, ? for one; columns are: mean_radius, mean_texture"), true)
        }
        XCTAssertEqual(try s.state.frame(named: "b").columnCount, 11)
        // A misspelt name in another word order is suggested.
        XCTAssertThrowsError(try s.execute("describe radius_mean")) {
            XCTAssertEqual(($0 as? LabError)?.message, "no column 'radius_mean' in frame 'b' (did you mean 'mean_radius'?)")
        }
    }

    func testAColumnWhoseNameHoldsAStarIsItself() throws {
        let s = TestSupport.session()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("patterns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("q.csv").path
        try "q1?,q1a,q2*\n1,2,3\n4,5,6\n".write(toFile: path, atomically: true, encoding: .utf8)
        _ = try s.execute("load \(path) as q")
        _ = try s.execute("select q1? q2*")
        XCTAssertEqual(try s.state.frame(named: "q").columnNames, ["q1?", "q2*"])
        _ = try s.execute("undo")
        _ = try s.execute("select q1* ")
        XCTAssertEqual(try s.state.frame(named: "q").columnNames, ["q1?", "q1a"])
    }
}
