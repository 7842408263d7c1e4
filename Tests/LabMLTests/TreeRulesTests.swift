import Foundation
import XCTest
@testable import LabML

/// Tree rules against scikit-learn's export_text on the same trees, character for character
/// (Tests/fixtures/make_tree_text_fixtures.py).
final class TreeRulesTests: XCTestCase {
    nonisolated(unsafe) static let cases: [[String: Any]] = {
        let path = PrepParityTests.root + "/Tests/LabMLTests/Fixtures/tree_text.json"
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        return json["cases"] as! [[String: Any]]
    }()

    /// scikit-learn's arrays as a CARTTree (the fields export_text does not read left empty).
    static func tree(_ c: [String: Any]) -> CARTTree {
        let values = c["values"] as! [[Double]]
        let nodes = values.count
        return CARTTree(feature: (c["feature"] as! [Int]).map { Int32($0) },
                        threshold: (c["threshold"] as! [Any]).map { ($0 as? Double) ?? .greatestFiniteMagnitude },
                        left: (c["left"] as! [Int]).map { Int32($0) }, right: (c["right"] as! [Int]).map { Int32($0) },
                        weightedSamples: Array(repeating: 1, count: nodes), impurity: Array(repeating: 0, count: nodes),
                        values: values.flatMap { $0 }, outputs: values[0].count, depth: 0, missingLeft: nil)
    }

    func testRulesAreScikitLearnsExportText() {
        XCTAssertEqual(Self.cases.count, 8)
        for c in Self.cases {
            let options = c["options"] as! [String: Int]
            let text = TreeRules.text(Self.tree(c), featureNames: c["feature_names"] as! [String],
                                      classNames: c["class_names"] as? [String],
                                      maxDepth: options["max_depth"] ?? 10, decimals: options["decimals"] ?? 2)
            XCTAssertEqual(text, c["text"] as! String, c["label"] as! String)
        }
    }

    func testThresholdsRoundFromTheirExactValueWithTiesToEven() {
        // 0.625 and 0.125 are exact in binary: true ties, to even as Python's format(x, ".2f").
        XCTAssertEqual(TreeRules.fixed(0.625, decimals: 2), "0.62")
        XCTAssertEqual(TreeRules.fixed(0.125, decimals: 2), "0.12")
        XCTAssertEqual(TreeRules.fixed(0.375, decimals: 2), "0.38")
        // 2.675 is 2.67499999... in binary: down, where scaling by 100 first would round up.
        XCTAssertEqual(TreeRules.fixed(2.675, decimals: 2), "2.67")
        XCTAssertEqual(TreeRules.fixed(-0.001, decimals: 2), "-0.00")
        XCTAssertEqual(TreeRules.fixed(1e20, decimals: 1), "100000000000000000000.0")
        XCTAssertEqual(TreeRules.fixed(.greatestFiniteMagnitude, decimals: 2), "inf")
    }

    func testAFittedTreesRulesSendEachTrainingRowToItsLeaf() throws {
        // The rules a fitted tree prints are the ones it predicts with: follow them by hand.
        let x = Matrix(rows: 8, columns: 2, storage: [1, 10, 2, 20, 3, 10, 4, 20, 5, 10, 6, 20, 7, 10, 8, 20])
        let y = TrainingData.Target.classes(labels: ["no", "yes"], y: [0, 0, 0, 0, 1, 1, 1, 1])
        let model = try DecisionTree.fit(x, y, options: TreeOptions(criterion: .gini), seed: 0)
        let text = TreeRules.text(model.tree, featureNames: ["a", "b"], classNames: model.classes)
        XCTAssertEqual(text, "|--- a <= 4.50\n|   |--- class: no\n|--- a >  4.50\n|   |--- class: yes\n")
    }
}
