/// ISO 8601 dates (YYYY-MM-DD) and datetimes (YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]).
/// Dates become days since 1970-01-01; datetimes seconds since 1970-01-01T00:00:00Z
/// (a value without an offset is taken as UTC).
enum DateParsing {
    /// Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inline(__always)
    private static func digits(_ p: UnsafePointer<UInt8>, _ at: Int, _ n: Int) -> Int? {
        var v = 0
        for k in at..<(at + n) {
            let d = p[k] &- 48
            if d > 9 { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    static func parseDate(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n == 10, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              let y = digits(p, 0, 4), let m = digits(p, 5, 2), let d = digits(p, 8, 2),
              m >= 1, m <= 12, d >= 1, d <= daysInMonth(y, m) else { return nil }
        return Double(days(year: y, month: m, day: d))
    }

    static func parseDateTime(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n >= 16, let day = parseDate(p, 10), p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: " "),
              p[13] == UInt8(ascii: ":"), let hh = digits(p, 11, 2), let mm = digits(p, 14, 2),
              hh < 24, mm < 60 else { return nil }
        var i = 16
        var seconds = Double(hh * 3600 + mm * 60)
        if i < n, p[i] == UInt8(ascii: ":") {
            guard i + 3 <= n, let ss = digits(p, i + 1, 2), ss < 61 else { return nil }
            seconds += Double(ss)
            i += 3
            if i < n, p[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 0.1, fraction = 0.0, count = 0
                while i < n, p[i] &- 48 < 10 {
                    fraction += Double(p[i] &- 48) * scale
                    scale /= 10
                    count += 1
                    i += 1
                }
                if count == 0 { return nil }
                seconds += fraction
            }
        }
        if i < n {
            if p[i] == UInt8(ascii: "Z") {
                i += 1
            } else if p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
                let sign = p[i] == UInt8(ascii: "+") ? -1.0 : 1.0
                guard i + 3 <= n, let oh = digits(p, i + 1, 2) else { return nil }
                i += 3
                var om = 0
                if i < n, p[i] == UInt8(ascii: ":") { i += 1 }
                if i + 2 <= n, let m2 = digits(p, i, 2) { om = m2; i += 2 }
                seconds += sign * Double(oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        guard i == n else { return nil }
        return day * 86_400 + seconds
    }

    static func formatDate(_ days: Double) -> String {
        let (y, m, d) = civil(days: Int(days.rounded(.down)))
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    static func formatDateTime(_ seconds: Double) -> String {
        let day = (seconds / 86_400).rounded(.down)
        var rest = seconds - day * 86_400
        let hh = Int(rest / 3600); rest -= Double(hh * 3600)
        let mm = Int(rest / 60); rest -= Double(mm * 60)
        let ss = Int(rest); let fraction = rest - Double(ss)
        var out = "\(formatDate(day))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))"
        if fraction > 0.000_000_5 {
            let micros = Int((fraction * 1_000_000).rounded())
            var f = pad(micros, 6)
            while f.hasSuffix("0") { f.removeLast() }
            out += "." + f
        }
        return out + "Z"
    }

    private static func pad(_ v: Int, _ width: Int) -> String { String(v).leftPadded(to: width) }
}
