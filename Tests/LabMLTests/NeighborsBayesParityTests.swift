import XCTest
import LabData
@testable import LabML

/// k nearest neighbours and Gaussian naive Bayes: exact math, so predictions and
/// probabilities match scikit-learn's (Tests/fixtures/make_estimator_fixtures.py).
final class NeighborsBayesParityTests: XCTestCase {
    func testNeighboursPredictExactlyAsScikitLearn() throws {
        for c in EstimatorFixtures.cases("knn") {
            let name = c["dataset"] as! String, k = c["k"] as! Int, weights = c["weights"] as! String
            let split = try EstimatorFixtures.split(name)
            guard case .classes(let classes, let y) = split.yTrain else { return XCTFail() }
            let model = try KNearestNeighbors.fit(split.xTrain, classes: classes, y: y, k: k, weighting: weights == "distance" ? .distance : .uniform)
            // The first 400 test rows (debug builds are slow); every one must agree.
            let rows = min(400, split.xTest.rows)
            let queries = Matrix(rows: rows, columns: split.xTest.columns, storage: Array(split.xTest.storage.prefix(rows * split.xTest.columns)))
            let prediction = TrainedModel.classes(classes, model.probabilityMatrix(queries))
            let labels = EstimatorFixtures.labels(prediction)
            let tied = Set(c["tied"] as! [Int])
            let expected = c["predictions"] as! [String], proba = c["proba"] as! [[Double]]
            guard case .classes(_, _, let ours) = prediction else { return XCTFail() }
            for i in 0..<rows where !tied.contains(i) {
                XCTAssertEqual(labels[i], expected[i], "\(name) k=\(k) row \(i)")
                for (a, b) in zip(ours.row(i), proba[i]) { XCTAssertEqual(a, b, accuracy: 1e-9, "\(name) k=\(k) row \(i)") }
            }
        }
    }

    func testScreenedSearchEqualsExhaustiveSearch() throws {
        // Offset data (large mean, small spread) stress the single-precision screen; duplicates tie exactly.
        var rng = SeededGenerator(seed: 3)
        let n = 1500, d = 7
        var storage = (0..<(n * d)).map { _ in 1000 + rng.unit() }
        for j in 0..<d { storage[10 * d + j] = storage[20 * d + j] }
        let x = Matrix(rows: n, columns: d, storage: storage)
        let queries = Matrix(rows: 37, columns: d, storage: (0..<(37 * d)).map { _ in 1000 + rng.unit() })
        let (indices, distances) = NeighborSearch(x).nearest(queries, k: 9)
        for q in 0..<queries.rows {
            var exact: [(Double, Int)] = []
            for r in 0..<n {
                var s = 0.0
                for j in 0..<d { let t = queries[q, j] - x[r, j]; s += t * t }
                exact.append((s, r))
            }
            exact.sort { a, b in a.0 < b.0 || (a.0 == b.0 && a.1 < b.1) }
            let expected: [Int] = exact.prefix(9).map { $0.1 }
            XCTAssertEqual((0..<9).map { Int(indices[q * 9 + $0]) }, expected, "query \(q)")
            XCTAssertEqual(distances[q * 9], exact[0].0.squareRoot(), accuracy: 1e-12)
        }
    }

    func testTheAVX2ScreenFindsWhatTheBaselineFinds() throws {
        guard VectorUnits.wide != 0 else { throw XCTSkip("this machine has no AVX2") }
        var rng = SeededGenerator(seed: 11)
        // 19 features: an odd count pads a pair; 2,003 rows: a last panel part padding.
        let n = 2003, d = 19
        let x = Matrix(rows: n, columns: d, storage: (0..<(n * d)).map { _ in rng.unit() * 4 - 2 })
        let queries = Matrix(rows: 101, columns: d, storage: (0..<(101 * d)).map { _ in rng.unit() * 4 - 2 })
        let search = NeighborSearch(x)
        for k in [1, 5, 50] {
            let wide = search.nearest(queries, k: k, wide: true), baseline = search.nearest(queries, k: k, wide: false)
            XCTAssertEqual(wide.indices, baseline.indices, "k=\(k)")
            XCTAssertEqual(wide.distances, baseline.distances, "k=\(k)")
        }
    }

    func testVoteTiesGoToTheFirstClass() throws {
        let x = Matrix(rows: 4, columns: 1, storage: [0, 1, 3, 4])
        let model = try KNearestNeighbors.fit(x, classes: ["a", "b"], y: [1, 1, 0, 0], k: 4, weighting: .uniform)
        guard case .classes(_, let labels, let p) = TrainedModel.classes(model.classes, model.probabilityMatrix(Matrix(rows: 1, columns: 1, storage: [2]))) else { return XCTFail() }
        XCTAssertEqual(Array(p.row(0)), [0.5, 0.5])
        XCTAssertEqual(labels, [0])
        // An exact match takes all the weight under distance weighting.
        let weighted = try KNearestNeighbors.fit(x, classes: ["a", "b"], y: [1, 1, 0, 0], k: 3, weighting: .distance)
        XCTAssertEqual(weighted.probabilities(Matrix(rows: 1, columns: 1, storage: [3]))[0], [1, 0])
    }

    func testNaiveBayesMatchesScikitLearn() throws {
        for c in EstimatorFixtures.cases("naive_bayes") {
            let name = c["dataset"] as! String
            var split = try EstimatorFixtures.split(name)
            if let constant = c["constant_column"] as? Double {
                func widen(_ m: Matrix) -> Matrix {
                    Matrix(rows: m.rows, columns: m.columns + 1, storage: (0..<m.rows).flatMap { Array(m.row($0)) + [constant] })
                }
                split = EstimatorFixtures.Split(xTrain: widen(split.xTrain), xTest: widen(split.xTest), yTrain: split.yTrain,
                                                testLabels: split.testLabels, testValues: split.testValues)
            }
            guard case .classes(let classes, let y) = split.yTrain else { return XCTFail() }
            let model = try GaussianNaiveBayes.fit(split.xTrain, classes: classes, y: y, varSmoothing: 1e-9)
            let label = "\(name)\(c["constant_column"] != nil ? " + constant" : "")"
            XCTAssertEqual(model.epsilon, c["epsilon"] as! Double, accuracy: 1e-12 * (c["epsilon"] as! Double), label)
            for (ours, theirs) in zip(model.means.joined(), (c["theta"] as! [[Double]]).joined()) {
                XCTAssertEqual(ours, theirs, accuracy: 1e-12 * max(1, abs(theirs)), label)
            }
            for (ours, theirs) in zip(model.variances.joined(), (c["var"] as! [[Double]]).joined()) {
                XCTAssertEqual(ours, theirs, accuracy: 1e-10 * theirs, label)
            }
            let proba = c["proba"] as! [[Double]]
            let first = Matrix(rows: proba.count, columns: split.xTest.columns, storage: Array(split.xTest.storage.prefix(proba.count * split.xTest.columns)))
            for (r, (ours, theirs)) in zip(model.probabilities(first), proba).enumerated() {
                for (a, b) in zip(ours, theirs) { XCTAssertEqual(a, b, accuracy: 1e-9, "\(label) row \(r)") }
            }
            let prediction = TrainedModel.classes(classes, model.probabilityMatrix(split.xTest))
            XCTAssertEqual(EstimatorFixtures.labels(prediction), c["predictions"] as! [String], label)
        }
    }
}
