import XCTest
import CKernels
import LabData
@testable import LabML

/// The partition kernel against a plain stable partition: every build the machine has, forward,
/// backward and the two meeting halves a helper thread runs, any count (not only whole blocks of
/// sixteen), the missing bin sent left or not, and rows up to the column's last.
final class PartitionKernelTests: XCTestCase {
    func testEveryBuildPartitionsAsAStableSplit() {
        var rng = SeededGenerator(seed: 8)
        for trial in 0..<600 {
            let n = [1, 15, 16, 17, 33, 200, 1_000][trial % 7]
            // The column, then the four bytes the gathers may read past its last row.
            let column: [UInt8] = (0..<n).map { _ in rng.below(12) == 0 ? 255 : UInt8(rng.below(40)) } + [0, 0, 0, 0]
            // A node's rows: an increasing subset of the column's rows, in a buffer with room around it.
            let rows = (0..<n).filter { _ in rng.below(4) != 0 || n < 20 }.map { Int32($0) }
            guard !rows.isEmpty else { continue }
            let limit = rng.below(42) - 1, missing = trial % 2 == 0 ? 255 : -1
            let left = rows.filter { Int(column[Int($0)]) <= limit || Int(column[Int($0)]) == missing }
            let right = rows.filter { !(Int(column[Int($0)]) <= limit || Int(column[Int($0)]) == missing) }
            let start = 5, end = start + rows.count, mid = start + left.count
            let from = [Int32](repeating: -1, count: start) + rows + [Int32](repeating: -1, count: 5)
            let expected = [Int32](repeating: -7, count: start) + left + right + [Int32](repeating: -7, count: 5)
            for level in 0...VectorUnits.level {
                for shape in 0..<3 {
                    var to = [Int32](repeating: -7, count: from.count)
                    column.withUnsafeBufferPointer { c in
                        from.withUnsafeBufferPointer { f in
                            to.withUnsafeMutableBufferPointer { t in
                                func run(_ first: Int, _ last: Int, backward: Bool) {
                                    var l = backward ? mid - 1 : start, r = backward ? end - 1 : mid
                                    opslab_partition_rows(c.baseAddress!, f.baseAddress!, t.baseAddress!, first, last, &l, &r, limit, missing,
                                                          backward ? 1 : 0, level)
                                }
                                switch shape {
                                case 0: run(start, end, backward: false)
                                case 1: run(start, end, backward: true)
                                default:
                                    let cut = start + rows.count / 2
                                    run(start, cut, backward: false)
                                    run(cut, end, backward: true)
                                }
                            }
                        }
                    }
                    XCTAssertEqual(to, expected, "trial \(trial), level \(level), shape \(shape)")
                }
            }
        }
    }
}
