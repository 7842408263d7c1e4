import XCTest
import LabData
@testable import LabML

/// `predict` reads a frame's feature columns straight through for the kinds that can (linear,
/// logistic, naive Bayes, PCA): the same bits as the prediction from the feature matrix, and the
/// same error as the matrix build for a feature that cannot be read.
final class FramePredictionTests: XCTestCase {
    /// 20,000 rows (more than one block on each core): four features, a three-class label and a number.
    private func frame(rows: Int = 20_000, seed: UInt64 = 17) throws -> Frame {
        var rng = SeededGenerator(seed: seed)
        let a = (0..<rows).map { _ in (rng.unit() - 0.5) * 8 }, b = (0..<rows).map { _ in rng.unit() * 3 }
        let c = (0..<rows).map { _ in (rng.unit() - 0.3) * 100 }, d = (0..<rows).map { _ in rng.unit() - 0.5 }
        var label: [String?] = [], two: [String?] = [], y: [Double] = []
        for r in 0..<rows {
            let score: Double = a[r] + b[r] + 4 * d[r]
            label.append(score > 2 ? "high" : (a[r] < -1 ? "low" : "mid"))
            two.append(a[r] - 5 * d[r] > 0 ? "yes" : "no")
            let value: Double = 3 * a[r] - 2 * b[r] + 0.01 * c[r]
            y.append(value + rng.unit())
        }
        return try Frame(name: "f", columns: [
            Column(name: "a", type: .float, values: a), Column(name: "b", type: .float, values: b),
            Column(name: "c", type: .float, values: c), Column(name: "d", type: .float, values: d),
            Column(name: "label", strings: label), Column(name: "two", strings: two), Column(name: "y", type: .float, values: y),
        ])
    }

    private func train(_ kind: ModelKind, _ frame: Frame, target: String?, _ params: [String: String] = [:]) throws -> TrainedModel {
        try Trainer.train(kind, name: kind.rawValue, frame: frame, target: target, features: ["a", "b", "c", "d"], parameters: params,
                          prep: PrepPipeline())
    }

    private func values(_ frame: Frame, _ name: String) throws -> [Double] {
        guard case .numbers(let v, _) = try frame.column(name).data else { throw DataError("'\(name)' is not numbers") }
        return v
    }

    private func columns(_ frame: Frame) throws -> [[Double]] { try ["a", "b", "c", "d"].map { try values(frame, $0) } }

    private func matrix(_ frame: Frame) throws -> Matrix {
        try TrainingData.matrix(frame, features: ["a", "b", "c", "d"], rows: nil)
    }

    func testColumnPredictionsAreTheMatrixPredictionsBitForBit() throws {
        let f = try frame(), x = try matrix(f)
        let models = [try train(.linear, f, target: "y"), try train(.ridge, f, target: "y", ["alpha": "3"]),
                      try train(.lasso, f, target: "y", ["alpha": "0.1"]), try train(.logistic, f, target: "two"),
                      try train(.logistic, f, target: "label"), try train(.naiveBayes, f, target: "label"),
                      try train(.pca, f, target: nil, ["components": "3"]), try train(.kmeans, f, target: nil, ["k": "5"])]
        for model in models {
            let fromColumns = try model.predict(frame: f)
            XCTAssertNotNil(model.predict(columns: try columns(f)), "\(model.kind) reads columns")
            XCTAssertEqual(fromColumns, model.predict(x), "\(model.kind)")
        }
        // The kinds that walk rows take the matrix way, to the same answer.
        let tree = try train(.tree, f, target: "label", ["max_depth": "4"])
        XCTAssertNil(tree.predict(columns: try columns(f)))
        XCTAssertEqual(try tree.predict(frame: f), tree.predict(x))
    }

