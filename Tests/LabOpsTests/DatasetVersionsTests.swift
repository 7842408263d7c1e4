import XCTest
import LabData
@testable import LabOps

final class DatasetVersionsTests: XCTestCase {
    private func frame(_ name: String, _ values: [Double], missing: [Bool]? = nil) throws -> Frame {
        try Frame(name: name, columns: [
            Column(name: "v", type: .float, values: values, missing: missing.map(Bitmap.init)),
            Column(name: "s", strings: values.map { $0 > 2 ? "big" : "small" }),
        ])
    }

    private func error(_ body: () throws -> Any) -> LabError? {
        do {
            _ = try body()
            XCTFail("expected an error")
            return nil
        } catch {
            return error as? LabError
        }
    }

    func testRecordsListsAndDoesNotRepeatTheSameVersion() throws {
        let dir = TestFolders.temporary()
        let a = try frame("sales", [1, 2, 3])
        let first = try DatasetVersions.record(frame: a, source: "data/sales.csv", in: dir)
        XCTAssertEqual(first.id, 1)
        XCTAssertEqual(first.hash, a.contentHash)
        XCTAssertEqual(first.rows, 3)
        XCTAssertEqual(first.columns, 2)
        XCTAssertEqual(first.schema, #"[{"name":"v","type":"float"},{"name":"s","type":"string"}]"#)
        XCTAssertEqual(first.recordedAt.count, 20)
        XCTAssertTrue(first.recordedAt.hasSuffix("Z"))
        // The same content from the same source again (a replay): no new version.
        XCTAssertEqual(try DatasetVersions.record(frame: a, source: "data/sales.csv", in: dir), first)
        let b = try frame("sales", [1, 2, 4])
        let second = try DatasetVersions.record(frame: b, source: "data/sales.csv", in: dir)
        XCTAssertEqual(second.id, 2)
        let stored = try DatasetVersions.record(frame: b, source: "stored to w.db table=sales", in: dir)
        XCTAssertEqual(stored.id, 3)
        XCTAssertEqual(stored.hash, second.hash)
        _ = try DatasetVersions.record(frame: a.renamedFrame("other"), source: "sql: SELECT ...", in: dir)
        let all = try DatasetVersions.list(in: dir)
        XCTAssertEqual(all.map(\.id), [1, 2, 3, 4])
        XCTAssertEqual(all.map(\.name), ["sales", "sales", "sales", "other"])
        XCTAssertEqual(all[3].hash, a.contentHash)
        XCTAssertEqual(try DatasetVersions.list(name: "other", in: dir).map(\.id), [4])
        XCTAssertEqual(try DatasetVersions.list(name: "nobody", in: dir), [])
    }

    func testStoresTheColumnStatisticsOfEachContentOnce() throws {
        let dir = TestFolders.temporary()
        let a = try frame("t", [1.5, 2, 4, -1], missing: [false, false, false, true])
        try DatasetVersions.record(frame: a, source: "x", in: dir)
        let stats = try XCTUnwrap(DatasetVersions.statistics(hash: a.contentHash, in: dir))
        XCTAssertEqual(stats, ColumnStatistics.of(a))
        XCTAssertEqual(stats[0], ColumnStatistics(name: "v", type: .float, count: 3, missing: 1, mean: 2.5,
                                                  std: (((1.5 - 2.5) * (1.5 - 2.5) + 0.25 + 2.25) / 2).squareRoot(),
                                                  min: 1.5, max: 4, unique: 3))
        XCTAssertEqual(stats[1], ColumnStatistics(name: "s", type: .string, count: 4, missing: 0, mean: nil, std: nil,
                                                  min: nil, max: nil, unique: 2))
        XCTAssertNil(try DatasetVersions.statistics(hash: String(repeating: "0", count: 64), in: dir))
    }

    func testFindsVersionsByHashPrefix() throws {
        let dir = TestFolders.temporary()
        let frames = try (0..<40).map { try frame("f\($0)", [Double($0)]) }
        for f in frames { try DatasetVersions.record(frame: f, source: "x", in: dir) }
        let target = frames[7].contentHash
        XCTAssertEqual(try DatasetVersions.find(hashPrefix: String(target.prefix(8)).uppercased(), in: dir),
                       .found(try DatasetVersions.list(name: "f7", in: dir)[0]))
        XCTAssertEqual(try DatasetVersions.find(hashPrefix: String(repeating: "0", count: 24), in: dir), DatasetVersions.Match.none)
        // With 40 hashes, some pair shares its first hex digit.
        let firsts = Dictionary(grouping: frames.map(\.contentHash), by: { $0.prefix(1) }).first { $0.value.count > 1 }!
        XCTAssertEqual(try DatasetVersions.find(hashPrefix: String(firsts.key), in: dir), .ambiguous(firsts.value.sorted()))
    }

    func testLanesAndMissingStretchesGiveTheDirectStatistics() throws {
        var rng = SeededGenerator(seed: 11)
        for n in [1, 3, 7, 64, 65, 1000, 4099] {
            let values = (0..<n).map { _ in Double(Int.random(in: -5000...5000, using: &rng)) / 8 }
            let mask = (0..<n).map { r in r % 97 == 5 || (r >= 128 && r < 200) || Int.random(in: 0..<20, using: &rng) == 0 }
            let present = zip(values, mask).filter { !$0.1 }.map(\.0)
            let s = ColumnStatistics(Column(name: "x", type: .float, values: values, missing: Bitmap(mask)))
            XCTAssertEqual(s.count, present.count, "n=\(n)")
            guard !present.isEmpty else { continue }
            // Eighths of integers: every sum is exact, so any order of adding gives the same mean.
            XCTAssertEqual(s.mean, present.reduce(0, +) / Double(present.count), "n=\(n)")
            XCTAssertEqual(s.min, present.min())
            XCTAssertEqual(s.max, present.max())
            if present.count > 1 {
                let m = present.reduce(0, +) / Double(present.count)
                let std = (present.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(present.count - 1)).squareRoot()
                XCTAssertEqual(s.std!, std, accuracy: 1e-9 * max(1, std), "n=\(n)")
            }
        }
    }

    func testComputesStatisticsLikeADirectCalculation() throws {
        let values: [Double] = [3, -1, 3, 0, -0.0, 10, 7]
        let mask = [false, false, false, false, false, true, false]
        let c = Column(name: "n", type: .integer, values: values, missing: Bitmap(mask))
        let s = ColumnStatistics(c)
        let present = zip(values, mask).filter { !$0.1 }.map(\.0)
        let mean = present.reduce(0, +) / Double(present.count)
        let std = (present.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(present.count - 1)).squareRoot()
        XCTAssertEqual(s, ColumnStatistics(name: "n", type: .integer, count: 6, missing: 1, mean: mean, std: std, min: -1, max: 7, unique: 4))
        let dates = ColumnStatistics(Column(name: "d", type: .date, values: [10, 20]))
        XCTAssertEqual(dates.mean, 15)
        XCTAssertNil(dates.std, "a standard deviation of dates is not a date")
        // Values whose sum overflows keep a finite mean and std, as describe gives them.
        let huge = ColumnStatistics(Column(name: "h", type: .float, values: Array(repeating: 1e308, count: 99) + [7],
                                           missing: Bitmap(Array(repeating: false, count: 99) + [true])))
        XCTAssertEqual([huge.mean, huge.std, huge.min, huge.max], [1e308, 0, 1e308, 1e308])
        let none = ColumnStatistics(Column(name: "e", type: .float, values: [1], missing: Bitmap([true])))
        XCTAssertEqual(none, ColumnStatistics(name: "e", type: .float, count: 0, missing: 1, mean: nil, std: nil, min: nil, max: nil, unique: 0))
        // Many values, some repeated, negative and fractional: the count agrees with a Set up to the
        // limit, and says "more than the limit" past it.
        let many: [Double] = (0..<50_000).map { i in
            let base = Double((i * 7919) % 4_001)
            return i % 3 == 0 ? base * -0.5 : base * 1.25
        }
        XCTAssertLessThanOrEqual(Set(many).count, ColumnStatistics.distinctLimit)
        XCTAssertEqual(ColumnStatistics(Column(name: "u", type: .float, values: many)).unique, Set(many).count)
        let exactlyLimit = (0..<ColumnStatistics.distinctLimit).map { Double($0) - 17.5 }
        XCTAssertEqual(ColumnStatistics(Column(name: "l", type: .float, values: exactlyLimit + exactlyLimit)).unique,
                       ColumnStatistics.distinctLimit)
        let over = (0..<200_000).map { Double($0) * 0.1 }
        XCTAssertEqual(ColumnStatistics(Column(name: "o", type: .float, values: over)).unique, ColumnStatistics.distinctLimit + 1)
        let strings = Column(name: "s", strings: (0..<(ColumnStatistics.distinctLimit + 5)).map { "v\($0)" })
        XCTAssertEqual(ColumnStatistics(strings).unique, ColumnStatistics.distinctLimit + 1)
        XCTAssertEqual(ColumnStatistics(Column(name: "z", type: .float, values: [0, -0.0, .nan, .nan, 1])).unique, 3)
    }

    func testDiffReportsSchemaAndStatisticChanges() throws {
        let a = try Frame(name: "a", columns: [
            Column(name: "id", type: .integer, values: [1, 2, 3]),
            Column(name: "age", type: .integer, values: [20, 30, 40]),
            Column(name: "city", strings: ["x", "y", "x"]),
        ])
        let b = try Frame(name: "b", columns: [
            Column(name: "id", type: .integer, values: [1, 2, 3]),
            Column(name: "age", type: .float, values: [20, 30.5, 0], missing: Bitmap([false, false, true])),
            Column(name: "score", type: .float, values: [1, 2, 3]),
        ])
        let d = DataDiff(DataSnapshot(frame: a), DataSnapshot(frame: b))
        XCTAssertEqual(d.schema, [.removed("city", .string), .retyped("age", from: .integer, to: .float), .added("score", .float)])
        XCTAssertEqual(d.unchanged, ["id"])
        XCTAssertEqual(d.statistics.map(\.statistic), ["count", "missing", "mean", "std", "max", "unique"])
        XCTAssertEqual(d.statistics.map(\.column), Array(repeating: "age", count: 6))
        XCTAssertEqual(d.statistics[0].before, 3)
        XCTAssertEqual(d.statistics[0].after, 2)
        XCTAssertEqual(d.statistics[2].before, 30)
        XCTAssertEqual(d.statistics[2].after, 25.25)
        XCTAssertEqual(d.statistics[4].after, 30.5)
        XCTAssertFalse(d.isIdentical)
        XCTAssertTrue(DataDiff(DataSnapshot(frame: a), DataSnapshot(frame: a.renamedFrame("c"))).isIdentical)
    }

    /// The same values in another order (a sort) move a std in its last bits: no change to report.
    func testReorderedRowsChangeNoStatistic() throws {
        let values = (0..<100_000).map { Double(($0 * 7919) % 1000) / 7 + 0.1 }
        let a = try Frame(name: "a", columns: [Column(name: "x", type: .float, values: values)])
        let b = try Frame(name: "b", columns: [Column(name: "x", type: .float, values: values.sorted())])
        let (sa, sb) = (ColumnStatistics.of(a)[0], ColumnStatistics.of(b)[0])
        XCTAssertTrue(sa.std != sb.std || sa.mean != sb.mean, "the two orders sum to different last bits")
        let d = DataDiff(DataSnapshot(frame: a), DataSnapshot(frame: b))
        XCTAssertEqual(d.statistics, [])
        XCTAssertEqual(d.unchanged, ["x"])
        XCTAssertFalse(DataDiff.same(1, 1 + 1e-9))
        XCTAssertTrue(DataDiff.same(1, 1 + 1e-15))
    }
}
