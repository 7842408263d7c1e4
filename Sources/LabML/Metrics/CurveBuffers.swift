/// The three arrays of a threshold curve being built in place (thresholds, then the true and
/// false positive counts or rates), written by two cores at separate places.
struct CurveBuffers: @unchecked Sendable {
    let thresholds: UnsafeMutablePointer<Double>
    let tps: UnsafeMutablePointer<Double>
    let fps: UnsafeMutablePointer<Double>

    /// Moves `count` points from slot `source` to slot `target`; the ranges may overlap (a memmove).
    func move(from source: Int, to target: Int, count: Int) {
        for base in [thresholds, tps, fps] {
            UnsafeMutableRawPointer(base + target).copyMemory(from: base + source, byteCount: count * MemoryLayout<Double>.stride)
        }
    }
}

/// What each of two halves worked out (points kept, twice an area), each written by its own thread.
final class HalfCounts: @unchecked Sendable {
    var upper = 0
    var lower = 0
}
