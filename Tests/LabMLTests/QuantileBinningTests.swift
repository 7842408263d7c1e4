import XCTest
import LabData
@testable import LabML

final class QuantileBinningTests: XCTestCase {
    func testSelectedKeysAreTheSortedKeysAtThoseRanks() {
        var rng = SeededGenerator(seed: 11)
        // Spread values, heavy ties, a narrow range (all keys share most bits), negatives and zeros of both signs.
        let sets: [[Double]] = [
            (0..<50_000).map { _ in rng.unit() * 2 - 1 },
            (0..<20_000).map { _ in Double(rng.below(300)) },
            (0..<10_000).map { _ in 1 + rng.unit() * 1e-12 },
            (0..<3_000).map { i in [0.0, -0.0, -1e-300, 1e300, -5][i % 5] * (1 + Double(i % 7)) },
            [42],
        ]
        for (s, values) in sets.enumerated() {
            let keys = values.map(RadixSort.key)
            let sorted = keys.sorted()
            var ranks = Set([0, keys.count - 1, keys.count / 2])
            for _ in 0..<200 { ranks.insert(rng.below(keys.count)) }
            let wanted = ranks.sorted()
            let got = keys.withUnsafeBufferPointer { RankSelection.keys(at: wanted, of: $0) }
            XCTAssertEqual(got, wanted.map { sorted[$0] }, "set \(s)")
        }
    }

    func testThresholdsOfUnsortedValuesEqualThoseOfTheSortedOnes() {
        var rng = SeededGenerator(seed: 5)
        let nan = Double.nan
        let columns: [[Double]] = [
            (0..<80_000).map { _ in rng.unit() * 10 - 3 },                             // continuous
            (0..<80_000).map { i in i % 20 == 0 ? nan : rng.unit() },                  // with missing values
            (0..<30_000).map { _ in Double(rng.below(1_000)) },                        // many ties, > 255 values
            (0..<30_000).map { _ in Double(rng.below(255)) },                          // exactly 255 values
            (0..<30_000).map { _ in Double(rng.below(256)) },                          // one too many
            (0..<1_000).map { i in [0.0, -0.0, 2.5][i % 3] },                          // -0 and +0 are one value
            (0..<500).map { i in i % 2 == 0 ? nan : 7 },                               // one value
            [nan, nan],                                                                // none
            [],
        ]
        for (c, values) in columns.enumerated() {
            for maxBins in [255, 16] {
                let expected = FeatureBinner.featureThresholds(values.filter { !$0.isNaN }.sorted(), maxBins: maxBins)
                let got = values.withUnsafeBufferPointer { FeatureBinner.thresholds(of: $0, maxBins: maxBins) }
                XCTAssertEqual(got.map(\.bitPattern), expected.map(\.bitPattern), "column \(c), max_bins=\(maxBins)")
            }
        }
    }

    func testFewDistinctGivesUpPastTheLimit() {
        let values: [Double] = [3, 1, 2, 1, -0.0, 0, .nan, 3]
        XCTAssertEqual(values.withUnsafeBufferPointer { FeatureBinner.fewDistinct($0, atMost: 4) }, [0, 1, 2, 3])
        XCTAssertNil(values.withUnsafeBufferPointer { FeatureBinner.fewDistinct($0, atMost: 3) })
    }

    func testEachValueGoesToTheBinOfTheThresholdsBelowIt() {
        var rng = SeededGenerator(seed: 8)
        // Thresholds of several lengths (none, 1, odd, the full 254), values on and between them, missing ones, ±inf.
        let thresholds: [[Double]] = [[], [0.5], (0..<7).map { Double($0) * 1.5 }, (0..<254).map { Double($0) / 254 }]
        let n = 1_003
        var storage: [Double] = []
        for i in 0..<n {
            for t in thresholds {
                let pick = rng.below(10)
                storage.append(pick == 0 ? .nan : pick == 1 && !t.isEmpty ? t[rng.below(t.count)] : pick == 2 ? (i % 2 == 0 ? .infinity : -.infinity)
                               : rng.unit() * 12 - 1)
            }
        }
        let x = Matrix(rows: n, columns: thresholds.count, storage: storage)
        let bins = FeatureBinner(thresholds: thresholds).bin(x)
        for i in 0..<n {
            for (f, t) in thresholds.enumerated() {
                let v = storage[i * thresholds.count + f]
                let expected = v.isNaN ? FeatureBinner.missingBin : UInt8(t.filter { $0 < v }.count)
                XCTAssertEqual(bins[i * thresholds.count + f], expected, "row \(i), feature \(f), value \(v)")
            }
        }
    }
}
