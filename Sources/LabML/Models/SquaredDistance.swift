/// Squared euclidean distance of two rows of doubles. Four running sums (two 2-wide vectors)
/// instead of one: a single sum waits on every addition's latency, and rows are short.
@inline(__always)
func squaredEuclidean(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var s0 = SIMD2<Double>(), s1 = SIMD2<Double>()
    var j = 0
    while j &+ 4 <= count {
        let d0 = ra.loadUnaligned(fromByteOffset: j &* 8, as: SIMD2<Double>.self) - rb.loadUnaligned(fromByteOffset: j &* 8, as: SIMD2<Double>.self)
        let d1 = ra.loadUnaligned(fromByteOffset: j &* 8 &+ 16, as: SIMD2<Double>.self) - rb.loadUnaligned(fromByteOffset: j &* 8 &+ 16, as: SIMD2<Double>.self)
        s0 += d0 * d0
        s1 += d1 * d1
        j &+= 4
    }
    var s = (s0 + s1).sum()
    while j < count {
        let t = a[j] - b[j]
        s += t * t
        j &+= 1
    }
    return s
}
