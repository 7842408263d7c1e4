import XCTest
import LabData
@testable import LabML

/// Binning through `BinGuide` gives every value the bin a binary search over the thresholds
/// gives it (the number of thresholds below it; the missing bin for NaN).
final class BinGuideTests: XCTestCase {
    func testGuidedBinsAreTheSearchedOnes() {
        var rng = SeededGenerator(seed: 41)
        // Evenly spread, normal-like (bins narrow in the middle), a cluster of thresholds inside one
        // bucket, a wide range with three thresholds in one bucket, two thresholds and one (no
        // guide), tiny values, a range beyond the largest double (no guide).
        let shapes: [[Double]] = [
            (0..<254).map { Double($0) * 0.37 - 20 },
            (1..<255).map { q in let x = Double(q) / 255; return log(x / (1 - x)) },
            (0..<40).map { Double($0) } + (0..<100).map { 50 + Double($0) * 1e-9 } + (0..<60).map { 60 + Double($0) },
            [-1e300, -1, 0, 1, 1e300],
            [-0.5, 0.5],
            [3],
            (0..<254).map { Double($0) * 1e-300 },
            [-1.7e308, 0, 1.7e308],
        ]
        for (s, thresholds) in shapes.enumerated() {
            XCTAssertEqual(BinGuide(thresholds) == nil, thresholds.count < 2 || s == shapes.count - 1, "shape \(s)")
            var values: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 1e308, -1e308, .leastNonzeroMagnitude]
            for t in thresholds { values += [t, t.nextUp, t.nextDown] }
            let low = thresholds.first!, high = thresholds.last!
            for _ in 0..<3_000 { values.append(low + (high - low) * (rng.unit() * 1.2 - 0.1)) }
            let binner = FeatureBinner(thresholds: [thresholds])
            let bins = binner.bin(Matrix(rows: values.count, columns: 1, storage: values))
            thresholds.withUnsafeBufferPointer { t in
                for (v, bin) in zip(values, bins) {
                    let expected = v.isNaN ? Int(FeatureBinner.missingBin) : FeatureBinner.binIndex(v, t)
                    XCTAssertEqual(Int(bin), expected, "shape \(s), value \(v)")
                }
            }
        }
    }

    /// No rows: thresholds of nothing, and no bins.
    func testAnEmptyMatrixIsBinnedToNothing() {
        let empty = Matrix(rows: 0, columns: 3, storage: [])
        let binner = FeatureBinner.fit(empty, maxBins: 255, seed: 1)
        XCTAssertEqual(binner.binCounts, [1, 1, 1])
        XCTAssertEqual(binner.bin(empty), [])
    }
}
