import XCTest
@testable import LabData

final class ProgressTests: XCTestCase {
    func testTheOutermostLoopOwnsTheBar() {
        Progress.reset()
        let outer = Progress.track("fold", total: 5)
        XCTAssertNotNil(outer)
        outer?.set(2)
        let inner = Progress.track("tree", total: 100)
        XCTAssertNil(inner, "a forest inside a fold does not take the bar over")
        XCTAssertEqual(Progress.current.done, 2)
        XCTAssertEqual(Progress.current.total, 5)
        XCTAssertEqual(Progress.current.what, "fold")
        outer?.end()
        XCTAssertEqual(Progress.current.total, 0)
        let next = Progress.track("tree", total: 10)
        next?.set(3)
        outer?.set(4)  // an ended tracker changes nothing
        XCTAssertEqual(Progress.current.done, 3)
        next?.end()
        Progress.reset()
    }

    func testAnActivityIsNamedWhileItRunsOnly() {
        Progress.reset()
        XCTAssertNil(Progress.currentActivity)
        let seen = Progress.activity("saving the model") { Progress.currentActivity }
        XCTAssertEqual(seen, "saving the model")
        XCTAssertNil(Progress.currentActivity)
        struct Failure: Error {}
        XCTAssertThrowsError(try Progress.activity("recording the run") { throw Failure() })
        XCTAssertNil(Progress.currentActivity, "a failed step leaves no name behind")
    }
}
