import XCTest
import CKernels
import LabData
@testable import LabML

/// CKernels' two builds of each kernel (AVX2 and the x86-64 baseline) must give the same bits,
/// so that a fit replays identically on any machine; and both must compute what they say.
final class VectorKernelTests: XCTestCase {
    /// A column-major block of `rows` x `columns` values of mixed signs and scales, seeded.
    private func block(rows: Int, columns: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(rows * columns)).map { k in
            (rng.unit() - 0.5) * pow(10, Double(k % columns) - 2)
        }
    }

    private func products(_ c: [Double], columns n: Int, rows: Int, wide: Int32) -> [Double] {
        var g = [Double](repeating: 0, count: n * n)
        c.withUnsafeBufferPointer { cb in
            g.withUnsafeMutableBufferPointer { opslab_upper_products(cb.baseAddress!, n, rows, $0.baseAddress!, wide) }
        }
        return g
    }

    /// Row counts with every remainder mod 4, column counts with odd and even edges.
    func testUpperProductsAreTheSameBitsOnBothBuildsAndMatchTheSums() throws {
        for (rows, columns) in [(256, 20), (257, 7), (258, 6), (259, 5), (1, 1), (3, 2), (1_031, 13)] {
            let c = block(rows: rows, columns: columns, seed: UInt64(rows * 31 + columns))
            let baseline = products(c, columns: columns, rows: rows, wide: 0)
            for i in 0..<columns {
                for j in 0..<columns {
                    if j < i {
                        XCTAssertEqual(baseline[i * columns + j], 0, "below the diagonal stays untouched (\(rows) x \(columns))")
                        continue
                    }
                    var expected = 0.0, scale = 0.0
                    for r in 0..<rows {
                        expected += c[i * rows + r] * c[j * rows + r]
                        scale += abs(c[i * rows + r] * c[j * rows + r])
                    }
                    XCTAssertEqual(baseline[i * columns + j], expected, accuracy: 1e-13 * max(scale, 1e-300), "\(rows) x \(columns) [\(i), \(j)]")
                }
            }
            if opslab_has_avx2() != 0 {
                XCTAssertEqual(products(c, columns: columns, rows: rows, wide: 1), baseline, "\(rows) x \(columns)")
            }
        }
    }

    /// The gram adds into what `g` already holds, as the blocks of a pass are added up.
    func testUpperProductsAddToTheirTarget() {
        let c = block(rows: 10, columns: 3, seed: 7)
        let once = products(c, columns: 3, rows: 10, wide: VectorUnits.wide)
        var twice = once
        c.withUnsafeBufferPointer { cb in
            twice.withUnsafeMutableBufferPointer { opslab_upper_products(cb.baseAddress!, 3, 10, $0.baseAddress!, VectorUnits.wide) }
        }
        XCTAssertEqual(twice, once.map { $0 * 2 })
    }

    /// k-means' centre scores ||c||² − 2·x·c: both builds the same bits as the definition written
    /// out (a multiply and an add per feature, in feature order), groups of eight padded with
    /// infinite scores; and the scan's pick of the best two.
    func testCentreScoresAreTheSameBitsOnBothBuildsAndFollowTheDefinition() {
        for (k, d) in [(3, 5), (8, 20), (11, 7), (1, 1)] {
            var rng = SeededGenerator(seed: UInt64(k * 100 + d))
            var centers = Matrix(rows: k, columns: d)
            for c in 0..<k { for j in 0..<d { centers[c, j] = (rng.unit() - 0.5) * 10 } }
            let row = (0..<d).map { _ in (rng.unit() - 0.5) * 10 }
            let scan = CentreScan(centers), groups = scan.groups
            XCTAssertEqual(groups, (k + 7) / 8)
            var expected = [Double](repeating: .infinity, count: groups * 8)
            for c in 0..<k {
                var score = 0.0
                for j in 0..<d { score += centers[c, j] * centers[c, j] }
                XCTAssertEqual(scan.norms[c], score)
                for j in 0..<d { score += (-2 * row[j]) * centers[c, j] }
                expected[c] = score
            }
            for wide in opslab_has_avx2() != 0 ? [Int32(0), 1] : [0] {
                var scores = [Double](repeating: 0, count: groups * 8)
                scores.withUnsafeMutableBufferPointer { opslab_centre_scores(row, d, scan.transposed, scan.norms, groups, $0.baseAddress!, wide) }
                XCTAssertEqual(scores, expected, "k=\(k) d=\(d) wide=\(wide)")
            }
            let ranked = expected.prefix(k).enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
            let (best, first, second) = row.withUnsafeBufferPointer { scan.nearestTwo($0.baseAddress!) }
            XCTAssertEqual(best, ranked[0].offset, "k=\(k) d=\(d)")
            XCTAssertEqual(first, ranked[0].element)
            XCTAssertEqual(second, k > 1 ? ranked[1].element : .infinity)
        }
    }
}
