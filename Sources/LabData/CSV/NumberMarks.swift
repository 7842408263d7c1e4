/// Numbers the reader leaves as text because of how they are written: with a decimal comma
/// (1,5 for 1.5, as spreadsheets in much of Europe save them, usually with `;` between fields)
/// or with thousands separators (1,234,567; 1.234.567,89 with both). With the matching load
/// options (`decimal=,`, `thousands=,`), a text column whose every value is such a number
/// becomes a number column, the marks read as they mean: 2,25 is exactly Double("2.25"). A
/// column with one value that is not such a number stays text.
public struct NumberMarks: Sendable, Equatable {
    /// The byte between the whole part and the fraction: `.` or `,`.
    public var decimal: UInt8
    /// The byte between groups of three digits of the whole part, if numbers have one.
    public var thousands: UInt8?

    public init(decimal: UInt8 = UInt8(ascii: "."), thousands: UInt8? = nil) {
        self.decimal = decimal
        self.thousands = thousands
    }

    /// Plain numbers, which the reader reads itself.
    public var isPlain: Bool { decimal == UInt8(ascii: ".") && thousands == nil }

    /// The frame (as the reader made it) with every text column of such numbers turned into
    /// numbers: integers when no value has a fraction or an exponent, else floats.
    public func converting(_ frame: Frame) throws -> Frame {
        guard !isPlain else { return frame }
        var out = frame
        for column in frame.columns {
            guard case .strings(let codes, let levels) = column.data, let numbers = numbers(levels) else { continue }
            let values = codes.map { $0 >= 0 ? numbers[Int($0)] : 0 }
            let missing = codes.contains(-1) ? Bitmap(codes.map { $0 < 0 }) : nil
            let whole = levels.allSatisfy { !$0.utf8.contains(decimal) && !$0.contains("e") && !$0.contains("E") }
            out = try out.setting(Column(name: column.name, type: whole ? .integer : .float, values: values, missing: missing))
        }
        return out
    }

    /// The text columns of a frame as the reader made it that `converting` would turn into
    /// numbers, each with its first value holding a mark that is not plain (for a message:
    /// "price holds numbers like 1,50").
    public func candidates(_ frame: Frame) -> [(column: String, example: String)] {
        let marks = [decimal == UInt8(ascii: ".") ? nil : decimal, thousands].compactMap { $0 }
        return frame.columns.compactMap { column in
            guard case .strings(_, let levels) = column.data, numbers(levels) != nil,
                  let example = levels.first(where: { $0.utf8.contains { marks.contains($0) } }) else { return nil }
            return (column.name, example)
        }
    }

    /// The value of each level, or nil when one is not such a number. For frames as the reader
    /// makes them, where every level is some row's value; a text column fails at its first
    /// level, before any row is read.
    private func numbers(_ levels: [String]) -> [Double]? {
        guard !levels.isEmpty else { return nil }
        var values: [Double] = []
        values.reserveCapacity(levels.count)
        for level in levels {
            guard let v = value(level) else { return nil }
            values.append(v)
        }
        return values
    }

    /// The number `text` writes, or nil: [+-], the whole part (digits; with a thousands mark
    /// also 1 to 3 digits then groups of the mark and 3 digits), then the decimal mark and
    /// digits, then an exponent (e or E, a sign, digits); at least one digit before the
    /// exponent, blanks around allowed.
    func value(_ text: String) -> Double? {
        let bytes = Array(text.utf8.drop { $0 == 32 }.reversed().drop { $0 == 32 }.reversed())
        var i = 0, digits = 0
        var kept: [UInt8] = []
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 48 && bytes[at] <= 57 }
        /// Copies a run of digits; returns its length.
        func run() -> Int {
            let start = i
            while isDigit(i) { i += 1 }
            kept += bytes[start..<i]
            return i - start
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            kept.append(bytes[i])
            i += 1
        }
        let lead = run()
        digits += lead
        if let separator = thousands, (1...3).contains(lead) {
            while i < bytes.count, bytes[i] == separator, isDigit(i + 1), isDigit(i + 2), isDigit(i + 3), !isDigit(i + 4) {
                kept += bytes[(i + 1)...(i + 3)]
                i += 4
            }
        }
        if i < bytes.count, bytes[i] == decimal {
            i += 1
            kept.append(UInt8(ascii: "."))
            digits += run()
        }
        guard digits > 0 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            kept.append(bytes[i])
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                kept.append(bytes[i])
                i += 1
            }
            guard run() > 0 else { return nil }
        }
        guard i == bytes.count else { return nil }
        return Double(String(decoding: kept, as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
    }
}
