import XCTest
@testable import LabData

/// describe's numbers against pandas: nunique, value_counts().head(3), numpy.histogram(bins=10),
/// and the describe statistics, for every column of three datasets with gaps and a datetime column.
final class ColumnProfileTests: XCTestCase {
    func testProfilesMatchPandas() throws {
        let fixture = try XCTUnwrap(ProfilingFixtures.json("describe") as? [String: Any])
        for name in ["titanic", "penguins", "nyc_weather_2013"] {
            let frame = try ProfilingFixtures.dataset(name)
            let expected = try XCTUnwrap((fixture[name] as? [String: Any])?["columns"] as? [String: [String: Any]])
            XCTAssertEqual(Set(expected.keys), Set(frame.columnNames))
            for s in try ColumnSummary.summaries(of: frame.columns) {
                let e = try XCTUnwrap(expected[s.name])
                let at = "\(name).\(s.name)"
                XCTAssertEqual(s.missing, e["missing"] as? Int, at)
                ProfilingFixtures.assertClose(s.missingPercent, ProfilingFixtures.number(e["missing_percent"]), 1e-12, at)
                XCTAssertEqual(s.unique, e["unique"] as? Int, at)
                let top = try XCTUnwrap(e["top"] as? [[Any]])
                XCTAssertEqual(s.topValues.map(\.count), top.map { $0[1] as? Int ?? -1 }, at)
                for (v, t) in zip(s.topValues, top) {
                    switch v.value {
                    case .string(let text): XCTAssertEqual(text, t[0] as? String, at)
                    case .number(let x): ProfilingFixtures.assertClose(x, ProfilingFixtures.number(t[0]), 1e-15, at)
                    default: XCTFail("unexpected top value \(v) in \(at)")
                    }
                }
                guard let histogram = e["histogram"] as? [String: Any] else {
                    XCTAssertNil(s.histogram, at)
                    continue
                }
                let h = try XCTUnwrap(s.histogram, at)
                XCTAssertEqual(h.counts, histogram["counts"] as? [Int], at)
                ProfilingFixtures.assertClose(h.lo, ProfilingFixtures.number(histogram["lo"]), 1e-15, at)
                ProfilingFixtures.assertClose(h.hi, ProfilingFixtures.number(histogram["hi"]), 1e-15, at)
                let stats = try XCTUnwrap(e["stats"] as? [String: Any])
                let pairs: [(String, Double?, Double)] = [
                    ("mean", s.mean, 1e-12), ("std", s.std, 1e-12), ("min", s.min, 1e-15), ("25%", s.q25, 1e-15),
                    ("50%", s.median, 1e-15), ("75%", s.q75, 1e-15), ("max", s.max, 1e-15),
                ]
                for (key, actual, tolerance) in pairs {
                    let expectedValue = ProfilingFixtures.number(stats[key])
                    if s.type == .datetime && key == "std" { continue }  // pandas gives a timedelta; opslab shows none
                    ProfilingFixtures.assertClose(try XCTUnwrap(actual, "\(at) \(key)"), expectedValue, tolerance, "\(at) \(key)")
                }
            }
        }
    }

    func testHistogramOfAConstantColumnCentresOneBinLikeNumpy() {
        // np.histogram([3, 3, 3], bins=10) -> edges 2.5 ... 3.5, all three in the sixth bin.
        let h = [3.0, 3, 3].withUnsafeBufferPointer { Histogram(sorted: $0) }
        XCTAssertEqual(h.counts, [0, 0, 0, 0, 0, 3, 0, 0, 0, 0])
        XCTAssertEqual(h.lo, 2.5)
        XCTAssertEqual(h.hi, 3.5)
    }

    func testHistogramEdgesCloseOnTheLeftAndTheLastBinOnBothSides() {
        // np.histogram([0, 1, 2, ..., 10], bins=10): 2 in the last bin, 1 in every other.
        let h = (0...10).map(Double.init).withUnsafeBufferPointer { Histogram(sorted: $0) }
        XCTAssertEqual(h.counts, [1, 1, 1, 1, 1, 1, 1, 1, 1, 2])
    }

