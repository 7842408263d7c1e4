/// Stable LSD radix sort of doubles with their row indices: eight passes of 8 bits over
/// order-preserving integer keys (passes whose byte is the same for every key are skipped).
/// Linear in the count, several times faster than a comparison sort for the columns that
/// trees and binning sort, and ties keep their row order, as the callers require.
enum RadixSort {
    /// Orders like the doubles themselves (-0 just before +0); NaN never reaches here.
    @inline(__always)
    static func key(_ v: Double) -> UInt64 {
        let bits = v.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// The double a key was made from.
    @inline(__always)
    static func value(_ k: UInt64) -> Double {
        Double(bitPattern: k & (1 << 63) != 0 ? k & ~(1 << 63) : ~k)
    }

    /// The values in increasing order and, for each, its index in `values` (ties by index).
    static func sorted(_ values: UnsafeBufferPointer<Double>) -> (values: [Double], indices: [Int32]) {
        let n = values.count
        var keys = values.map(key)
        var indices = (0..<n).map { Int32($0) }
        var keysOut = [UInt64](repeating: 0, count: n)
        var indicesOut = [Int32](repeating: 0, count: n)
        // All eight byte histograms in one pass.
        var counts = [Int](repeating: 0, count: 8 * 256)
        for k in keys { for b in 0..<8 { counts[b &* 256 &+ Int((k >> UInt64(b &* 8)) & 0xFF)] &+= 1 } }
        for b in 0..<8 {
            let base = b * 256
            if counts[base..<(base + 256)].contains(n) { continue }
            var offsets = [Int](repeating: 0, count: 256)
            var total = 0
            for d in 0..<256 { offsets[d] = total; total &+= counts[base &+ d] }
            let shift = UInt64(b * 8)
            keys.withUnsafeBufferPointer { ks in
                indices.withUnsafeBufferPointer { ix in
                    keysOut.withUnsafeMutableBufferPointer { ko in
                        indicesOut.withUnsafeMutableBufferPointer { io in
                            offsets.withUnsafeMutableBufferPointer { off in
                                for i in 0..<n {
                                    let k = ks[i], d = Int((k >> shift) & 0xFF)
                                    let at = off[d]
                                    ko[at] = k
                                    io[at] = ix[i]
                                    off[d] = at &+ 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keysOut)
            swap(&indices, &indicesOut)
        }
        return (indices.map { values[Int($0)] }, indices)
    }
}
