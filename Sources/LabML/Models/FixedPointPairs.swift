import CKernels

/// The gradients and hessians of one boosting tree as fixed-point integers. A row keeps its pair
/// in 8 bytes (two Int32: half the bytes a partition moves); a histogram bin is one 16-byte pair
/// of Int64 sums: (Σ gradient, Σ hessian shifted left by `countBits`, plus the row count in the
/// low bits). Adding a row to a bin is then a single vector add, where float sums and a separate
/// count take two read-modify-writes; and integer sums are exact, so a child's histogram
/// subtracted from its parent's, and sums taken in any order or on any core, are the same numbers.
///
/// Scales are set per tree from the largest magnitudes: a gradient is resolved to 2⁻³⁰ of the
/// largest one, a hessian as finely as the sums of `rows` rows allow without overflow (2⁻²² of the
/// largest on 800,000 rows): absolute errors far below those of the float32 gradients
/// scikit-learn sums.
struct FixedPointPairs: Sendable {
    /// Bits holding a count of rows: every count is below 2^countBits.
    let countBits: Int
    /// Real value of one unit of each integer sum.
    let gradientUnit: Double, hessianUnit: Double
    private let gradientFactor: Double, hessianFactor: Double
    private let hessianLimit: Int64
    /// countBits as the shift amount, and the mask of the count bits (read in every scan step).
    private let shift: Int64, countMask: Int64

    /// Scales for sums over at most `rows` rows of gradients up to `maxGradient` in magnitude and
    /// hessians up to `maxHessian` (nil hessians: constant 1, as for squared error, kept exact).
    init(rows: Int, maxGradient: Double, maxHessian: Double?) {
        countBits = max(1, Int.bitWidth - rows.leadingZeroBitCount)
        shift = Int64(countBits)
        countMask = (1 << shift) - 1
        // Each fits an Int32; |Σ g| ≤ rows · 2^30 < 2^62, and Σ h · 2^b + count ≤ rows · 2^(62−2b) · 2^b + rows < 2^62 + 2^b.
        let gradientLimit = Double(1 << 30)
        hessianLimit = Int64(1) << Int64(max(0, min(30, 62 - 2 * countBits)))
        gradientFactor = maxGradient > 0 ? gradientLimit / maxGradient : 0
        gradientUnit = maxGradient > 0 ? maxGradient / gradientLimit : 0
        let hessianTop = maxHessian ?? 1
        hessianFactor = hessianTop > 0 ? Double(hessianLimit) / hessianTop : 0
        hessianUnit = hessianTop > 0 ? hessianTop / Double(hessianLimit) : 0
    }

    /// One row's pair (gradient, hessian), each rounded to the nearest unit.
    @inline(__always)
    func pair(gradient: Double, hessian: Double?) -> SIMD2<Int32> {
        let g = Self.nearest(gradient * gradientFactor)
        let h = hessian.map { Self.nearest($0 * hessianFactor) } ?? hessianLimit
        return SIMD2(Int32(truncatingIfNeeded: g), Int32(truncatingIfNeeded: h))
    }

    /// The pairs of rows `range` of gradients `g` and hessians `h` (nil: constant, as `pair`
    /// makes them), written at the same indices of `pairs`, with rows[i] = i when `rows` is given;
    /// returns their sum as a histogram bin holds it. The same integers as `pair` and `widened`,
    /// four rows a vector.
    func fill(gradients g: UnsafePointer<Double>, hessians h: UnsafePointer<Double>?, range: Range<Int>,
              rows: UnsafeMutablePointer<Int32>?, pairs: UnsafeMutablePointer<SIMD2<Int32>>) -> SIMD2<Int64> {
        var sums = SIMD2<Int64>.zero
        withUnsafeMutableBytes(of: &sums) { out in
            UnsafeMutableRawPointer(pairs).withMemoryRebound(to: Int32.self, capacity: 2 * range.upperBound) { flat in
                opslab_fixed_pairs(g, h, range.lowerBound, range.upperBound, gradientFactor, hessianFactor, Int32(hessianLimit),
                                   Int(shift), rows, flat, out.baseAddress!.assumingMemoryBound(to: Int64.self), VectorUnits.wide)
            }
        }
        return sums
    }

    /// The scales of a binary log-loss tree on `rows` rows, from the bounds of its gradients and
    /// hessians (|p − y| ≤ 1, p(1 − p) ≤ 1/4) rather than their largest values, so that one
    /// pass over the raw scores computes the pairs (`fillBinaryLogLoss`).
    static func binaryLogLoss(rows: Int) -> FixedPointPairs {
        FixedPointPairs(rows: rows, maxGradient: 1, maxHessian: 0.25)
    }

    /// As `fill`, the pairs of the binary log-loss's gradients and hessians at raw scores `raw`
    /// and 0/1 labels `y`, computed on the way (CKernels' `opslab_binary_log_loss_pairs`), in
    /// scales from `binaryLogLoss`; also returns the loss summed over the range. `level`: the
    /// kernel's build (`VectorUnits.level`; the tests run each one the machine has).
    func fillBinaryLogLoss(raw: UnsafePointer<Double>, y: UnsafePointer<Double>, range: Range<Int>,
                           rows: UnsafeMutablePointer<Int32>?, pairs: UnsafeMutablePointer<SIMD2<Int32>>,
                           level: Int32 = VectorUnits.level) -> (sums: SIMD2<Int64>, loss: Double) {
        var sums = SIMD2<Int64>.zero, loss = 0.0
        withUnsafeMutableBytes(of: &sums) { out in
            UnsafeMutableRawPointer(pairs).withMemoryRebound(to: Int32.self, capacity: 2 * range.upperBound) { flat in
                opslab_binary_log_loss_pairs(raw, y, range.lowerBound, range.upperBound, gradientFactor, hessianFactor, Int(shift), rows, flat,
                                             out.baseAddress!.assumingMemoryBound(to: Int64.self), &loss, level)
            }
        }
        return (sums, loss)
    }

    /// A row's pair as it adds to a bin: (gradient, hessian << countBits | 1).
    @inline(__always)
    func widened(_ pair: SIMD2<Int32>) -> SIMD2<Int64> {
        SIMD2(Int64(pair.x), Int64(pair.y) &<< shift | 1)
    }

    /// The hessian sum and count packed in a pair's second lane.
    @inline(__always)
    func split(_ packed: Int64) -> (hessian: Int64, count: Int) {
        (packed &>> shift, Int(truncatingIfNeeded: packed & countMask))
    }

    @inline(__always)
    func gradient(_ sum: Int64) -> Double { Double(sum) * gradientUnit }

    @inline(__always)
    func hessian(_ sum: Int64) -> Double { Double(sum) * hessianUnit }

    /// Round half away from zero by truncation (a conversion instruction, where `rounded()` is a
    /// call), the half taking x's sign from its bits rather than by a branch.
    @inline(__always)
    private static func nearest(_ x: Double) -> Int64 { Int64(x + Double(signOf: x, magnitudeOf: 0.5)) }
}
