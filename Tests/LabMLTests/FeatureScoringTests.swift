import Foundation
import XCTest
import LabData
@testable import LabML

/// Feature scores against scikit-learn (Tests/fixtures/make_feature_fixtures.py).
final class FeatureScoringTests: XCTestCase {
    private func cases() -> [[String: Any]] {
        let path = PrepParityTests.root + "/Tests/LabMLTests/Fixtures/features.json"
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        return json["cases"] as! [[String: Any]]
    }

    private func inputs(_ c: [String: Any]) throws -> (Matrix, [String], TrainingData.Target) {
        let frame = try CSVReader.read(path: PrepParityTests.root + "/datasets/\(c["dataset"]!).csv", name: "d").frame
        let features = c["features"] as! [String]
        let x = try TrainingData.matrix(frame, features: features, rows: nil)
        let target = c["target"] as! String
        let task: ModelTask = c["chi2"] != nil || c["mutual_info"] != nil ? .classification : .regression
        return (x, features, try TrainingData.target(frame, name: target, rows: nil, task: task))
    }

    private func assertRelative(_ a: Double, _ b: Double, _ tolerance: Double, _ label: String) {
        XCTAssertEqual(a, b, accuracy: tolerance * max(abs(b), 1e-300), label)
    }

    func testFTestChi2AndVarianceMatchScikitLearn() throws {
        for c in cases() {
            let (x, features, target) = try inputs(c)
            let label = "\(c["dataset"]!)"
            let variance = try FeatureScoring.scores(.variance, x: x, features: features, target: target, seed: 0)
            for (s, e) in zip(variance, c["variance"] as! [Double]) { assertRelative(s.score, e, 1e-9, "\(label) variance \(s.feature)") }
            let f = try FeatureScoring.scores(.fTest, x: x, features: features, target: target, seed: 0)
            let ef = c["f_test"] as! [String: [Double]]
            for (i, s) in f.enumerated() {
                assertRelative(s.score, ef["score"]![i], 1e-9, "\(label) F \(s.feature)")
                // Tiny p-values: compare on a log scale where they underflow differently.
                let p = ef["p"]![i]
                if p > 1e-280 { assertRelative(s.pValue!, p, 1e-7, "\(label) p \(s.feature)") }
            }
            if let ec = c["chi2"] as? [String: [Double]] {
                let chi = try FeatureScoring.scores(.chi2, x: x, features: features, target: target, seed: 0)
                for (i, s) in chi.enumerated() {
                    assertRelative(s.score, ec["score"]![i], 1e-9, "\(label) chi2 \(s.feature)")
                    if ec["p"]![i] > 1e-280 { assertRelative(s.pValue!, ec["p"]![i], 1e-7, "\(label) chi2 p \(s.feature)") }
                }
            }
        }
    }

    /// Same estimator, own tie-breaking jitter: close to scikit-learn's values, and the same ranking of clear winners.
    func testMutualInformationIsCloseToScikitLearn() throws {
        for c in cases() {
            guard let expected = c["mutual_info"] as? [Double] else { continue }
            let (x, features, target) = try inputs(c)
            let mi = try FeatureScoring.scores(.mutualInfo, x: x, features: features, target: target, seed: 0)
            let low = c["mutual_info_low"] as! [Double], high = c["mutual_info_high"] as! [Double]
            for (i, s) in mi.enumerated() {
                XCTAssertGreaterThanOrEqual(s.score, low[i] - 0.02, "\(c["dataset"]!) \(s.feature)")
                XCTAssertLessThanOrEqual(s.score, high[i] + 0.02, "\(c["dataset"]!) \(s.feature)")
            }
            let best = expected.indices.max { expected[$0] < expected[$1] }!
            XCTAssertEqual(mi.max { $0.score < $1.score }?.feature, features[best], "\(c["dataset"]!)")
        }
    }

    func testBadInput() throws {
        let x = Matrix(rows: 3, columns: 1, storage: [1, -2, 3])
        XCTAssertThrowsError(try FeatureScoring.scores(.chi2, x: x, features: ["a"], target: .classes(labels: ["p", "q"], y: [0, 1, 0]), seed: 0)) { e in
            XCTAssertEqual((e as? DataError)?.message, "chi2 needs non-negative features; 'a' has -2.0 in row 2")
        }
        XCTAssertThrowsError(try FeatureScoring.scores(.mutualInfo, x: x, features: ["a"], target: .values([1, 2, 3]), seed: 0))
    }
}
