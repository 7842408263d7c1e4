import Synchronization
import XCTest
@testable import LabML

/// Every job's two pieces run once each, and both have run when `run` returns, whichever thread
/// ran piece 1: the helper, or the caller when the helper had not started it yet.
final class HelperThreadTests: XCTestCase {
    func testEachPieceRunsOnceAndBeforeRunReturns() throws {
        let helper = HelperThread()
        try XCTSkipUnless(helper.hasThread, "one core: no helper thread")
        helper.wake()
        defer { helper.stop() }
        let caller = pthread_self()
        let jobs = 200_000
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 2 * jobs)
        counts.initialize(repeating: 0, count: 2 * jobs)
        defer { counts.deallocate() }
        let out = SharedBuffer(base: counts)
        var onCaller = 0, onHelper = 0
        for job in 0..<jobs {
            // Piece 0 does next to nothing, so the helper is often still on its way to piece 1.
            var pieceOneOnCaller = false
            helper.run { piece in
                out[2 * job + piece] += 1
                if piece == 1 { pieceOneOnCaller = pthread_equal(pthread_self(), caller) != 0 }
            }
            XCTAssertEqual(counts[2 * job], 1)
            XCTAssertEqual(counts[2 * job + 1], 1, "piece 1 of job \(job) has run once when run returns")
            if pieceOneOnCaller { onCaller += 1 } else { onHelper += 1 }
        }
        XCTAssertEqual(onCaller + onHelper, jobs)
        // Both ways were taken (here about one job in six ran piece 1 on the caller).
        XCTAssertGreaterThan(onCaller, 0)
        XCTAssertGreaterThan(onHelper, 0)
    }
}
