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
}