    func testAFeatureThatCannotBeReadIsNamedAsTheMatrixBuildNamesIt() throws {
        let f = try frame(rows: 10_000)
        let models = [try train(.ridge, f, target: "y"), try train(.logistic, f, target: "two"), try train(.naiveBayes, f, target: "label"),
                      try train(.pca, f, target: nil, ["components": "2"]), try train(.kmeans, f, target: nil, ["k": "3"])]
        var c = try values(f, "c")
        for (bad, message) in [(Double.nan, "non-finite value (nan) in row 9001"), (.infinity, "non-finite value (inf) in row 9001"),
                               (-.infinity, "non-finite value (-inf) in row 9001")] {
            c[9000] = bad
            let broken = try f.setting(Column(name: "c", type: .float, values: c))
            for model in models {
                XCTAssertThrowsError(try model.predict(frame: broken), "\(model.kind) \(bad)") { error in
                    XCTAssertTrue("\(error)".contains("feature 'c' has a \(message)"), "\(model.kind): \(error)")
                }
            }
        }
        // An infinity times a weight of 0 is NaN, not 0: the scores still show it.
        var weightless = try columns(f)
        weightless[2][5] = .infinity
        let zero = LinearModel(coefficients: [1, 2, 0, 4], intercept: 0.5, iterations: nil)
        XCTAssertTrue(zero.predict(columns: weightless)[5].isNaN)
        var missing = [Bool](repeating: false, count: f.rowCount)
        missing[42] = true
        let gap = try f.setting(Column(name: "b", type: .float, values: try values(f, "b"), missing: Bitmap(missing)))
        XCTAssertThrowsError(try models[0].predict(frame: gap)) { error in
            XCTAssertTrue("\(error)".contains("feature 'b' has 1 missing value in \(f.rowCount) rows (first in row 43)"), "\(error)")
        }
    }

    func testFiniteValuesTooLargeForTheScoresGiveTheMatrixAnswer() throws {
        let f = try frame(rows: 9_000)
        let model = try train(.ridge, f, target: "y")
        var a = try values(f, "a")
        a[17] = 1e308  // finite, but three times it (a's weight) overflows to an infinity
        let huge = try f.setting(Column(name: "a", type: .float, values: a))
        guard case .values(let v) = try model.predict(frame: huge) else { return XCTFail() }
        XCTAssertFalse(v[17].isFinite)
        XCTAssertEqual(try model.predict(frame: huge), model.predict(try matrix(huge)))
    }

    /// k-means sums each distance in four interleaved parts and a tail, as `squaredEuclidean` does:
    /// feature counts with every remainder mod 4, rows over several blocks and pieces.
    func testKMeansLabelsFromColumnsAreTheLabelsFromRows() throws {
        var rng = SeededGenerator(seed: 23)
        for p in [1, 2, 3, 4, 5, 7, 8, 11] {
            let rows = 9_001
            let x = Matrix(rows: rows, columns: p, storage: (0..<(rows * p)).map { i in (rng.unit() - 0.5) * Double(1 + i % 5) })
            let model = try KMeans.fit(x, k: 6, initializations: 1, maxIterations: 5, tolerance: 1e-4, seed: 2)
            let columns = (0..<p).map { j in (0..<rows).map { x[$0, j] } }
            XCTAssertEqual(model.predict(columns: columns), model.predict(x), "\(p) features")
            var broken = columns
            broken[p - 1][8_999] = .nan
            XCTAssertNil(model.predict(columns: broken), "\(p) features: a NaN makes a distance NaN")
            broken[p - 1][8_999] = -.infinity
            XCTAssertNil(model.predict(columns: broken), "\(p) features: an infinity makes a distance infinite")
        }
    }

    /// The distances behind those labels are the bits `squaredEuclidean` gives for each row.
    func testKMeansColumnDistancesAreTheRowDistancesBitForBit() {
        var rng = SeededGenerator(seed: 29)
        for p in [1, 3, 4, 6, 9, 20] {
            let k = 3
            let rows = (0..<4).map { _ in (0..<p).map { _ in (rng.unit() - 0.5) * 1e3 } }
            let centres = (0..<(k * p)).map { _ in (rng.unit() - 0.5) * 1e3 }
            let columns = (0..<p).map { j in rows.map { $0[j] } }
            let (labels, nearest) = ColumnScores.withBases(columns) { KMeans.nearestOfFour($0, at: 0, centres: centres, k: k, p: p) }
            for (r, row) in rows.enumerated() {
                let distances = (0..<k).map { c in
                    row.withUnsafeBufferPointer { a in centres.withUnsafeBufferPointer { squaredEuclidean(a.baseAddress!, $0.baseAddress! + c * p, p) } }
                }
                let best = distances.indices.min { distances[$0] < distances[$1] }!
                XCTAssertEqual(nearest[r].bitPattern, distances[best].bitPattern, "\(p) features, row \(r)")
                XCTAssertEqual(Int(labels[r]), best)
            }
        }
    }

