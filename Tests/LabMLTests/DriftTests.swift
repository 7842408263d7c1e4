import Foundation
import XCTest
@testable import LabML

/// Drift distances against scipy (Tests/fixtures/make_drift_fixtures.py).
final class DriftTests: XCTestCase {
    nonisolated(unsafe) private static let fixture: [String: Any] = {
        let path = PrepParityTests.root + "/Tests/fixtures/profiling/drift.json"
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }()

    func testWassersteinIsScipysOnSamplesWithTies() {
        let cases = Self.fixture["samples"] as! [[String: Any]]
        XCTAssertEqual(cases.count, 3)
        for c in cases {
            let u = c["u"] as! [Double], v = c["v"] as! [Double], want = c["wasserstein"] as! Double
            XCTAssertEqual(Drift.wasserstein(u, v), want, accuracy: 1e-12 * max(1, want), "\(u.count) vs \(v.count)")
            // A distance: the same either way round, 0 to itself.
            XCTAssertEqual(Drift.wasserstein(v, u), want, accuracy: 1e-12 * max(1, want))
            XCTAssertEqual(Drift.wasserstein(u, u), 0)
        }
        // Two points a distance 3 apart; a sample moved by 2 moves by 2.
        XCTAssertEqual(Drift.wasserstein([0], [3]), 3)
        XCTAssertEqual(Drift.wasserstein([1, 2, 3], [3, 4, 5]), 2)
    }

    func testJensenShannonIsScipys() {
        for c in Self.fixture["jensenshannon"] as! [[String: Any]] {
            let p = c["p"] as! [Double], q = c["q"] as! [Double], want = c["distance"] as! Double
            XCTAssertEqual(Drift.jensenShannon(p, q), want, accuracy: 1e-12, "\(p) \(q)")
        }
        // Disjoint categories are as far apart as two samples can be: √ln 2.
        XCTAssertEqual(Drift.categoryDistance(reference: ["a": 3], current: ["b": 5]), log(2).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(Drift.categoryDistance(reference: ["a": 1, "b": 3], current: ["a": 2, "b": 6]), 0)
    }

    func testNormedWassersteinIsInReferenceStandardDeviations() {
        // numpy.std([0, 2]) = 1; every value moved by 3.
        XCTAssertEqual(Drift.normedWasserstein(reference: [0, 2], current: [3, 5]), 3)
        // A constant reference is floored at 0.001, so the score is large but finite.
        XCTAssertEqual(Drift.normedWasserstein(reference: [1, 1], current: [3]), 2000, accuracy: 1e-9)
    }
}
