#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CKernels

/// What a CSV field parses as.
enum ParsedNumberKind: UInt8 { case none, integer, float }

/// Correctly rounded decimal-to-Double conversion for CSV fields.
///
/// The common case (at most 19 significant digits, a power of ten up to 1e22)
/// is Clinger's fast path: both operands are exact Doubles, so one IEEE multiply
/// or divide gives the correctly rounded result. Everything else goes to strtod,
/// which glibc rounds correctly too.
enum NumberParsing {
    // A literal table: statically initialised, no lazy-global check on the hot path.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Parses `count` bytes at `start`; leading and trailing blanks are allowed.
    static func parse(_ start: UnsafePointer<UInt8>, _ count: Int) -> (ParsedNumberKind, Double) {
        var i = 0, end = count
        while i < end, isSpace(start[i]) { i += 1 }
        while end > i, isSpace(start[end - 1]) { end -= 1 }
        if i == end { return (.none, 0) }
        let (kind, value, length) = parsePrefix(start + i, end - i)
        if length == end - i { return (kind, value) }
        return infinity(start + i, end - i).map { (.float, $0) } ?? (.none, 0)
    }

    /// inf, Infinity, -inf, +INF...: infinities as pandas and numpy write and read them.
    static func infinity(_ start: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard count >= 3, count <= 9 else { return nil }
        var i = 0, sign = 1.0
        if start[0] == UInt8(ascii: "-") || start[0] == UInt8(ascii: "+") {
            sign = start[0] == UInt8(ascii: "-") ? -1 : 1
            i = 1
        }
        let word = String(decoding: UnsafeBufferPointer(start: start + i, count: count - i), as: UTF8.self).lowercased()
        return word == "inf" || word == "infinity" ? sign * .infinity : nil
    }

    private static let powersOfTenInt: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// Reads a run of digits eight at a time into `mantissa`; false if more than 19 digits would be needed.
    @inline(__always)
    private static func readDigits(_ start: UnsafePointer<UInt8>, _ limit: Int, _ i: inout Int,
                                   _ mantissa: inout UInt64, _ total: inout Int) -> Bool {
        let raw = UnsafeRawPointer(start)
        while i + 8 <= limit {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // The eight-digits-at-a-time helpers are the C fast path's (CKernels' csv_numbers.h).
            let k = Int(opslab_csv_digit_run(w))
            if k == 0 { return true }
            if total + k > 19 { return false }
            mantissa = mantissa &* powersOfTenInt[k] &+ opslab_csv_digits_value(w, Int32(k))
            total += k
            i += k
            if k < 8 { return true }
        }
        while i < limit, start[i] &- 48 < 10 {
            if total == 19 { return false }
            mantissa = mantissa &* 10 &+ UInt64(start[i] &- 48)
            total += 1
            i += 1
        }
        return true
    }

    /// Parses the longest number at the start of [start, start+limit) and says how many bytes it used.
    /// The CSV scanner calls this directly on the file, so a numeric field is read in one pass.
    /// Numbers of up to 19 digits take the eight-digits-at-a-time path; longer ones the general one.
    @inline(__always)
    static func parsePrefix(_ start: UnsafePointer<UInt8>, _ limit: Int) -> (ParsedNumberKind, Double, Int) {
        var i = 0
        var negative = false
        if limit > 0, start[0] == UInt8(ascii: "-") || start[0] == UInt8(ascii: "+") {
            negative = start[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var total = 0
        guard readDigits(start, limit, &i, &mantissa, &total) else { return parsePrefixGeneral(start, limit) }
        let integerDigits = total
        var exponent = 0
        var isFloat = false
        if i < limit, start[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            guard readDigits(start, limit, &i, &mantissa, &total) else { return parsePrefixGeneral(start, limit) }
            exponent = integerDigits - total
        }
        if total == 0 { return (.none, 0, 0) }
        if i < limit, start[i] | 0x20 == UInt8(ascii: "e") { return parsePrefixGeneral(start, limit) }
        let kind: ParsedNumberKind = isFloat || mantissa > 1 << 53 ? .float : .integer
        if mantissa == 0 { return (kind, negative ? -0.0 : 0.0, i) }
        if mantissa <= 1 << 53, exponent >= -22 {
            let m = Double(mantissa)
            let v = exponent >= 0 ? m : m / powersOfTen[-exponent]
            return (kind, negative ? -v : v, i)
        }
        return parsePrefixGeneral(start, limit)
    }

    /// The digit-at-a-time parser for any length and exponent.
    static func parsePrefixGeneral(_ start: UnsafePointer<UInt8>, _ limit: Int) -> (ParsedNumberKind, Double, Int) {
        var i = 0
        let end = limit
        var negative = false
        if i < end, start[i] == UInt8(ascii: "-") || start[i] == UInt8(ascii: "+") {
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
        if digits == 0 { return (.none, 0, 0) }
        if i < end, start[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            var expNegative = false
            if j < end, start[j] == UInt8(ascii: "-") || start[j] == UInt8(ascii: "+") {
                expNegative = start[j] == UInt8(ascii: "-")
                j += 1
            }
            var e = 0, expDigits = 0
            while j < end, start[j] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(start[j] &- 48) }
                expDigits += 1
                j += 1
            }
            if expDigits == 0 { return (.none, 0, 0) }
            isFloat = true
            exponent += expNegative ? -e : e
            i = j
        }
        // Integers stay integers only while a Double holds them exactly.
        let kind: ParsedNumberKind = isFloat || significant > 19 || mantissa > 1 << 53 ? .float : .integer
        if mantissa == 0 { return (kind, negative ? -0.0 : 0.0, i) }
        if significant <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let v = exponent >= 0 ? m * powersOfTen[exponent] : m / powersOfTen[-exponent]
            return (kind, negative ? -v : v, i)
        }
        return (kind, slowParse(start, i), i)
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
