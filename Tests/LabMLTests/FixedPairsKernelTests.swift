import XCTest
import CKernels
import LabData
@testable import LabML

/// `FixedPointPairs.fill` (a vector kernel) against the scalar `pair` and `widened`, row for row.
final class FixedPairsKernelTests: XCTestCase {
    func testFilledPairsAndSumsAreTheScalarOnes() {
        var rng = SeededGenerator(seed: 17)
        for (trial, n) in [0, 1, 3, 4, 5, 1_001, 40_003].enumerated() {
            let maxGradient = [1.0, 0.37, 2.5e-3][trial % 3]
            // Ends and exact halves of a unit included: ±max, ±0, values whose scaled form ends in .5.
            var g = (0..<n).map { _ in (rng.unit() * 2 - 1) * maxGradient }
            var h = (0..<n).map { _ in rng.unit() * 0.25 }
            if n > 4 { (g[0], g[1], g[2], g[3]) = (maxGradient, -maxGradient, -0.0, 0) }
            let units = FixedPointPairs(rows: max(n, 1), maxGradient: maxGradient, maxHessian: 0.25)
            if n > 5 {
                g[4] = 2.5 * units.gradientUnit
                g[5] = -2.5 * units.gradientUnit
                h[4] = 0.25
                h[5] = 0
            }
            for constant in [false, true] {
                let start = n > 3 ? 1 : 0
                var rows = [Int32](repeating: -1, count: n), pairs = [SIMD2<Int32>](repeating: SIMD2(-7, -7), count: n)
                let sum = g.withUnsafeBufferPointer { gb in
                    h.withUnsafeBufferPointer { hb in
                        rows.withUnsafeMutableBufferPointer { rb in
                            pairs.withUnsafeMutableBufferPointer { pb in
                                units.fill(gradients: gb.baseAddress ?? UnsafePointer(bitPattern: 8)!, hessians: constant ? nil : hb.baseAddress,
                                           range: start..<n, rows: rb.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!,
                                           pairs: pb.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                            }
                        }
                    }
                }
                var expectedSum = SIMD2<Int64>.zero
                for i in 0..<n {
                    guard i >= start else {
                        XCTAssertEqual(rows[i], -1, "row before the range written")
                        continue
                    }
                    let pair = units.pair(gradient: g[i], hessian: constant ? nil : h[i])
                    XCTAssertEqual(pairs[i], pair, "n=\(n) row \(i) constant=\(constant)")
                    XCTAssertEqual(rows[i], Int32(i))
                    expectedSum &+= units.widened(pair)
                }
                XCTAssertEqual(sum, expectedSum, "n=\(n) constant=\(constant)")
            }
        }
    }

    /// The binary log-loss pass straight into pairs gives, row for row, the pairs of the
    /// gradients and hessians the loss kernel computes (in the bounds' scales), their sums, and
    /// the loss; in both builds, over ranges that start and end off the blocks of 4 and 512 rows.
    func testBinaryLogLossPairsAreTheLossKernelsGradientsInPairs() {
        var rng = SeededGenerator(seed: 23)
        for n in [1, 5, 511, 512, 513, 1_537, 40_003] {
            var raw = (0..<n).map { _ in (rng.unit() * 2 - 1) * 30 }
            let y = (0..<n).map { _ in Double(rng.below(2)) }
            // Scores where p is 1/2, 0 or 1 to the last bit, and past exp's range.
            for (i, v) in [0.0, -0.0, 800, -800, 40, -1e3].enumerated() where i < n { raw[i] = v }
            var g = [Double](repeating: 0, count: n), h = g
            let pass = BoostLoss.binary.gradients(raw: raw, y: y, g: &g, h: &h)
            let units = FixedPointPairs.binaryLogLoss(rows: n)
            let start = n > 3 ? 3 : 0
            for level in 0...VectorUnits.level {
                var rows = [Int32](repeating: -1, count: n), pairs = [SIMD2<Int32>](repeating: SIMD2(-7, -7), count: n)
                let (sums, loss) = raw.withUnsafeBufferPointer { r in
                    y.withUnsafeBufferPointer { ys in
                        rows.withUnsafeMutableBufferPointer { rb in
                            pairs.withUnsafeMutableBufferPointer { pb in
                                units.fillBinaryLogLoss(raw: r.baseAddress!, y: ys.baseAddress!, range: start..<n, rows: rb.baseAddress!,
                                                        pairs: pb.baseAddress!, level: level)
                            }
                        }
                    }
                }
                var expectedSum = SIMD2<Int64>.zero, expectedLoss = 0.0
                for i in 0..<n {
                    guard i >= start else {
                        XCTAssertEqual(rows[i], -1, "row before the range written")
                        continue
                    }
                    let pair = units.pair(gradient: g[i], hessian: h[i])
                    XCTAssertEqual(pairs[i], pair, "n=\(n) row \(i) level=\(level)")
                    XCTAssertEqual(rows[i], Int32(i))
                    expectedSum &+= units.widened(pair)
                    var one = [0.0], oneH = [0.0]
                    expectedLoss += BoostLoss.binary.gradients(raw: [raw[i]], y: [y[i]], g: &one, h: &oneH).meanLoss
                }
                XCTAssertEqual(sums, expectedSum, "n=\(n) level=\(level)")
                XCTAssertEqual(loss, expectedLoss, accuracy: 1e-12 * max(1, expectedLoss), "n=\(n) level=\(level)")
                if start == 0 { XCTAssertEqual(loss / Double(n), pass.meanLoss, accuracy: 1e-12 * max(1, pass.meanLoss)) }
            }
        }
    }

    /// The binary log-loss alone, in blocks of 4,096 rows with scratch gradients, is the mean of
    /// the rows' losses as the gradient pass gives them: on one thread, on two halves, and over
    /// sizes on and off the blocks.
    func testTheMeanBinaryLogLossInBlocksIsTheRowsLoss() {
        var rng = SeededGenerator(seed: 41)
        let helper = HelperThread()
        helper.wake()
        defer { helper.stop() }
        for n in [1, 4_095, 4_096, 4_097, 20_011] {
            let raw = (0..<n).map { _ in (rng.unit() * 2 - 1) * 12 }
            let y = (0..<n).map { _ in Double(rng.below(2)) }
            var g = [Double](repeating: 0, count: n), h = g
            let expected = BoostLoss.binary.gradients(raw: raw, y: y, g: &g, h: &h).meanLoss
            XCTAssertEqual(BoostLoss.binary.loss(raw: raw, y: y), expected, accuracy: 1e-13, "n=\(n)")
            XCTAssertEqual(BoostLoss.binary.loss(raw: raw, y: y, halves: { helper.run($0) }), expected, accuracy: 1e-13, "n=\(n), halves")
        }
    }
}
