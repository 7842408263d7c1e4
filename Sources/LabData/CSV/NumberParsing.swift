#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What a CSV field parses as.
enum ParsedNumberKind: UInt8 { case none, integer, float }

/// Correctly rounded decimal-to-Double conversion for CSV fields.
///
/// The common case (at most 19 significant digits, a power of ten up to 1e22)
/// is Clinger's fast path: both operands are exact Doubles, so one IEEE multiply
/// or divide gives the correctly rounded result. Everything else goes to strtod,
/// which glibc rounds correctly too.
enum NumberParsing {
    private static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Parses `count` bytes at `start`; leading and trailing blanks are allowed.
    static func parse(_ start: UnsafePointer<UInt8>, _ count: Int) -> (ParsedNumberKind, Double) {
        var i = 0, end = count
        while i < end, isSpace(start[i]) { i += 1 }
        while end > i, isSpace(start[end - 1]) { end -= 1 }
        if i == end { return (.none, 0) }
        let begin = i
        var negative = false
        if start[i] == UInt8(ascii: "-") || start[i] == UInt8(ascii: "+") {
            negative = start[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var exponent = 0
        var isFloat = false
        while i < end, start[i] &- 48 < 10 {
            let d = UInt64(start[i] &- 48)
            if significant < 19 {
                mantissa = mantissa &* 10 &+ d
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                significant += 1
            }
            digits += 1
            i += 1
        }
        if i < end, start[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            while i < end, start[i] &- 48 < 10 {
                let d = UInt64(start[i] &- 48)
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ d
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else {
                    significant += 1
                }
                digits += 1
                i += 1
            }
        }
        if digits == 0 { return (.none, 0) }
        if i < end, start[i] | 0x20 == UInt8(ascii: "e") {
            isFloat = true
            i += 1
            var expNegative = false
            if i < end, start[i] == UInt8(ascii: "-") || start[i] == UInt8(ascii: "+") {
                expNegative = start[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0, expDigits = 0
            while i < end, start[i] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(start[i] &- 48) }
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return (.none, 0) }
            exponent += expNegative ? -e : e
        }
        if i != end { return (.none, 0) }
        // Integers stay integers only while a Double holds them exactly.
        let kind: ParsedNumberKind = isFloat || significant > 19 || mantissa > 1 << 53 ? .float : .integer
        if mantissa == 0 { return (kind, negative ? -0.0 : 0.0) }
        if significant <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let v = exponent >= 0 ? m * powersOfTen[exponent] : m / powersOfTen[-exponent]
            return (kind, negative ? -v : v)
        }
        return (kind, slowParse(start + begin, end - begin))
    }

    private static func slowParse(_ start: UnsafePointer<UInt8>, _ count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for k in 0..<count { buffer[k] = CChar(bitPattern: start[k]) }
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    /// Convenience for tests and small inputs.
    static func parse(_ text: String) -> (ParsedNumberKind, Double) {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { parse($0.baseAddress!, $0.count - 1) }
    }
}