    /// `train pca` adds the components as a step; applied to new data it reads the columns the same way.
    func testPCAStepNamesANonFiniteFeatureAndKeepsOverflowingCoordinates() throws {
        let f = try frame(rows: 9_000)
        let model = try train(.pca, f, target: nil, ["components": "2"])
        guard let step = PCAProjection(model) else { return XCTFail("a PCA step") }
        let applied = try step.apply(to: f)
        guard case .components(_, let expected) = model.predict(try matrix(f)) else { return XCTFail() }
        XCTAssertEqual(try values(applied, "PC1"), expected[0])
        XCTAssertEqual(try values(applied, "PC2"), expected[1])
        var b = try values(f, "b")
        b[8_000] = .nan
        XCTAssertThrowsError(try step.apply(to: try f.setting(Column(name: "b", type: .float, values: b)))) { error in
            XCTAssertTrue("\(error)".contains("feature 'b' has a non-finite value (nan) in row 8001"), "\(error)")
        }
        // Two features that move together, so PC1 weighs both (about 0.71 each): both at 1.7e308,
        // finite values whose coordinate overflows to an infinity, which stands (no error).
        var rng = SeededGenerator(seed: 3)
        let t = (0..<2_000).map { _ in rng.unit() * 10 }
        let pair = try Frame(name: "pair", columns: [Column(name: "a", type: .float, values: t),
                                                     Column(name: "b", type: .float, values: t.map { $0 + rng.unit() * 0.1 })])
        let joint = try Trainer.train(.pca, name: "joint", frame: pair, target: nil, features: ["a", "b"], parameters: ["components": "1"],
                                      prep: PrepPipeline())
        guard let jointStep = PCAProjection(joint), case .pca(let pca) = joint.fitted else { return XCTFail() }
        XCTAssertGreaterThan(pca.components[0].map(abs).reduce(0, +), 1.3)
        let extreme = try pair.setting(Column(name: "a", type: .float, values: [1.7e308] + t.dropFirst()))
            .setting(Column(name: "b", type: .float, values: [1.7e308] + t.dropFirst()))
        let huge = try jointStep.apply(to: extreme)
        XCTAssertEqual(try values(huge, "PC1")[0], .infinity)
    }

    /// The projection, four rows and four components a step, is the row-by-row sum bit for bit:
    /// component counts around multiples of four, row counts with every remainder mod 4.
    func testPCAProjectionIsTheRowByRowSumBitForBit() {
        var rng = SeededGenerator(seed: 31)
        for (rows, p, k) in [(1, 3, 1), (7, 5, 4), (4_098, 6, 5), (9_003, 20, 8), (5, 2, 2)] {
            let x = Matrix(rows: rows, columns: p, storage: (0..<(rows * p)).map { _ in (rng.unit() - 0.5) * 1e3 })
            let mean = (0..<p).map { _ in rng.unit() * 10 }
            let components = (0..<k).map { _ in (0..<p).map { _ in rng.unit() - 0.5 } }
            let pca = PCA(features: p, mean: mean, components: components, explainedVariance: Array(repeating: 1, count: k),
                          explainedVarianceRatio: Array(repeating: 0.1, count: k), singularValues: Array(repeating: 1, count: k))
            let expected = components.map { w in
                (0..<rows).map { r in (0..<p).reduce(0.0) { s, j in s + (x[r, j] - mean[j]) * w[j] } }
            }
            XCTAssertEqual(pca.project(x), expected, "\(rows) rows, \(p) features, \(k) components")
            XCTAssertEqual(pca.project(columns: (0..<p).map { j in (0..<rows).map { x[$0, j] } }), expected)
        }
    }
}
