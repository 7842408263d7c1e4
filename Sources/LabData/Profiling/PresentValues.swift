/// The values of a numeric column whose rows are not missing, in row order. Whole 64-row
/// words of the mask are handled at once, so a column with few gaps copies almost linearly.
enum PresentValues {
    static func gather(_ values: [Double], missing: Bitmap?) -> [Double] {
        guard let missing else { return values }
        let n = values.count
        return [Double](unsafeUninitializedCapacity: n - missing.setCount) { out, initialized in
            var k = 0
            values.withUnsafeBufferPointer { src in
                missing.words.withUnsafeBufferPointer { words in
                    for w in 0..<words.count {
                        let word = words[w], base = w << 6, end = min(base + 64, n)
                        if word == 0 {
                            for r in base..<end { out[k] = src[r]; k += 1 }
                        } else if word != ~0 {
                            for r in base..<end where word & (1 << UInt64(r - base)) == 0 { out[k] = src[r]; k += 1 }
                        }
                    }
                }
            }
            initialized = k
        }
    }
}
