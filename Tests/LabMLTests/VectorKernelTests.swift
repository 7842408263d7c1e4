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

    /// k-means' assignment kernel: on both builds, each row's label is the centre with the lowest
    /// float score ||c||² − 2·x·c summed as the definition writes it (the norm, then a multiply
    /// and an add per feature, in feature order), the lowest centre on a tie; rows whose label
    /// changed are listed with their old label; row counts that are not a multiple of eight (the
    /// rows in `FloatRows`' blocks).
    func testNearestCentresFollowTheDefinitionOnBothBuilds() {
        for (k, d, rows) in [(3, 5, 13), (8, 20, 64), (11, 7, 9), (1, 1, 3), (9, 4, 6), (16, 3, 21)] {
            var rng = SeededGenerator(seed: UInt64(k * 100 + d))
            var centers = Matrix(rows: k, columns: d)
            for c in 0..<k { for j in 0..<d { centers[c, j] = (rng.unit() - 0.5) * 10 } }
            // A repeated centre: the tie goes to the lower one.
            if k > 2 { for j in 0..<d { centers[k - 1, j] = centers[1, j] } }
            let scale = 0.125
            let centres = FloatCentres(centers, scale: scale)
            XCTAssertEqual(centres.groups, (k + 7) / 8)
            let x = (0..<(rows * d)).map { _ in Float((rng.unit() - 0.5) * 10 * scale) }
            var expected = [Int32](repeating: 0, count: rows)
            for i in 0..<rows {
                var best = Float.infinity
                for c in 0..<k {
                    var norm = 0.0
                    for j in 0..<d { norm += (centers[c, j] * scale) * (centers[c, j] * scale) }
                    var score = Float(norm)
                    for j in 0..<d { score += x[i * d + j] * Float(-2 * centers[c, j] * scale) }
                    if score < best { best = score; expected[i] = Int32(c) }
                }
            }
            for wide in opslab_has_avx2() != 0 ? [Int32(0), 1] : [0] {
                // Start from labels that are right for the even rows only.
                var labels = (0..<rows).map { $0 % 2 == 0 ? expected[$0] : -1 }
                var movedRows = [Int32](repeating: 0, count: rows), movedFrom = movedRows
                let blocked = FloatRows(blocking: x, rows: rows, columns: d)
                let moved = opslab_nearest_centres(blocked.values, rows, d, centres.transposed, centres.norms, centres.groups, &labels, 100,
                                                   &movedRows, &movedFrom, wide)
                XCTAssertEqual(labels, expected, "k=\(k) d=\(d) wide=\(wide)")
                let odd = (0..<rows).filter { $0 % 2 == 1 }
                XCTAssertEqual(moved, odd.count)
                XCTAssertEqual(Array(movedRows.prefix(moved)), odd.map { Int32(100 + $0) })
                XCTAssertEqual(Array(movedFrom.prefix(moved)), odd.map { _ in -1 })
            }
            if k > 2 { XCTAssertFalse(expected.contains(Int32(k - 1)), "the repeated centre loses every tie") }
        }
    }

    /// k-means' float rows: each value times the power of two that brings the largest magnitude
    /// into [1, 2), rounded to float, at its place in a block of eight rows; the last block's
    /// padding zero; the pieces for both cores start on a block.
    func testFloatRowsBlockTheScaledRows() {
        var rng = SeededGenerator(seed: 7)
        let (n, d) = (8 * 1300 + 5, 3)
        var x = Matrix(rows: n, columns: d)
        for i in 0..<n { for j in 0..<d { x[i, j] = (rng.unit() - 0.5) * 3000 } }
        x[17, 2] = -5000
        let rows = FloatRows(x)
        XCTAssertEqual(rows.scale, 1.0 / 4096)
        XCTAssertEqual(rows.values.count, (n + 3) * d)
        for i in [0, 7, 8, 17, 4099, n - 1] {
            for j in 0..<d { XCTAssertEqual(rows.values[((i / 8) * d + j) * 8 + i % 8], Float(x[i, j] / 4096), "row \(i)") }
            XCTAssertEqual(rows.row(i), (0..<d).map { Float(x[i, $0] / 4096) })
        }
        for i in n..<(n + 3) { for j in 0..<d { XCTAssertEqual(rows.values[((i / 8) * d + j) * 8 + i % 8], 0) } }
        let chunks = FloatRows.chunks(n, minimum: 4096)
        XCTAssertEqual(chunks.count, 2)
        XCTAssertEqual(chunks.first?.lowerBound, 0)
        XCTAssertEqual(chunks.last?.upperBound, n)
        for (a, b) in zip(chunks, chunks.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound); XCTAssertEqual(b.lowerBound % 8, 0) }
    }

    /// k-means++'s step: each row's distance to the nearest of the centres so far and a candidate
    /// is the definition, Σ (x_j − c_j)² in double from the floats, features in order, on both
    /// builds, from `FloatRows`' blocks (row counts that are not a multiple of eight); the totals
    /// add the rows in order; without centres so far (nil) the distances themselves.
    func testClosestAfterFollowsTheDefinitionOnBothBuilds() {
        for (rows, d, t) in [(9, 20, 4), (5, 7, 3), (6, 1, 2), (4, 4, 1), (17, 3, 5)] {
            var rng = SeededGenerator(seed: UInt64(rows * 100 + d))
            let x = (0..<(rows * d)).map { _ in Float((rng.unit() - 0.5) * 10) }
            let closest = (0..<rows).map { _ in rng.unit() * 40 * Double(d) / 12 }
            let candidates = (0..<t).map { _ in rng.below(rows) }
            let blocked = FloatRows(blocking: x, rows: rows, columns: d)
            for known in [true, false] {
                var expected = [Double](repeating: 0, count: t * rows), expectedTotals = [Double](repeating: 0, count: t)
                for slot in 0..<t {
                    for i in 0..<rows {
                        var v = 0.0
                        for j in 0..<d { let e = Double(x[i * d + j]) - Double(x[candidates[slot] * d + j]); v += e * e }
                        expected[slot * rows + i] = known ? min(v, closest[i]) : v
                    }
                }
                for i in 0..<rows { for slot in 0..<t { expectedTotals[slot] += expected[slot * rows + i] } }
                for wide in opslab_has_avx2() != 0 ? [Int32(0), 1] : [0] {
                    var out = [Double](repeating: .nan, count: t * rows), totals = [Double](repeating: .nan, count: t)
                    let centres = candidates.map { blocked.row($0) }
                    XCTAssertEqual(centres.map { $0.count }, candidates.map { _ in d })
                    for (slot, c) in candidates.enumerated() { XCTAssertEqual(centres[slot], Array(x[(c * d)..<(c * d + d)])) }
                    // The candidates side by side, as k-means++ passes them.
                    centres.flatMap { $0 }.withUnsafeBufferPointer { cs in
                        let pointers: [UnsafePointer<Float>?] = (0..<t).map { cs.baseAddress! + $0 * d }
                        opslab_closest_after(blocked.values, rows, d, pointers, t, known ? closest : nil, &out, rows, &totals, wide)
                    }
                    XCTAssertEqual(out, expected, "rows=\(rows) d=\(d) wide=\(wide) known=\(known)")
                    XCTAssertEqual(totals, expectedTotals)
                }
                if known {
                    // Both sides of the minimum are taken: some rows keep their old distance, some are nearer a candidate.
                    let kept = (0..<(t * rows)).filter { expected[$0] == closest[$0 % rows] }.count
                    XCTAssertTrue(kept > 0 && kept < t * rows, "rows=\(rows) d=\(d)")
                }
            }
        }
    }

    private func binaryLogLoss(_ raw: [Double], _ y: [Double], level: Int32) -> (g: [Double], h: [Double], out: [Double]) {
        var g = [Double](repeating: .nan, count: raw.count), h = g, out = [Double](repeating: .nan, count: 3)
        g.withUnsafeMutableBufferPointer { gb in
            h.withUnsafeMutableBufferPointer { hb in
                opslab_binary_log_loss(raw, y, raw.count, gb.baseAddress!, hb.baseAddress!, &out, level)
            }
        }
        return (g, h, out)
    }

    /// Boosting's binary log-loss kernel against the definition with the C library's exp and
    /// log1p: p = 1/(1 + e^-z), gradient p - y, hessian p(1 - p), loss Σ log(1 + e^z) - yz, and
    /// the largest |gradient| and hessian; the same bits on every build the machine has (the
    /// AVX-512 one's loss, summed in another order, to 1e-12); every remainder mod 8 and scores far
    /// out (where e^-|z| leaves the normal range).
    func testBinaryLogLossFollowsTheDefinitionOnEveryBuild() {
        for count in [1, 2, 3, 4, 5, 7, 8, 9, 15, 64, 259, 1_031, 20_000] {
            var rng = SeededGenerator(seed: UInt64(count))
            var raw = (0..<count).map { _ in (rng.unit() - 0.5) * 16 }
            let specials = [0, -0.0, 708, -708, 709.5, -709.5, 745.2, -745.2, 1e300, -1e300, 36.7, -36.7]
            for (k, v) in specials.enumerated() where k < count && count > 4 { raw[(k * 7919) % count] = v }
            let y = (0..<count).map { _ in Double(rng.below(2)) }
            let baseline = binaryLogLoss(raw, y, level: 0)
            var loss = 0.0, topG = 0.0, topH = 0.0
            for i in 0..<count {
                let z = raw[i], e = exp(-abs(z))
                let p = z >= 0 ? 1 / (1 + e) : e / (1 + e)
                XCTAssertEqual(baseline.g[i], p - y[i], accuracy: 4e-16, "z = \(z)")
                XCTAssertEqual(baseline.h[i], p * (1 - p), accuracy: 4e-16, "z = \(z)")
                loss += max(z, 0) - y[i] * z + log1p(e)
                topG = max(topG, abs(p - y[i]))
                topH = max(topH, p * (1 - p))
            }
            XCTAssertEqual(baseline.out[0], loss, accuracy: 1e-12 * max(abs(loss), 1), "\(count) rows")
            XCTAssertEqual(baseline.out[1], topG, accuracy: 4e-16, "\(count) rows")
            XCTAssertEqual(baseline.out[2], topH, accuracy: 4e-16, "\(count) rows")
            for level in Int32(1)...max(1, VectorUnits.level) where level <= VectorUnits.level {
                let wide = binaryLogLoss(raw, y, level: level)
                XCTAssertEqual(wide.g.map(\.bitPattern), baseline.g.map(\.bitPattern), "\(count) rows, level \(level)")
                XCTAssertEqual(wide.h.map(\.bitPattern), baseline.h.map(\.bitPattern), "\(count) rows, level \(level)")
                XCTAssertEqual(wide.out[1...].map(\.bitPattern), baseline.out[1...].map(\.bitPattern), "\(count) rows, level \(level)")
                if level == 1 {
                    XCTAssertEqual(wide.out[0].bitPattern, baseline.out[0].bitPattern, "\(count) rows")
                } else {
                    XCTAssertEqual(wide.out[0], baseline.out[0], accuracy: 1e-12 * max(abs(loss), 1), "\(count) rows, level \(level)")
                }
            }
        }
    }
}
