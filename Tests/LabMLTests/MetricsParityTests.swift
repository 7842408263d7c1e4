import Foundation
import XCTest
import LabData
@testable import LabML

/// The metrics against scikit-learn, case by case, from the fixtures written by
/// Tests/fixtures/make_metric_fixtures.py: values to 1e-9, curves point by point with the
/// same length, and the warnings scikit-learn raised, word for word.
final class MetricsParityTests: XCTestCase {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/")
    }()

    private func fixtures() -> [String: Any] {
        let data = try! Data(contentsOf: URL(fileURLWithPath: Self.root + "/Tests/LabMLTests/Fixtures/metrics.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    private func cases(_ kind: String) -> [[String: Any]] { fixtures()[kind] as! [[String: Any]] }

    // MARK: - Reading the fixture

    /// JSON has no NaN or infinity; the generator writes them as strings.
    private func number(_ x: Any) -> Double {
        if let s = x as? String {
            switch s {
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: return .nan
            }
        }
        return Self.exactDouble(x)
    }

    /// Foundation on Linux reads 17-digit numbers as NSDecimalNumber, whose doubleValue can
    /// be an ulp off; that would split or merge tied scores. Its digits convert exactly.
    static func exactDouble(_ x: Any) -> Double {
        if let d = x as? NSDecimalNumber { return Double(d.stringValue)! }
        return (x as! NSNumber).doubleValue
    }

    private func numbers(_ x: Any?) -> [Double] { (x as! [Any]).map(number) }

    private func labelType(_ c: [String: Any]) -> any FixtureLabel.Type {
        switch c["kind"] as! String {
        case "int": return Int.self
        case "float": return Double.self
        default: return String.self
        }
    }

    private func labels<L: FixtureLabel>(_ x: Any?, _: L.Type) -> [L] { (x as! [Any]).map(L.decode) }

    private func optionalLabel<L: FixtureLabel>(_ x: Any?, _: L.Type) -> L? {
        guard let x, !(x is NSNull) else { return nil }
        return L.decode(x)
    }

    // MARK: - Comparing

    /// Equal to 1e-9 relative (1e-9 absolute below 1); NaN equals NaN, infinities must match.
    private func assertClose(_ a: Double, _ b: Double, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        if b.isNaN { return XCTAssertTrue(a.isNaN, "\(label): \(a) vs NaN", file: file, line: line) }
        if b.isInfinite { return XCTAssertEqual(a, b, label, file: file, line: line) }
        XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(b)), label, file: file, line: line)
    }

    private func assertClose(_ a: [Double], _ b: [Double], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, "\(label): length", file: file, line: line)
        guard a.count == b.count else { return }
        for i in a.indices { assertClose(a[i], b[i], "\(label)[\(i)]", file: file, line: line) }
    }

    private func assertWarnings(_ w: [MetricWarning], _ expected: Any?, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(w.map(\.message), expected as! [String], "\(label): warnings", file: file, line: line)
    }

    private func zeroDivision(_ name: String) -> Metrics.ZeroDivision { Metrics.ZeroDivision(rawValue: name)! }

    // MARK: - Scores of binary targets

    func testScoreCurvesAndAreasMatchScikitLearn() throws {
        for c in cases("scores") { try checkScores(c, labelType(c)) }
    }

    private func checkScores<L: FixtureLabel>(_ c: [String: Any], _ type: L.Type) throws {
        let name = c["name"] as! String
        let y = labels(c["y_true"], type), s = numbers(c["y_score"])
        let pos = optionalLabel(c["pos_label"], type)
        for drop in [true, false] {
            if let roc = c["roc_drop_\(drop)"] as? [String: Any] {
                let curve = try Metrics.rocCurve(y, s, positive: pos, dropIntermediate: drop)
                assertClose(curve.falsePositiveRate, numbers(roc["fpr"]), "\(name) roc fpr drop=\(drop)")
                assertClose(curve.truePositiveRate, numbers(roc["tpr"]), "\(name) roc tpr drop=\(drop)")
                assertClose(curve.thresholds, numbers(roc["thresholds"]), "\(name) roc thresholds drop=\(drop)")
                assertWarnings(curve.warnings, roc["warnings"], "\(name) roc drop=\(drop)")
            }
            if let pr = c["pr_drop_\(drop)"] as? [String: Any] {
                let curve = try Metrics.precisionRecallCurve(y, s, positive: pos, dropIntermediate: drop)
                assertClose(curve.precision, numbers(pr["precision"]), "\(name) pr precision drop=\(drop)")
                assertClose(curve.recall, numbers(pr["recall"]), "\(name) pr recall drop=\(drop)")
                assertClose(curve.thresholds, numbers(pr["thresholds"]), "\(name) pr thresholds drop=\(drop)")
                assertWarnings(curve.warnings, pr["warnings"], "\(name) pr drop=\(drop)")
            }
        }
        if let auc = c["roc_auc"] { assertClose(try Metrics.rocAUC(y, s), number(auc), "\(name) roc_auc") }
        if let auc = c["roc_auc_positive"] { assertClose(try Metrics.rocAUC(y, s, positive: pos), number(auc), "\(name) roc_auc positive") }
        let ap = try Metrics.averagePrecision(y, s, positive: pos)
        assertClose(ap.value, number(c["average_precision"]!), "\(name) average precision")
        assertWarnings(ap.warnings, c["average_precision_warnings"], "\(name) average precision")
        if let loss = c["log_loss"] {
            let v = try Metrics.logLoss(y, probabilities: s)
            assertClose(v.value, number(loss), "\(name) log loss")
            assertWarnings(v.warnings, c["log_loss_warnings"], "\(name) log loss")
        }
        if let brier = c["brier"] { assertClose(try Metrics.brierScore(y, probabilities: s, positive: pos), number(brier), "\(name) brier") }
    }

    // MARK: - Predicted labels

    func testLabelMetricsMatchScikitLearn() throws {
        for c in cases("labels") { try checkLabels(c, labelType(c)) }
    }

    private func checkLabels<L: FixtureLabel>(_ c: [String: Any], _ type: L.Type) throws {
        let name = c["name"] as! String
        let yt = labels(c["y_true"], type), yp = labels(c["y_pred"], type)
        assertClose(try Metrics.accuracy(yt, yp), number(c["accuracy"]!), "\(name) accuracy")
        for adjusted in [false, true] {
            let expected = c["balanced_accuracy_\(adjusted ? "adjusted" : "plain")"] as! [String: Any]
            let v = try Metrics.balancedAccuracy(yt, yp, adjusted: adjusted)
            assertClose(v.value, number(expected["value"]!), "\(name) balanced accuracy adjusted=\(adjusted)")
            assertWarnings(v.warnings, expected["warnings"], "\(name) balanced accuracy")
        }
        let confusion = c["confusion"] as! [String: Any]
        let cm = try Metrics.confusionMatrix(yt, yp)
        XCTAssertEqual(cm.labels, labels(confusion["labels"], type), "\(name) confusion labels")
        XCTAssertEqual(cm.rows, confusion["matrix"] as! [[Int]], "\(name) confusion matrix")
        for (key, over) in [("true", Metrics.ConfusionMatrix<L>.Normalization.actual), ("pred", .predicted), ("all", .all)] {
            assertClose(cm.normalized(over: over).flatMap { $0 }, numbers(confusion[key]), "\(name) confusion normalize=\(key)")
        }
        let subset: [L]? = c["subset"].map { labels($0, type) }
        if let subset {
            XCTAssertEqual(try Metrics.confusionMatrix(yt, yp, labels: subset).rows, c["confusion_subset"] as! [[Int]], "\(name) confusion subset")
        }
        for entry in c["prf"] as! [[String: Any]] { try checkPRF(entry, yt, yp, name) }
        if let single = c["single"] as? [String: Any] {
            let pos = L.decode(single["pos_label"]!)
            assertWarnings(try Metrics.precision(yt, yp, positive: pos).warnings, single["precision"], "\(name) precision_score")
            assertWarnings(try Metrics.recall(yt, yp, positive: pos).warnings, single["recall"], "\(name) recall_score")
            assertWarnings(try Metrics.f1(yt, yp, positive: pos).warnings, single["f1"], "\(name) f1_score")
        }
        for r in c["reports"] as! [[String: Any]] {
            let given: [L]? = (r["labels"] is NSNull) ? nil : labels(r["labels"], type)
            try checkReport(try Metrics.classificationReport(yt, yp, labels: given), r, "\(name) report labels=\(given.map { "\($0)" } ?? "all")")
        }
    }

    private func checkPRF<L: FixtureLabel>(_ e: [String: Any], _ yt: [L], _ yp: [L], _ name: String) throws {
        let beta = number(e["beta"]!)
        let zd = zeroDivision(e["zero_division"] as! String)
        let label = "\(name) beta=\(beta) zero_division=\(zd)"
        if let binary = e["binary"] as? [String: Any] {
            let pos = L.decode(e["pos_label"]!)
            let s = try Metrics.precisionRecallFScore(yt, yp, beta: beta, average: .binary, positive: pos, zeroDivision: zd)
            assertClose([s.precision, s.recall, s.fScore], [binary["precision"]!, binary["recall"]!, binary["f"]!].map(number), "\(label) binary pos=\(pos)")
            assertWarnings(s.warnings, binary["warnings"], "\(label) binary pos=\(pos)")
            return
        }
        let given: [L]? = (e["labels"] is NSNull) ? nil : (e["labels"] as! [Any]).map(L.decode)
        let tag = "\(label) labels=\(given.map { "\($0)" } ?? "all")"
        let per = e["per_class"] as! [String: Any]
        let scores = try Metrics.precisionRecallFScorePerClass(yt, yp, beta: beta, labels: given, zeroDivision: zd)
        assertClose(scores.precision, numbers(per["precision"]), "\(tag) precision")
        assertClose(scores.recall, numbers(per["recall"]), "\(tag) recall")
        assertClose(scores.fScore, numbers(per["f"]), "\(tag) f")
        XCTAssertEqual(scores.support, per["support"] as! [Int], "\(tag) support")
        assertWarnings(scores.warnings, per["warnings"], "\(tag) per class")
        for average in [Metrics.Average.micro, .macro, .weighted] {
            let expected = e[average.rawValue] as! [String: Any]
            let s = try Metrics.precisionRecallFScore(yt, yp, beta: beta, average: average, labels: given, zeroDivision: zd)
            assertClose([s.precision, s.recall, s.fScore], [expected["precision"]!, expected["recall"]!, expected["f"]!].map(number), "\(tag) \(average)")
            assertWarnings(s.warnings, expected["warnings"], "\(tag) \(average)")
        }
    }

    private func checkReport<L: FixtureLabel>(_ report: Metrics.ClassificationReport<L>, _ r: [String: Any], _ label: String) throws {
        let expected = r["report"] as! [String: Any]
        func row(_ got: Metrics.ClassificationReport<L>.Row, _ key: String) {
            guard let e = expected[key] as? [String: Any] else { return XCTFail("\(label): no row \(key) in scikit-learn's report") }
            assertClose([got.precision, got.recall, got.f1, Double(got.support)],
                        [e["precision"]!, e["recall"]!, e["f1-score"]!, e["support"]!].map(number), "\(label) \(key)")
        }
        for (k, l) in report.labels.enumerated() { row(report.classes[k], "\(l)") }
        if let accuracy = report.accuracy {
            assertClose(accuracy, number(expected["accuracy"] ?? "missing"), "\(label) accuracy")
        } else {
            XCTAssertNil(expected["accuracy"], "\(label): scikit-learn reports accuracy")
        }
        if let micro = report.microAverage { row(micro, "micro avg") } else { XCTAssertNil(expected["micro avg"], label) }
        row(report.macroAverage, "macro avg")
        row(report.weightedAverage, "weighted avg")
        XCTAssertEqual(expected.count, report.labels.count + 3, "\(label): rows")
        assertWarnings(report.warnings, r["warnings"], label)
    }

    // MARK: - Probability matrices

    func testProbabilityMetricsMatchScikitLearn() throws {
        for c in cases("probabilities") { try checkProbabilities(c, labelType(c)) }
    }

    private func checkProbabilities<L: FixtureLabel>(_ c: [String: Any], _ type: L.Type) throws {
        let name = c["name"] as! String
        let y = labels(c["y_true"], type)
        let proba = (c["proba"] as! [Any]).map(numbers)
        let given: [L]? = (c["labels"] is NSNull) ? nil : labels(c["labels"], type)
        for average in Metrics.MulticlassAverage.allCases {
            guard let expected = c["auc_\(average.rawValue)"] else { continue }
            assertClose(try Metrics.rocAUC(y, probabilities: proba, average: average, labels: given), number(expected), "\(name) auc \(average)")
        }
        if let perClass = c["auc_per_class"] {
            assertClose(try Metrics.rocAUCPerClass(y, probabilities: proba, labels: given), numbers(perClass), "\(name) auc per class")
        }
        let loss = try Metrics.logLoss(y, probabilities: proba, labels: given)
        assertClose(loss.value, number(c["log_loss"]!), "\(name) log loss")
        assertWarnings(loss.warnings, c["log_loss_warnings"], "\(name) log loss")
        // The same from one matrix, as predictions come.
        let fromMatrix = try Metrics.logLoss(y, probabilities: Matrix(rows: proba.count, columns: proba.first?.count ?? 0,
                                                                      storage: proba.flatMap { $0 }), labels: given)
        XCTAssertEqual(fromMatrix.value, loss.value, "\(name) log loss from a matrix")
        assertWarnings(fromMatrix.warnings, c["log_loss_warnings"], "\(name) log loss from a matrix")
        let brier = try Metrics.brierScore(y, probabilities: proba, labels: given)
        assertClose(brier.value, number(c["brier"]!), "\(name) brier")
        assertWarnings(brier.warnings, c["brier_warnings"], "\(name) brier")
        assertClose(try Metrics.brierScore(y, probabilities: proba, labels: given, scaleByHalf: false).value,
                    number(c["brier_unscaled"]!), "\(name) brier unscaled")
    }

    // MARK: - Regression and clustering

    func testRegressionMetricsMatchScikitLearn() throws {
        for c in cases("regression") {
            let name = c["name"] as! String
            let yt = numbers(c["y_true"]), yp = numbers(c["y_pred"])
            assertClose(try Metrics.meanSquaredError(yt, yp), number(c["mse"]!), "\(name) mse")
            assertClose(try Metrics.rootMeanSquaredError(yt, yp), number(c["rmse"]!), "\(name) rmse")
            assertClose(try Metrics.meanAbsoluteError(yt, yp), number(c["mae"]!), "\(name) mae")
            assertClose(try Metrics.meanAbsolutePercentageError(yt, yp), number(c["mape"]!), "\(name) mape")
            let r2 = try Metrics.r2(yt, yp)
            assertClose(r2.value, number(c["r2"]!), "\(name) r2")
            assertWarnings(r2.warnings, c["r2_warnings"], "\(name) r2")
        }
    }

    func testClusteringMetricsMatchScikitLearn() throws {
        for c in cases("clusters") { try checkClusters(c, labelType(c)) }
    }

    private func checkClusters<L: FixtureLabel>(_ c: [String: Any], _ type: L.Type) throws {
        let name = c["name"] as! String
        let x = (c["x"] as! [Any]).map(numbers)
        let y = labels(c["labels"], type)
        assertClose(try Metrics.silhouetteScore(x, labels: y), number(c["silhouette"]!), "\(name) silhouette")
        assertClose(try Metrics.silhouetteSamples(x, labels: y), numbers(c["samples"]), "\(name) silhouette samples")
        if let centres = c["centres"] {
            let assignments = y.map { Int($0.description)! }
            assertClose(try Metrics.inertia(x, assignments: assignments, centres: (centres as! [Any]).map(numbers)),
                        number(c["inertia"]!), "\(name) inertia")
        }
    }

    func testFixturesComeFromTheScikitLearnTheProjectPins() {
        XCTAssertEqual(fixtures()["sklearn_version"] as? String, "1.9.1")
    }
}

/// Labels as the fixture stores them.
protocol FixtureLabel: MetricLabel {
    static func decode(_ x: Any) -> Self
}

extension Int: FixtureLabel {
    static func decode(_ x: Any) -> Int { (x as! NSNumber).intValue }
}

extension Double: FixtureLabel {
    static func decode(_ x: Any) -> Double { MetricsParityTests.exactDouble(x) }
}

extension String: FixtureLabel {
    static func decode(_ x: Any) -> String { x as! String }
}
