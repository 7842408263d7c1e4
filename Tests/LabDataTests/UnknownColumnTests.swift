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
}
