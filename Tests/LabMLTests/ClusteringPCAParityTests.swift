import Foundation
import XCTest
import LabData
@testable import LabML

/// k-means and PCA against scikit-learn (Tests/fixtures/make_estimator_fixtures.py).
final class ClusteringPCAParityTests: XCTestCase {
    private func standardized(_ x: Matrix) -> Matrix {
        let means = x.columnMeans()
        var out = x
        for j in 0..<x.columns {
            let sd = ((0..<x.rows).reduce(0.0) { $0 + (x[$1, j] - means[j]) * (x[$1, j] - means[j]) } / Double(x.rows)).squareRoot()
            for r in 0..<x.rows { out[r, j] = (x[r, j] - means[j]) / sd }
        }
        return out
    }

    func testKMeansInertiaWithinOnePercent() throws {
        for c in EstimatorFixtures.cases("kmeans") {
            let name = c["dataset"] as! String, k = c["k"] as! Int
            var x = try EstimatorFixtures.features(name)
            if c["standardized"] as! Bool { x = standardized(x) }
            let model = try KMeans.fit(x, k: k, initializations: c["n_init"] as! Int, maxIterations: 300, tolerance: 1e-4, seed: 42)
            let reference = c["inertia_seed42"] as! Double
            print("kmeans \(name) k=\(k): inertia \(model.inertia) in \(model.iterations) iterations; scikit-learn \(reference) in \(c["n_iter"]!)")
            XCTAssertEqual(model.inertia, reference, accuracy: 0.01 * reference, name)
            // Inertia is the sum of squared distances to the centres the rows are assigned to.
            let labels = model.predict(x)
            let direct = (0..<x.rows).reduce(0.0) { s, r in s + (0..<x.columns).reduce(0.0) { $0 + pow(x[r, $1] - model.centers[labels[r], $1], 2) } }
            XCTAssertEqual(model.inertia, direct, accuracy: 1e-9 * direct)
            XCTAssertEqual(model.clusterSizes.reduce(0, +), x.rows)
        }
    }

    func testKMeansPlusPlusIsSeeded() throws {
        let x = try EstimatorFixtures.features("gen_blobs")
        let a = try KMeans.fit(x, k: 8, initializations: 1, maxIterations: 300, tolerance: 1e-4, seed: 1)
        XCTAssertEqual(a, try KMeans.fit(x, k: 8, initializations: 1, maxIterations: 300, tolerance: 1e-4, seed: 1))
        // More starts never end worse than the first.
        let b = try KMeans.fit(x, k: 8, initializations: 4, maxIterations: 300, tolerance: 1e-4, seed: 1)
        XCTAssertLessThanOrEqual(b.inertia, a.inertia + 1e-9)
    }

    func testKMeansIsTheSameAtAnyScale() throws {
        // The assignments read a float copy scaled to magnitudes near 1: data scaled by a power of
        // two, down to where floats would underflow or up to where they would overflow, gives the
        // same clusters, its centres and inertia scaled exactly.
        let x = try EstimatorFixtures.features("gen_blobs")
        let reference = try KMeans.fit(x, k: 5, initializations: 1, maxIterations: 300, tolerance: 1e-4, seed: 3)
        for exponent in [-140, -60, 60, 140] {
            let factor = Double(sign: .plus, exponent: exponent, significand: 1)
            let scaled = Matrix(rows: x.rows, columns: x.columns, storage: x.storage.map { $0 * factor })
            let model = try KMeans.fit(scaled, k: 5, initializations: 1, maxIterations: 300, tolerance: 1e-4, seed: 3)
            XCTAssertEqual(model.clusterSizes, reference.clusterSizes, "2^\(exponent)")
            XCTAssertEqual(model.iterations, reference.iterations)
            XCTAssertEqual(model.centers.storage, reference.centers.storage.map { $0 * factor })
            XCTAssertEqual(model.inertia, reference.inertia * factor * factor)
        }
    }

