import Foundation
import XCTest
import LabData
@testable import LabML

/// The paths the scikit-learn fixtures are too small to reach: two-core sorting above
/// 65,536 rows, hashed label coding, the blocked silhouette kernel. Checked against
/// straightforward computations written out here.
final class MetricsScaleTests: XCTestCase {
    private func scores(_ n: Int, seed: UInt64, decimals: Double) -> (labels: [Int], scores: [Double]) {
        var g = SeededGenerator(seed: seed)
        var labels = [Int](repeating: 0, count: n), scores = [Double](repeating: 0, count: n)
        for i in 0..<n {
            labels[i] = g.unit() < 0.3 ? 1 : 0
            scores[i] = ((g.unit() + 0.3 * Double(labels[i])) * decimals).rounded() / decimals - 0.5
        }
        return (labels, scores)
    }

    /// The Mann–Whitney statistic with mid-ranks for ties: the probability that a random
    /// positive outscores a random negative, ties counting half. Equal to the ROC area.
    private func rankSumAUC(_ labels: [Int], _ scores: [Double]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let midRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] == 1 { rankSum += midRank }
            i = j + 1
        }
        let p = Double(labels.reduce(0, +)), n = Double(labels.count) - p
        return (rankSum - p * (p + 1) / 2) / (p * n)
    }

    func testAUCOnManyTiedScoresSortedOnTwoCoresEqualsTheRankSum() throws {
        let (labels, scores) = scores(300_000, seed: 7, decimals: 1000)
        XCTAssertGreaterThan(labels.count, RankedScores.parallelRows)
        XCTAssertEqual(try Metrics.rocAUC(labels, scores), rankSumAUC(labels, scores), accuracy: 1e-12)
    }

    func testCurveAreaEqualsAUCAndEveryDistinctScoreIsAThreshold() throws {
        let (labels, scores) = scores(200_000, seed: 3, decimals: 1e6)
        let full = try Metrics.rocCurve(labels, scores, dropIntermediate: false)
        XCTAssertEqual(full.thresholds.count, Set(scores).count + 1)
        XCTAssertEqual(full.thresholds.first, .infinity)
        XCTAssertEqual(Array(full.thresholds.dropFirst()), Set(scores).sorted(by: >))
        XCTAssertEqual(full.falsePositiveRate.last, 1)
        XCTAssertEqual(full.truePositiveRate.last, 1)
        let dropped = try Metrics.rocCurve(labels, scores)
        XCTAssertLessThan(dropped.thresholds.count, full.thresholds.count)
        func trapezoid(_ c: Metrics.ROCCurve) -> Double {
            var area = 0.0
            for i in 1..<c.thresholds.count {
                area += (c.falsePositiveRate[i] - c.falsePositiveRate[i - 1]) * (c.truePositiveRate[i] + c.truePositiveRate[i - 1]) / 2
            }
            return area
        }
        let auc = try Metrics.rocAUC(labels, scores)
        XCTAssertEqual(trapezoid(full), auc, accuracy: 1e-12)
        XCTAssertEqual(trapezoid(dropped), auc, accuracy: 1e-12)
    }

    /// scikit-learn's roc_curve with drop_intermediate, written out: the counts at every distinct
    /// score (descending), the first and last point and every point whose counts bend kept, then
    /// the point (0, 0) at +∞ in front.
    private func droppedCurve(_ labels: [Int], _ scores: [Double]) -> (thresholds: [Double], tpr: [Double], fpr: [Double]) {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var thresholds: [Double] = [], tps: [Int] = [], fps: [Int] = []
        var tp = 0, fp = 0
        for (k, i) in order.enumerated() {
            tp += labels[i]
            fp += 1 - labels[i]
            if k + 1 == order.count || scores[order[k + 1]] != scores[i] { thresholds.append(scores[i]); tps.append(tp); fps.append(fp) }
        }
        let kept = thresholds.indices.filter { i in
            i == 0 || i == thresholds.count - 1
                || fps[i + 1] - fps[i] != fps[i] - fps[i - 1] || tps[i + 1] - tps[i] != tps[i] - tps[i - 1]
        }
        return ([.infinity] + kept.map { thresholds[$0] }, [0] + kept.map { Double(tps[$0]) / Double(tp) },
                [0] + kept.map { Double(fps[$0]) / Double(fp) })
    }

    func testIntermediatePointsAreDroppedAsScikitLearnDropsThemOnTwoCores() throws {
        var g = SeededGenerator(seed: 11)
        // Mostly distinct scores; many ties; more than half the samples tied at the top score (the two
        // cores cut the scores at their median: the stretch above the cut is then empty, and the first
        // point below it is the curve's first); a single positive.
        let unique = scores(200_000, seed: 3, decimals: 1e6)
        let tied = scores(150_000, seed: 4, decimals: 100)
        let topLabels = (0..<80_000).map { _ in g.unit() < 0.3 ? 1 : 0 }
        let topScores = topLabels.map { _ in g.unit() < 0.6 ? 1.0 : (g.unit() * 1000).rounded() / 1000 * 0.9 }
        let onePositive = (0..<70_000).map { $0 == 12_345 ? 1 : 0 }
        // Distinct scores with only negatives in the middle band, where the two cores cut the curve:
        // the points on either side of the cut lie on a straight stretch and are dropped.
        let bandScores = (0..<100_000).map { Double($0) / 100_000 }
        let bandLabels = (0..<100_000).map { i in (30_000..<70_000).contains(i) ? 0 : (g.unit() < 0.5 ? 1 : 0) }
        for (name, labels, scores) in [("unique", unique.labels, unique.scores), ("tied", tied.labels, tied.scores),
                                       ("top tie", topLabels, topScores), ("straight at the cut", bandLabels, bandScores),
                                       ("one positive", onePositive, unique.scores.prefix(70_000).map { $0 })] {
            XCTAssertGreaterThan(labels.count, RankedScores.parallelRows)
            let curve = try Metrics.rocCurve(labels, scores)
            let expected = droppedCurve(labels, scores)
            XCTAssertEqual(curve.thresholds, expected.thresholds, name)
            XCTAssertEqual(curve.truePositiveRate, expected.tpr, name)
            XCTAssertEqual(curve.falsePositiveRate, expected.fpr, name)
            XCTAssertLessThan(curve.thresholds.count, Set(scores).count + 1, name)
        }
    }

    /// The radix sort sorts only on the bits where keys differ, in digits of varying width:
    /// check the thresholds (every distinct score, descending) across ranges that exercise it.
    func testEveryDistinctScoreIsAThresholdWhateverTheRange() throws {
        var g = SeededGenerator(seed: 5)
        let draws: [(String, () -> Double)] = [
            ("unit", { g.unit() }),
            ("narrow", { 1000 + g.unit() * 1e-3 }),
            ("signed, wide", { (g.unit() - 0.5) * pow(10, Double(g.below(600)) - 300) }),
            ("few values", { Double(g.below(7)) - 3 }),
            ("subnormal and zero", { g.below(3) == 0 ? 0 : (g.below(2) == 0 ? -0.0 : Double.leastNonzeroMagnitude * Double(g.below(1000))) }),
            ("constant", { 0.25 }),
        ]
        for (name, draw) in draws {
            for n in [3000, 70_000] {
                let scores = (0..<n).map { _ in draw() }
                let labels = (0..<n).map { _ in g.below(3) == 0 ? 1 : 0 }
                let curve = try Metrics.rocCurve(labels, scores, dropIntermediate: false)
                let distinct = Set(scores.map { $0 + 0.0 }).sorted(by: >)
                XCTAssertEqual(Array(curve.thresholds.dropFirst()), distinct, "\(name) n=\(n)")
                // The rates at a sample of thresholds, counted directly (on two cores the counts of
                // the lower stretch start from those of the upper one).
                let positives = Double(labels.filter { $0 == 1 }.count), negatives = Double(n) - positives
                for t in stride(from: 1, to: curve.thresholds.count, by: max(1, curve.thresholds.count / 40)) {
                    let above = scores.indices.filter { scores[$0] >= curve.thresholds[t] }
                    let tp = Double(above.filter { labels[$0] == 1 }.count)
                    XCTAssertEqual(curve.truePositiveRate[t], tp / positives, "\(name) n=\(n) at \(t)")
                    XCTAssertEqual(curve.falsePositiveRate[t], (Double(above.count) - tp) / negatives, "\(name) n=\(n) at \(t)")
                }
                XCTAssertEqual(try Metrics.rocAUC(labels, scores), rankSumAUC(labels, scores), accuracy: 1e-12, "\(name) n=\(n)")
            }
        }
    }

    func testTheLargerSideIsSortedInTwoPartsWhicheverItIs() throws {
        // Over 55% of the rows on one side: that side is cut at a sampled pivot and its parts
        // sorted on two cores (the other side with the lower part). Positives the larger side
        // here (negatives elsewhere in this file), with ties across the pivot.
        var g = SeededGenerator(seed: 8)
        let n = 120_000
        let labels = (0..<n).map { _ in g.unit() < 0.8 ? 1 : 0 }
        let scores = labels.map { ((($0 == 1 ? 0.2 : 0) + g.unit()) * 1000).rounded() / 1000 }
        let curve = try Metrics.rocCurve(labels, scores, dropIntermediate: false)
        XCTAssertEqual(Array(curve.thresholds.dropFirst()), Set(scores).sorted(by: >))
        let positives = Double(labels.reduce(0, +)), negatives = Double(n) - positives
        for t in stride(from: 1, to: curve.thresholds.count, by: 37) {
            let above = scores.indices.filter { scores[$0] >= curve.thresholds[t] }
            let tp = Double(above.filter { labels[$0] == 1 }.count)
            XCTAssertEqual(curve.truePositiveRate[t], tp / positives, "at \(t)")
            XCTAssertEqual(curve.falsePositiveRate[t], (Double(above.count) - tp) / negatives, "at \(t)")
        }
        XCTAssertEqual(try Metrics.rocAUC(labels, scores), rankSumAUC(labels, scores), accuracy: 1e-12)
    }

    func testWideIntegerLabelsAreHashedAndStillSorted() throws {
        let yTrue = [1_000_000_000_000, -5, 7, 7, -5, 1_000_000_000_000]
        let yPred = [-5, -5, 7, 1_000_000_000_000, -5, 1_000_000_000_000]
        let cm = try Metrics.confusionMatrix(yTrue, yPred)
        XCTAssertEqual(cm.labels, [-5, 7, 1_000_000_000_000])
        XCTAssertEqual(cm.rows, [[2, 0, 0], [0, 1, 1], [1, 0, 1]])
        XCTAssertEqual(try Metrics.accuracy(yTrue, yPred), 4.0 / 6)
    }

    /// Labels spanning fewer than 64 values are found from their residues, wider ones by marking a
    /// table; both on two cores for long arrays, each array coded on its own.
    func testIntegerLabelsAreCodedInOrderWhateverTheirSpan() throws {
        let n = 150_000
        for (low, high) in [(-7, 11), (-3, 70), (0, 63), (5, 69)] {
            let yTrue = (0..<n).map { $0 % 3 == 0 ? high : $0 % 3 == 1 ? low : low + 1 }
            let yPred = (0..<n).map { $0 % 5 == 0 ? high : low }
            let coded = LabelCoding.integers([yTrue, yPred])
            XCTAssertEqual(coded.classes, [low, low + 1, high], "\(low)...\(high)")
            let code = [low: Int32(0), low + 1: 1, high: 2]
            XCTAssertEqual(coded.codes[0], yTrue.map { code[$0]! }, "\(low)...\(high)")
            XCTAssertEqual(coded.codes[1], yPred.map { code[$0]! }, "\(low)...\(high)")
        }
        let empty = LabelCoding.integers([[], []])
        XCTAssertEqual(empty.classes, [])
        XCTAssertEqual(empty.codes, [[], []])
    }

    func testTextLabelsSortByCodePoint() throws {
        let cm = try Metrics.confusionMatrix(["é", "b", "B", "e"], ["e", "b", "B", "é"])
        XCTAssertEqual(cm.labels, ["B", "b", "e", "é"])
    }

    func testSilhouetteKernelEqualsTheDefinition() throws {
        var g = SeededGenerator(seed: 11)
        let n = 1200, d = 3
        // Cluster sizes are not multiples of the kernel's 64-point blocks; cluster 4 is a single point.
        let labels = (0..<n).map { $0 == 0 ? 4 : g.below(4) }
        let points = labels.map { c in (0..<d).map { _ in Double(c) + 2 * g.unit() } }
        var sizes = [Int](repeating: 0, count: 5)
        for c in labels { sizes[c] += 1 }
        var expected = [Double](repeating: 0, count: n)
        for i in 0..<n where sizes[labels[i]] > 1 {
            var sums = [Double](repeating: 0, count: 5)
            for j in 0..<n {
                var s = 0.0
                for f in 0..<d { s += (points[i][f] - points[j][f]) * (points[i][f] - points[j][f]) }
                sums[labels[j]] += s.squareRoot()
            }
            let a = sums[labels[i]] / Double(sizes[labels[i]] - 1)
            let b = (0..<5).filter { $0 != labels[i] }.map { sums[$0] / Double(sizes[$0]) }.min()!
            expected[i] = (b - a) / max(a, b)
        }
        let samples = try Metrics.silhouetteSamples(points, labels: labels)
        for i in 0..<n { XCTAssertEqual(samples[i], expected[i], accuracy: 1e-12, "point \(i)") }
        XCTAssertEqual(samples[0], 0)
        XCTAssertEqual(try Metrics.silhouetteScore(points, labels: labels), expected.reduce(0, +) / Double(n), accuracy: 1e-12)
    }
}
