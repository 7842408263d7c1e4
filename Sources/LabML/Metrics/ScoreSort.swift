/// Sorting of scores for the threshold curves: least-significant-digit radix sort of
/// order-preserving 64-bit keys, a fixed number of linear passes instead of n·log n
/// comparisons, which is what makes ROC AUC on a million scores take milliseconds.
///
/// Only the bits in which the keys differ are sorted on (scores in [0, 1] differ in about
/// 57, five passes instead of six), and each pass counts the next digit while it moves the
/// keys, so no pass only counts. The caller counts the first digit while writing the keys.
enum ScoreSort {
    /// Width of the first digit, which the caller counts.
    static let firstBits = 12
    static let firstBuckets = 1 << firstBits
    private static let maxBits = 12
    /// Below this a comparison sort beats clearing the bucket counts.
    static let threshold = 2048

    /// Unsigned order of keys = numeric order of finite values. -0 is made +0 first because
    /// scikit-learn's thresholds treat them as one value (their difference is 0). No finite
    /// score has key 0, which callers use as a sentinel below all keys.
    @inline(__always)
    static func key(_ x: Double) -> UInt64 {
        let b = (x + 0.0).bitPattern
        return b >> 63 == 1 ? ~b : b | (1 << 63)
    }

    /// The score a key was made from (the same inverse as `RadixSort`'s, whose keys differ only at -0).
    @inline(__always)
    static func value(_ k: UInt64) -> Double { RadixSort.value(k) }

    @inline(__always)
    static func firstDigit(_ k: UInt64) -> Int { Int(k & UInt64(firstBuckets - 1)) }

    /// Sorts `keys[0..<n]` ascending, with `scratch[0..<n]` to move them through.
    /// `firstCounts` holds how many keys have each `firstDigit`; `differing` is the xor of
    /// the smallest and largest key. Returns whether the result ended in `scratch`.
    static func sort(_ keys: UnsafeMutablePointer<UInt64>, _ scratch: UnsafeMutablePointer<UInt64>, count n: Int,
                     firstCounts: UnsafeMutablePointer<Int32>, differing: UInt64) -> Bool {
        if n < threshold {
            var small = UnsafeMutableBufferPointer(start: keys, count: n)
            small.sort()
            return false
        }
        let used = 64 - differing.leadingZeroBitCount
        if used == 0 { return false }
        // Digit boundaries: the first digit, then the remaining used bits in equal widths.
        var shifts = [0], widths = [firstBits]
        if used > firstBits {
            let rest = used - firstBits
            let passes = (rest + maxBits - 1) / maxBits
            let width = (rest + passes - 1) / passes
            for p in 0..<passes {
                shifts.append(firstBits + p * width)
                widths.append(Swift.min(width, 64 - (firstBits + p * width)))
            }
        }
        var counts = [Int32](repeating: 0, count: 1 << maxBits), next = counts
        counts.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: firstCounts, count: firstBuckets) }
        var src = keys, dst = scratch
        for p in shifts.indices {
            let shift = UInt64(shifts[p]), mask = UInt64((1 << widths[p]) - 1)
            let last = p == shifts.count - 1
            let nextShift = last ? 0 : UInt64(shifts[p + 1]), nextMask = last ? 0 : UInt64((1 << widths[p + 1]) - 1)
            let buckets = 1 << widths[p]
            counts.withUnsafeMutableBufferPointer { cb in
                next.withUnsafeMutableBufferPointer { nb in
                    let c = cb.baseAddress!, nx = nb.baseAddress!
                    for b in 0..<(1 << maxBits) { nx[b] = 0 }
                    if c[Int((src[0] >> shift) & mask)] == Int32(n) {
                        // Every key shares this digit: nothing moves; only count the next one.
                        if !last { for i in 0..<n { nx[Int((src[i] >> nextShift) & nextMask)] &+= 1 } }
                        return
                    }
                    var offset: Int32 = 0
                    for b in 0..<buckets {
                        let k = c[b]
                        c[b] = offset
                        offset &+= k
                    }
                    if last {
                        for i in 0..<n {
                            let x = src[i]
                            let b = Int((x >> shift) & mask)
                            let to = c[b]
                            dst[Int(to)] = x
                            c[b] = to &+ 1
                        }
                    } else {
                        for i in 0..<n {
                            let x = src[i]
                            let b = Int((x >> shift) & mask)
                            let to = c[b]
                            dst[Int(to)] = x
                            c[b] = to &+ 1
                            nx[Int((x >> nextShift) & nextMask)] &+= 1
                        }
                    }
                    swap(&src, &dst)
                }
            }
            swap(&counts, &next)
        }
        return src != keys
    }
}
