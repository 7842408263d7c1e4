import Dispatch
import Synchronization
import XCTest
@testable import LabML

/// The chunks two threads claim cover every row once, shrink as the rows run out, and are never
/// below the minimum except for the last rows; a small piece is two halves.
final class RowClaimsTests: XCTestCase {
    func testOneThreadClaimsEveryRowInShrinkingChunks() {
        let claims = RowClaims(minimum: 100)
        var chunks: [Range<Int>] = []
        while let chunk = claims.next(of: 10_000) { chunks.append(chunk) }
        XCTAssertEqual(chunks.first, 0..<2_500)
        XCTAssertEqual(chunks.map(\.count).reduce(0, +), 10_000)
        for (a, b) in zip(chunks, chunks.dropFirst()) {
            XCTAssertEqual(a.upperBound, b.lowerBound)
            XCTAssertGreaterThanOrEqual(a.count, b.count)
        }
        XCTAssertTrue(chunks.dropLast().allSatisfy { $0.count >= 100 })
        XCTAssertNil(claims.next(of: 10_000))
        // A new piece of work starts from its first row again; a small one comes in two halves.
        claims.reset()
        XCTAssertEqual(claims.next(of: 1_599), 0..<800)
        XCTAssertEqual(claims.next(of: 1_599), 800..<1_599)
        XCTAssertNil(claims.next(of: 1_599))
    }

    func testTwoThreadsClaimEachRowOnce() {
        let claims = RowClaims(minimum: 7)
        let total = 1_000_003
        for _ in 0..<20 {
            claims.reset()
            let taken = Mutex<[[Range<Int>]]>([[], []])
            DispatchQueue.concurrentPerform(iterations: 2) { piece in
                var mine: [Range<Int>] = []
                while let chunk = claims.next(of: total) { mine.append(chunk) }
                taken.withLock { $0[piece] = mine }
            }
            let all = taken.withLock { $0[0] + $0[1] }.sorted { $0.lowerBound < $1.lowerBound }
            XCTAssertEqual(all.first?.lowerBound, 0)
            XCTAssertEqual(all.last?.upperBound, total)
            for (a, b) in zip(all, all.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
        }
    }

    func testNoRowsNoChunk() {
        XCTAssertNil(RowClaims(minimum: 1).next(of: 0))
    }
}
