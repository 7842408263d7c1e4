/// The tight loops behind expression evaluation: elementwise maps over contiguous
/// Double buffers and a few bitmap helpers. Everything here is allocation-free per row.
enum ExpressionKernels {
    /// `f` applied to every element.
    @inline(__always)
    static func map(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
        let n = x.count
        return [Double](unsafeUninitializedCapacity: n) { out, initialized in
            x.withUnsafeBufferPointer { xs in
                for i in 0..<n { out[i] = f(xs[i]) }
            }
            initialized = n
        }
    }

    /// `f` applied row by row; constants are broadcast. With two constants the result has one element.
    @inline(__always)
    static func map2(_ a: NumericSide, _ b: NumericSide, count: Int, _ f: (Double, Double) -> Double) -> [Double] {
        switch (a, b) {
        case (.constant(let x), .constant(let y)):
            return [f(x, y)]
        case (.vector(let xv), .constant(let y)):
            return [Double](unsafeUninitializedCapacity: count) { out, initialized in
                xv.withUnsafeBufferPointer { xs in
                    for i in 0..<count { out[i] = f(xs[i], y) }
                }
                initialized = count
            }
        case (.constant(let x), .vector(let yv)):
            return [Double](unsafeUninitializedCapacity: count) { out, initialized in
                yv.withUnsafeBufferPointer { ys in
                    for i in 0..<count { out[i] = f(x, ys[i]) }
                }
                initialized = count
            }
        case (.vector(let xv), .vector(let yv)):
            return [Double](unsafeUninitializedCapacity: count) { out, initialized in
                xv.withUnsafeBufferPointer { xs in
                    yv.withUnsafeBufferPointer { ys in
                        for i in 0..<count { out[i] = f(xs[i], ys[i]) }
                    }
                }
                initialized = count
            }
        }
    }

    /// True when some element is NaN or ±infinity (a branch-free scan: the exponent bits
    /// of a non-finite Double are all ones, so adding one at the exponent's low bit carries into the sign bit).
    static func containsNonFinite(_ values: [Double]) -> Bool {
        values.withUnsafeBufferPointer { xs in
            var flag: UInt64 = 0
            for x in xs { flag |= ((x.bitPattern & 0x7FF0_0000_0000_0000) &+ 0x0010_0000_0000_0000) >> 63 }
            return flag != 0
        }
    }

    static func contains(_ values: [Double], where predicate: (Double) -> Bool) -> Bool {
        values.withUnsafeBufferPointer { xs in
            var found = false
            for x in xs where predicate(x) {
                found = true
                break
            }
            return found
        }
    }

    /// The rows set in either mask.
    static func union(_ a: Bitmap?, _ b: Bitmap?) -> Bitmap? {
        guard let a else { return b }
        guard let b else { return a }
        var out = a
        let aw = a.words
        for (w, word) in b.words.enumerated() {
            var bits = word & ~aw[w]
            while bits != 0 {
                out[w << 6 + bits.trailingZeroBitCount] = true
                bits &= bits - 1
            }
        }
        return out
    }

    /// 0/1 values from a bitmap (set bits give `setValue`).
    static func values(from mask: Bitmap?, count: Int, setValue: Double) -> [Double] {
        var out = [Double](repeating: 1 - setValue, count: count)
        guard let mask else { return out }
        for (w, word) in mask.words.enumerated() {
            var bits = word
            while bits != 0 {
                out[w << 6 + bits.trailingZeroBitCount] = setValue
                bits &= bits - 1
            }
        }
        return out
    }

    /// A copy of `values` with 0 at every missing row, so no NaN or infinity left over
    /// from meaningless rows ever reaches a stored column.
    static func zeroingMissing(_ values: [Double], _ mask: Bitmap?) -> [Double] {
        guard let mask else { return values }
        var out = values
        for (w, word) in mask.words.enumerated() {
            var bits = word
            while bits != 0 {
                let i = w << 6 + bits.trailingZeroBitCount
                if out[i] != 0 || out[i].sign == .minus { out[i] = 0 }
                bits &= bits - 1
            }
        }
        return out
    }

    /// Whether every value at a non-missing row is a whole number within ±2^53.
    static func allExactIntegers(_ values: [Double], missing: Bitmap?) -> Bool {
        let limit = Operand.exactIntegerLimit
        let quick: Bool = values.withUnsafeBufferPointer { xs in
            var ok = true
            for x in xs where !(Swift.abs(x) <= limit && x == x.rounded(.towardZero)) {
                ok = false
                break
            }
            return ok
        }
        if quick { return true }
        for (i, x) in values.enumerated() where !(missing?[i] ?? false) {
            if !(Swift.abs(x) <= limit && x == x.rounded(.towardZero)) { return false }
        }
        return true
    }
}
