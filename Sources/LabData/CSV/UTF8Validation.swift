/// Checks that a byte range is valid UTF-8; returns the offset of the first bad byte.
/// Eight bytes at a time while the text is ASCII, which CSV files mostly are.
enum UTF8Validation {
    static func firstInvalid(_ base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        var i = from
        let raw = UnsafeRawPointer(base)
        while i < end {
            if i + 8 <= end, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b = base[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            let minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; scalar = UInt32(b & 0x1F); minimum = 0x80
            case 0xE0...0xEF: length = 3; scalar = UInt32(b & 0x0F); minimum = 0x800
            case 0xF0...0xF4: length = 4; scalar = UInt32(b & 0x07); minimum = 0x10000
            default: return i
            }
            if i + length > end { return i }
            for k in 1..<length {
                let c = base[i + k]
                if c & 0xC0 != 0x80 { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }
}
