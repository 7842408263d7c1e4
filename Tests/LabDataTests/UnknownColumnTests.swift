import XCTest
@testable import LabData

final class UnknownColumnTests: XCTestCase {
    private let frame = try! Frame(name: "t", columns: [
        Column(name: "age", type: .float, values: [1]), Column(name: "fare", type: .float, values: [2]),
    ])

    func testCloseNamesAreSuggested() {
        let e = frame.unknownColumn("agee")
        XCTAssertEqual(e.message, "no column 'agee' in frame 't' (did you mean 'age'?)")
        XCTAssertEqual(e.hint, "columns are: age, fare")
    }

    func testCommaSeparatedColumnsPointAtSpaces() {
        let e = frame.unknownColumn("age,fare")
        XCTAssertEqual(e.message, "no column 'age,fare' in frame 't'")
        XCTAssertEqual(e.hint, "this command takes columns separated by spaces: age fare")
        XCTAssertEqual(frame.unknownColumn("age,nope").hint, "columns are: age, fare")
    }

    func testALongListKeepsItsEnd() throws {
        let wide = try Frame(name: "w", columns: (1...20).map { Column(name: "c\($0)", type: .float, values: [1]) })
        XCTAssertEqual(wide.unknownColumn("zzz").hint, "columns are: c1, c2, c3, c4, c5, c6, c7, c8, …, c18, c19, c20 (20 columns; `columns` lists them)")
    }
}
