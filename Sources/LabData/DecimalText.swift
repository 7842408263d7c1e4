/// Numbers appended to a byte buffer as text, with no String made per number: the writers
/// of model files and CSV files put out tens of millions of them.
enum DecimalText {
    /// The decimal digits of `v`, with a minus sign when negative.
    static func appendInteger(_ v: Int64, into out: inout [UInt8]) {
        var magnitude = v.magnitude
        if v < 0 { out.append(UInt8(ascii: "-")) }
        // At most 20 digits, written from the right into a 24-byte scratch.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            var n = 0
            repeat {
                d[23 - n] = UInt8(truncatingIfNeeded: 48 + magnitude % 10)
                magnitude /= 10
                n += 1
            } while magnitude > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(24 - n)...]))
        }
    }

    /// A float as `Column.canonicalText` writes it: a whole number below 10^15 as its digits and
    /// ".0" (by far the most common in data and in trees' counts), else the shortest text.
    /// `signedZero`: -0 written "-0.0", as `description` writes it (else "0.0").
    static func appendFloat(_ x: Double, signedZero: Bool, into out: inout [UInt8]) {
        if x == x.rounded(), x.magnitude < 1e15, !(signedZero && x == 0 && x.sign == .minus) {
            appendInteger(Int64(x), into: &out)
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0"))
        } else {
            appendShortest(x, into: &out)
        }
    }

    /// `x.description`: the shortest text that reads back to the same bits.
    static func appendShortest(_ x: Double, into out: inout [UInt8]) {
        var stream = ByteStream(bytes: [])
        swap(&stream.bytes, &out)
        x.write(to: &stream)
        swap(&stream.bytes, &out)
    }
}

/// Collects the text a number writes of itself as bytes: `Double.write(to:)` hands its digits
/// over as an ASCII buffer.
private struct ByteStream: TextOutputStream {
    var bytes: [UInt8]
    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
