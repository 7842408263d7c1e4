/// Checks that a byte range is valid UTF-8; returns the offset of the first bad byte.
/// Sixty-four bytes a test while the text is ASCII, which CSV files mostly are (eight words
/// or'ed together, one test); around other bytes, eight ASCII bytes a step or one character.
enum UTF8Validation {
    private static let high: UInt64 = 0x8080_8080_8080_8080

    static func firstInvalid(_ base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        var i = from
        let raw = UnsafeRawPointer(base)
        while i < end {
            if i + 64 <= end {
                var any: UInt64 = 0
                for k in 0..<8 { any |= raw.loadUnaligned(fromByteOffset: i &+ k &* 8, as: UInt64.self) }
                if any & high == 0 {
                    i += 64
                    continue
                }
            }
            // Step through the next 64 bytes (a character may end past them).
            let stop = min(end, i + 64)
            while i < stop {
                guard let next = step(base, at: i, end: end) else { return i }
                i = next
            }
        }
        return nil
    }

    /// Where the text continues after the eight ASCII bytes or the character at `i`; nil if
    /// the character there is not valid UTF-8.
    @inline(__always)
    private static func step(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int? {
        if i + 8 <= end, UnsafeRawPointer(base).loadUnaligned(fromByteOffset: i, as: UInt64.self) & high == 0 { return i + 8 }
        let b = base[i]
        if b < 0x80 { return i + 1 }
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch b {
        case 0xC2...0xDF: length = 2; scalar = UInt32(b & 0x1F); minimum = 0x80
        case 0xE0...0xEF: length = 3; scalar = UInt32(b & 0x0F); minimum = 0x800
        case 0xF0...0xF4: length = 4; scalar = UInt32(b & 0x07); minimum = 0x10000
        default: return nil
        }
        if i + length > end { return nil }
        for k in 1..<length {
            let c = base[i + k]
            if c & 0xC0 != 0x80 { return nil }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return nil }
        return i + length
    }
}