    func testTopValuesTieInOrderOfFirstAppearance() throws {
        let numbers = Column(name: "x", type: .float, values: [5, 3, 3, 9, 5, 1, 9, 2, 7])
        let s = try ColumnSummary(numbers)
        XCTAssertEqual(s.topValues, [ValueCount(value: .number(5), count: 2), ValueCount(value: .number(3), count: 2),
                                     ValueCount(value: .number(9), count: 2)])
        XCTAssertEqual(s.unique, 6)
        let words = Column(name: "w", strings: ["b", "a", nil, "a", "c", "b", "d", "c"])
        let w = try ColumnSummary(words)
        XCTAssertEqual(w.topValues.map(\.value), [.string("b"), .string("a"), .string("c")])
        XCTAssertEqual(w.unique, 4)
        XCTAssertEqual(w.missingPercent, 12.5)
        XCTAssertNil(w.histogram)
    }

    /// Finite numbers near the largest Double have a finite mean and std (their sum and squares
    /// would overflow): the same digits as the column scaled down, scaled back up.
    func testHugeValuesHaveAFiniteMeanAndStd() throws {
        let same = try ColumnSummary(Column(name: "x", type: .float, values: Array(repeating: 1e308, count: 1309)))
        XCTAssertEqual(same.mean, 1e308)
        XCTAssertEqual(same.std, 0)
        let values: [Double] = [4.3, 5.1, 5.8, 6.4, 7.9, 5.0, 6.7]
        let small = try ColumnSummary(Column(name: "s", type: .float, values: values))
        let huge = try ColumnSummary(Column(name: "h", type: .float, values: values.map { $0 * 0x1p1000 }))
        XCTAssertEqual(huge.mean!, small.mean! * 0x1p1000, accuracy: 1e-15 * huge.mean!)
        XCTAssertEqual(huge.std!, small.std! * 0x1p1000, accuracy: 1e-14 * huge.std!)
        let opposite = try ColumnSummary(Column(name: "o", type: .float, values: [1.7e308, -1.7e308, 1.7e308, -1.7e308]))
        XCTAssertEqual(opposite.mean, 0)
        XCTAssertEqual(opposite.std!, 1.7e308 * (4.0 / 3).squareRoot(), accuracy: 1e-15 * 1.7e308 * 2)
    }

    func testAllMissingColumnHasNoStatisticsAndNoHistogram() throws {
        let s = try ColumnSummary(Column(name: "x", type: .float, values: [0, 0], missing: Bitmap([true, true])))
        XCTAssertEqual(s.count, 0)
        XCTAssertEqual(s.unique, 0)
        XCTAssertEqual(s.missingPercent, 100)
        XCTAssertNil(s.mean)
        XCTAssertNil(s.histogram)
        XCTAssertEqual(s.topValues, [])
    }

    func testRadixSortAgreesWithComparisonSort() {
        var rng = SeededGenerator(seed: 7)
        var xs = (0..<20_000).map { i -> Double in
            switch i % 5 {
            case 0: return -0.0
            case 1: return Double(rng.below(50)) - 25
            default: return (Double(rng.below(1_000_000)) - 500_000) * 1e-3
            }
        }
        let expected = xs.sorted()
        RadixSort.sort(&xs)
        XCTAssertTrue(xs == expected)
        let values: [Double] = (0..<10_000).map { i in Double(i % 97) * (i % 2 == 0 ? 1 : -1) }
        let (keys, rows) = RadixSort.sorted(values, rows: (0..<Int32(10_000)).map { $0 })
        let byValue: [Int] = (0..<10_000).sorted { a, b in values[a] != values[b] ? values[a] < values[b] : a < b }
        // Ties (the two zeros included) stay in row order, and equal keys mean equal values.
        XCTAssertTrue(rows.map(Int.init) == byValue)
        XCTAssertTrue(keys.map(RadixSort.value) == byValue.map { values[$0] })
    }
}