    func testKMeansRelocatesEmptyClusters() throws {
        // Five identical rows and one far away, three clusters: some cluster must be re-seeded.
        let x = Matrix(rows: 6, columns: 1, storage: [0, 0, 0, 0, 0, 10])
        let model = try KMeans.fit(x, k: 3, initializations: 1, maxIterations: 50, tolerance: 0, seed: 0)
        XCTAssertEqual(model.inertia, 0, accuracy: 1e-12)
    }

    func testPCAMatchesScikitLearn() throws {
        for c in EstimatorFixtures.cases("pca") {
            let name = c["dataset"] as! String
            let x = try EstimatorFixtures.features(name)
            let model = try PCA.fit(x, components: c["components"] as! Int)
            for (a, b) in zip(model.mean, c["mean"] as! [Double]) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), name) }
            for (ours, theirs) in zip(model.components, c["components_"] as! [[Double]]) {
                for (a, b) in zip(ours, theirs) { XCTAssertEqual(a, b, accuracy: 1e-9, "\(name) components") }
            }
            for (a, b) in zip(model.explainedVariance, c["explained_variance"] as! [Double]) { XCTAssertEqual(a, b, accuracy: 1e-9 * b, name) }
            for (a, b) in zip(model.explainedVarianceRatio, c["explained_variance_ratio"] as! [Double]) { XCTAssertEqual(a, b, accuracy: 1e-9, name) }
            for (a, b) in zip(model.singularValues, c["singular_values"] as! [Double]) { XCTAssertEqual(a, b, accuracy: 1e-9 * b, name) }
            let first = Matrix(rows: 5, columns: x.columns, storage: Array(x.storage.prefix(5 * x.columns)))
            let t = model.transform(first), expected = c["transform_first_rows"] as! [[Double]]
            let scale = expected.joined().map(abs).max()!
            for r in 0..<5 { for k in 0..<t.columns { XCTAssertEqual(t[r, k], expected[r][k], accuracy: 1e-9 * scale, name) } }
        }
    }

    /// Projections from a matrix and from columns, in blocks over both cores, give the bits of the
    /// row-by-row definition: each row's terms (x − mean)·v added feature by feature from 0.
    func testProjectionsAreTheRowByRowSumsToTheBit() throws {
        var rng = SeededGenerator(seed: 11)
        let rows = 10_007, p = 6
        let x = Matrix(rows: rows, columns: p, storage: (0..<(rows * p)).map { k in (rng.unit() - 0.3) * Double(1 + k % p) * 10 })
        let model = try PCA.fit(x, components: 3)
        let columns = (0..<p).map { j in (0..<rows).map { x[$0, j] } }
        let fromMatrix = model.project(x), fromColumns = model.project(columns: columns), t = model.transform(x)
        for c in 0..<3 {
            let v = model.components[c]
            let expected = (0..<rows).map { r in
                var s = 0.0
                for j in 0..<p { s += (x[r, j] - model.mean[j]) * v[j] }
                return s
            }
            XCTAssertEqual(fromMatrix[c], expected, "component \(c), from the matrix")
            XCTAssertEqual(fromColumns[c], expected, "component \(c), from the columns")
            XCTAssertEqual((0..<rows).map { t[$0, c] }, expected, "component \(c), transform")
        }
        XCTAssertEqual(model.project(Matrix(rows: 0, columns: p)), [[], [], []], "no rows, no values")
    }

    func testJacobiDiagonalises() {
        let a = Matrix(rows: 3, columns: 3, storage: [4, 1, 2, 1, 3, 0, 2, 0, 5])
        let (values, vectors) = SymmetricEigen.decompose(a)
        XCTAssertEqual(values.reduce(0, +), 12, accuracy: 1e-12)
        for (value, v) in zip(values, vectors) {
            for i in 0..<3 {
                let av = (0..<3).reduce(0.0) { $0 + a[i, $1] * v[$1] }
                XCTAssertEqual(av, value * v[i], accuracy: 1e-12)
            }
        }
        XCTAssertGreaterThanOrEqual(values[0], values[1])
    }
}
