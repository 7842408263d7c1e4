import XCTest
import LabData
@testable import LabML

/// Columns whose having a value gives the class away: titanic's lifeboat and body number, and no
/// column of the other bundled classification sets.
final class PresenceLeakTests: XCTestCase {
    private func load(_ name: String) throws -> Frame {
        try CSVReader.read(path: PrepParityTests.root + "/datasets/\(name).csv", name: name).frame
    }

    func testTitanicsBoatAndBodyGiveTheOutcomeAway() throws {
        let frame = try load("titanic")
        let leaks = PresenceLeak.find(frame, columns: frame.columnNames, target: "survived", rows: nil)
        // Counted with pandas: boat present on 486 rows, 477 survived; body present on 121 rows, none survived.
        XCTAssertEqual(leaks, [
            PresenceLeak(column: "boat", present: true, rows: 486, total: 1309, label: "1", share: 477.0 / 486),
            PresenceLeak(column: "body", present: true, rows: 121, total: 1309, label: "0", share: 1),
        ])
        // Only the training rows count.
        let some = Array(stride(from: 0, to: frame.rowCount, by: 2))
        let within = PresenceLeak.find(frame, columns: ["body"], target: "survived", rows: some)
        XCTAssertEqual(within.first?.total, 655)
        XCTAssertEqual(within.first?.rows, some.filter { !(try! frame.column("body")).isMissing($0) }.count)
    }

    func testOtherDatasetsHaveNone() throws {
        for (name, target) in [("penguins", "species"), ("adult", "income"), ("breast_cancer", "diagnosis"), ("iris", "species")] {
            let frame = try load(name)
            XCTAssertEqual(PresenceLeak.find(frame, columns: frame.columnNames, target: target, rows: nil), [], name)
        }
    }

    /// Few rows prove nothing, and where one class is nearly everything any group is pure.
    func testSmallGroupsAndLopsidedTargetsAreNotLeaks() throws {
        let n = 400
        func frame(_ y: (Int) -> Int, present: (Int) -> Bool) throws -> Frame {
            try Frame(name: "f", columns: [
                Column(name: "x", type: .float, values: (0..<n).map(Double.init), missing: Bitmap((0..<n).map { !present($0) })),
                Column(name: "y", type: .integer, values: (0..<n).map { Double(y($0)) }, missing: nil)])
        }
        let few = try frame({ $0 < 29 ? 1 : $0 % 2 }, present: { $0 < 29 })
        XCTAssertEqual(PresenceLeak.find(few, columns: ["x"], target: "y", rows: nil), [])
        let thirty = try frame({ $0 < 30 ? 1 : $0 % 2 }, present: { $0 < 30 })
        XCTAssertEqual(PresenceLeak.find(thirty, columns: ["x"], target: "y", rows: nil).map(\.rows), [30])
        let lopsided = try frame({ $0 < 390 ? 0 : 1 }, present: { $0 < 100 })
        XCTAssertEqual(PresenceLeak.find(lopsided, columns: ["x"], target: "y", rows: nil), [])
    }
}

/// Columns whose value alone tells the class through a handful of values: a copy of the target.
final class TargetEchoTests: XCTestCase {
    private func load(_ name: String) throws -> Frame {
        try CSVReader.read(path: PrepParityTests.root + "/datasets/\(name).csv", name: name).frame
    }

    func testACopyOfTheTargetIsNamedWithWhatEachValueMeans() throws {
        var frame = try load("titanic")
        guard case .numbers(let survived, _) = try frame.column("survived").data else { return XCTFail("numbers") }
        // seaborn's titanic has `alive` (yes/no) beside `survived`; here with a gap and one row that disagrees.
        frame = try frame.setting(Column(name: "alive", strings: survived.indices.map { $0 == 5 ? nil : ($0 == 9 ? "yes" : survived[$0] == 1 ? "yes" : "no") }))
        let echoes = TargetEcho.find(frame, columns: frame.columnNames, target: "survived", rows: nil)
        XCTAssertEqual(echoes.map(\.column), ["alive"])
        let echo = try XCTUnwrap(echoes.first)
        XCTAssertEqual(echo.rows, 1308)
        XCTAssertEqual(echo.share, survived[9] == 1 ? 1 : 1307.0 / 1308)
        XCTAssertEqual(echo.pairs.map(\.value), ["no", "yes"])
        XCTAssertEqual(echo.pairs.map(\.label), ["0", "1"])
    }

    /// A number column without gaps that copies the target (the path that does not list the
    /// rows with a value), over some rows only.
    func testACopyWithoutGapsIsFoundOnTheRowsAsked() throws {
        var frame = try load("titanic")
        guard case .numbers(let survived, _) = try frame.column("survived").data else { return XCTFail("numbers") }
        frame = try frame.setting(Column(name: "outcome", type: .integer, values: survived.map { 10 * $0 + 1 }, missing: nil))
        let rows = Array(stride(from: 0, to: survived.count, by: 3))
        let echoes = TargetEcho.find(frame, columns: ["age", "outcome"], target: "survived", rows: rows)
        XCTAssertEqual(echoes.map(\.column), ["outcome"])
        let echo = try XCTUnwrap(echoes.first)
        XCTAssertEqual(echo.rows, rows.count)
        XCTAssertEqual(echo.share, 1)
        let survivors = rows.filter { survived[$0] == 1 }.count
        XCTAssertEqual(echo.pairs.map(\.value), survivors * 2 > rows.count ? ["11", "1"] : ["1", "11"])
        XCTAssertEqual(echo.pairs.map(\.label), survivors * 2 > rows.count ? ["1", "0"] : ["0", "1"])
    }

    /// Measurements that tell the class well (iris petal width: 96% by value, over 22 values) are
    /// not echoes, nor is anything in the other bundled sets.
    func testPredictiveFeaturesAreNotEchoes() throws {
        for (name, target) in [("iris", "species"), ("penguins", "species"), ("adult", "income"), ("breast_cancer", "diagnosis"), ("titanic", "survived")] {
            let frame = try load(name)
            XCTAssertEqual(TargetEcho.find(frame, columns: frame.columnNames, target: target, rows: nil), [], name)
        }
        let n = 29
        let few = try Frame(name: "f", columns: [Column(name: "x", strings: (0..<n).map { $0 % 2 == 0 ? "a" : "b" }),
                                                  Column(name: "y", type: .integer, values: (0..<n).map { Double($0 % 2) }, missing: nil)])
        XCTAssertEqual(TargetEcho.find(few, columns: ["x"], target: "y", rows: nil), [], "29 rows prove little")
    }
}
