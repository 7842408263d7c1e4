#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// How numbers look in the terminal: integers in full, other values with six
/// significant digits (no exponent between 1e-4 and 1e15), dates in ISO form.
public enum NumberFormat {
    public static func display(_ x: Double, type: ColumnType) -> String {
        switch type {
        case .integer:
            if x.magnitude < 1e15, x == x.rounded() { return String(Int64(x)) }
            return significant(x)
        case .boolean: return x != 0 ? "true" : "false"
        case .date, .datetime: return Column.canonicalText(x, type: type)
        case .float, .string: return significant(x)
        }
    }

    public static func significant(_ x: Double, digits: Int = 6) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return "0" }
        let magnitude = x.magnitude
        if magnitude >= 1e15 || magnitude < 1e-4 { return scientific(x, digits: digits) }
        let exponent = Int(log10(magnitude).rounded(.down))
        let decimals = max(0, digits - 1 - exponent)
        var text = fixed(x, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Fixed-point text, rounding half away from zero on the decimal digits shown.
    static func fixed(_ x: Double, decimals: Int) -> String {
        let scale = pow10(decimals)
        let scaled = (x.magnitude * scale).rounded(.toNearestOrAwayFromZero)
        if scaled >= 9e18 { return String(x) }
        let integer = UInt64(scaled)
        let whole = integer / UInt64(scale)
        let fraction = integer % UInt64(scale)
        var text = (x < 0 && integer != 0 ? "-" : "") + String(whole)
        if decimals > 0 { text += "." + String(fraction).leftPadded(to: decimals) }
        return text
    }

    static func scientific(_ x: Double, digits: Int) -> String {
        let exponent = Int(log10(x.magnitude).rounded(.down))
        var mantissa = x / pow10(exponent)
        var e = exponent
        if mantissa.magnitude >= 9.999_995 { mantissa /= 10; e += 1 }
        var m = fixed(mantissa, decimals: digits - 1)
        if m.contains(".") {
            while m.hasSuffix("0") { m.removeLast() }
            if m.hasSuffix(".") { m.removeLast() }
        }
        return "\(m)e\(e < 0 ? "-" : "+")\(String(abs(e)).leftPadded(to: 2))"
    }

    static func pow10(_ k: Int) -> Double { pow(10, Double(k)) }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
