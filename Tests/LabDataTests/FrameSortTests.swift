import XCTest
@testable import LabData

final class FrameSortTests: XCTestCase {
    /// The order a comparison sort gives: missing (and NaN) last whatever the direction, ties by row.
    private func referenceOrder(_ frame: Frame, _ keys: [SortKey]) throws -> [Int] {
        let columns = try keys.map { try frame.column($0.column) }
        return (0..<frame.rowCount).sorted { a, b in
            for (key, column) in zip(keys, columns) {
                switch column.data {
                case .numbers(let v, let m):
                    let ma = m?[a] == true || v[a].isNaN, mb = m?[b] == true || v[b].isNaN
                    if ma != mb { return mb }
                    if ma || v[a] == v[b] { continue }
                    return key.descending ? v[a] > v[b] : v[a] < v[b]
                case .strings(let codes, let levels):
                    let ma = codes[a] < 0, mb = codes[b] < 0
                    if ma != mb { return mb }
                    if ma || codes[a] == codes[b] { continue }
                    let (x, y) = (levels[Int(codes[a])], levels[Int(codes[b])])
                    return key.descending ? x > y : x < y
                }
            }
            return a < b
        }
    }

    func testManyKeysWithGapsAndBothDirectionsSortAsComparingRowsWould() throws {
        var rng = SeededGenerator(seed: 11)
        for n in [0, 1, 7, 300, 5000, 20_000] {
            let pick: [Double] = [-0.0, 0, 1.5, -2, .infinity, -.infinity, .nan, 1e-300, -1e300, 3]
            let a = (0..<n).map { _ in pick[Int(rng.next() % UInt64(pick.count))] }
            let b = (0..<n).map { _ in Double(Int(rng.next() % 50)) - 25 }
            let words = ["b", "a", "B", "é", "ab", ""]
            let c = (0..<n).map { _ -> String? in rng.next() % 7 == 0 ? nil : words[Int(rng.next() % UInt64(words.count))] }
            var missing = Bitmap(count: n)
            for r in 0..<n where rng.next() % 9 == 0 { missing[r] = true }
            let frame = try Frame(name: "t", columns: [Column(name: "a", type: .float, values: a),
                                                       Column(name: "b", type: .float, values: b, missing: missing),
                                                       Column(name: "c", strings: c)])
            for keys in [[SortKey("a")], [SortKey("a", descending: true)], [SortKey("c"), SortKey("b", descending: true)],
                         [SortKey("b"), SortKey("a", descending: true), SortKey("c")], [SortKey("c", descending: true), SortKey("a")]] {
                let sorted = try frame.sorted(by: keys)
                let expected = try frame.gathering(referenceOrder(frame, keys))
                for name in ["a", "b", "c"] {
                    let (got, want) = (try sorted.column(name), try expected.column(name))
                    XCTAssertEqual((0..<n).map { got.text(at: $0) }, (0..<n).map { want.text(at: $0) }, "n=\(n) \(keys) \(name)")
                }
            }
        }
    }
}
