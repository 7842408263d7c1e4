import XCTest
import CKernels
import LabData
@testable import LabML

/// The partition kernel against a plain stable partition: every build the machine has, forward,
/// backward and the two ends meeting in chunks as a helper thread and its caller claim them, any count (not only whole blocks of
/// sixteen), numeric splits' sets (the missing bin sent left or not) and any set of bins, and
/// rows up to the column's last.
final class PartitionKernelTests: XCTestCase {
    /// `from` partitioned into a buffer of its size by the kernel: the node is `from[start..<end]`,
    /// its left side ends at `mid`; shape 0 forward, 1 backward, 2 chunks from both ends.
    /// `numbered` false: the kernel is given no row numbers (the rows are their places, as the root's).
    private func partitioned(_ column: [UInt8], _ set: CategorySet, _ from: [Int32], start: Int, end: Int, mid: Int,
                             level: Int32, shape: Int, numbered: Bool = true) -> [Int32] {
        let words = [set.words[0], set.words[1], set.words[2], set.words[3]]
        let c = UnsafeMutablePointer<UInt8>.allocate(capacity: column.count), w = UnsafeMutablePointer<UInt64>.allocate(capacity: 4)
        let f = UnsafeMutablePointer<Int32>.allocate(capacity: from.count), t = UnsafeMutablePointer<Int32>.allocate(capacity: from.count)
        defer { c.deallocate(); w.deallocate(); f.deallocate(); t.deallocate() }
        c.initialize(from: column, count: column.count)
        w.initialize(from: words, count: 4)
        f.initialize(from: from, count: from.count)
        t.initialize(repeating: -7, count: from.count)
        // Each direction's next places, carried from one chunk to the next.
        var forwardL = start, forwardR = mid, backwardL = mid - 1, backwardR = end - 1
        func run(_ first: Int, _ last: Int, backward isBackward: Bool) {
            // Asking for rows ahead (any count of them left) changes nothing written.
            let prefetch: Int32 = (first + last) % 2 == 0 ? 1 : 0
            if isBackward {
                opslab_partition_rows(c, numbered ? f : nil, t, first, last, &backwardL, &backwardR, w, 1, prefetch, level)
            } else {
                opslab_partition_rows(c, numbered ? f : nil, t, first, last, &forwardL, &forwardR, w, 0, prefetch, level)
            }
        }
        switch shape {
        case 0: run(start, end, backward: false)
        case 1: run(start, end, backward: true)
        default:
            // As the grower's two threads claim them: chunks taken in turn from the front and the back.
            let claims = RowClaims(minimum: 3)
            var front = start, back = end, turn = 0
            while let chunk = claims.next(of: end - start) {
                if turn % 2 == 0 {
                    run(front, front + chunk.count, backward: false)
                    front += chunk.count
                } else {
                    run(back - chunk.count, back, backward: true)
                    back -= chunk.count
                }
                turn += 1
            }
        }
        return Array(UnsafeBufferPointer(start: t, count: from.count))
    }

    /// A numeric split's set, built word by word, holds exactly the bins up to its own, at every
    /// bin (the words' edges 63, 64, 127, 128 and the last, 255, among them).
    func testTheBinsThroughAThresholdAreTheSetOfThem() {
        for last in 0...255 {
            let set = CategorySet.through(UInt8(last))
            XCTAssertEqual(set.bins, (0...last).map(UInt8.init), "through \(last)")
        }
    }

    func testEveryBuildPartitionsAsAStableSplit() {
        var rng = SeededGenerator(seed: 8)
        for trial in 0..<600 {
            let n = [1, 15, 16, 17, 33, 200, 1_000][trial % 7]
            // The column, then the four bytes the gathers may read past its last row.
            let column: [UInt8] = (0..<n).map { _ in
                rng.below(12) == 0 ? 255 : UInt8(trial % 3 == 2 ? rng.below(255) : rng.below(40))
            } + [0, 0, 0, 0]
            // A node's rows: an increasing subset of the column's rows, in a buffer with room around it.
            let rows = (0..<n).filter { _ in rng.below(4) != 0 || n < 20 }.map { Int32($0) }
            guard !rows.isEmpty else { continue }
            // A numeric split's set (bins up to a threshold, the missing bin or not), or any set of bins.
            var set = CategorySet()
            if trial % 3 == 2 {
                for b in 0...255 where rng.below(2) == 0 { set.insert(UInt8(b)) }
            } else {
                for b in 0..<rng.below(42) { set.insert(UInt8(b)) }
                if trial % 2 == 0 { set.insert(255) }
            }
            let left = rows.filter { set.contains(column[Int($0)]) }, right = rows.filter { !set.contains(column[Int($0)]) }
            let start = 5, end = start + rows.count, mid = start + left.count
            let from = [Int32](repeating: -1, count: start) + rows + [Int32](repeating: -1, count: 5)
            let expected = [Int32](repeating: -7, count: start) + left + right + [Int32](repeating: -7, count: 5)
            for level in 0...VectorUnits.level {
                for shape in 0..<3 {
                    XCTAssertEqual(partitioned(column, set, from, start: start, end: end, mid: mid, level: level, shape: shape), expected,
                                   "trial \(trial), level \(level), shape \(shape)")
                }
            }
        }
    }

    /// Rows in order given without their numbers (the root's) are partitioned as the same rows
    /// given by number, on every build; the AVX-512 one then loads their bins sixteen at a time.
    func testRowsInOrderNeedNoNumbers() {
        var rng = SeededGenerator(seed: 13)
        for trial in 0..<300 {
            let n = [1, 15, 16, 17, 33, 200, 1_000][trial % 7]
            let column: [UInt8] = (0..<n).map { _ in rng.below(9) == 0 ? 255 : UInt8(rng.below(60)) } + [0, 0, 0, 0]
            var set = CategorySet()
            for b in 0..<rng.below(62) { set.insert(UInt8(b)) }
            if trial % 2 == 0 { set.insert(255) }
            // From the first row, or from a later one (a count off the blocks of sixteen).
            let start = trial % 3 == 0 ? min(3, n - 1) : 0, end = n
            let places = (start..<end).map { Int32($0) }
            let left = places.filter { set.contains(column[Int($0)]) }, right = places.filter { !set.contains(column[Int($0)]) }
            let identity = (0..<n).map { Int32($0) }
            let expected = [Int32](repeating: -7, count: start) + left + right
            for level in 0...VectorUnits.level {
                for shape in 0..<3 {
                    let mid = start + left.count
                    XCTAssertEqual(partitioned(column, set, identity, start: start, end: end, mid: mid, level: level, shape: shape, numbered: false),
                                   expected, "trial \(trial), level \(level), shape \(shape)")
                }
            }
        }
    }
}
