/// Numbers written with a decimal comma (1,5 for 1.5), as spreadsheets in much of Europe save
/// them, usually with `;` between fields. The parser reads a field like 1,50 as text; with
/// `decimal=,` a text column whose every value is such a number becomes a float column (the
/// comma read as the point, so 2,25 is exactly Double("2.25")). A column with one value that
/// is not a number stays text.
public enum DecimalComma {
    /// The frame (as the reader made it) with every text column of decimal-comma numbers turned into floats.
    public static func converting(_ frame: Frame) throws -> Frame {
        var out = frame
        for column in frame.columns {
            guard case .strings(let codes, let levels) = column.data, let numbers = numbers(levels) else { continue }
            let values = codes.map { $0 >= 0 ? numbers[Int($0)] : 0 }
            let missing = codes.contains(-1) ? Bitmap(codes.map { $0 < 0 }) : nil
            out = try out.setting(Column(name: column.name, type: .float, values: values, missing: missing))
        }
        return out
    }

    /// The text columns of a frame as the reader made it that `converting` would turn into
    /// numbers, each with its first value that has a comma (for a message: "price holds numbers like 1,50").
    public static func candidates(_ frame: Frame) -> [(column: String, example: String)] {
        frame.columns.compactMap { column in
            guard case .strings(_, let levels) = column.data, numbers(levels) != nil,
                  let example = levels.first(where: { $0.contains(",") }) else { return nil }
            return (column.name, example)
        }
    }

    /// The value of each level, or nil when one is not a decimal-comma number. For frames as
    /// the reader makes them, where every level is some row's value; a text column fails at
    /// its first level, before any row is read.
    private static func numbers(_ levels: [String]) -> [Double]? {
        guard !levels.isEmpty else { return nil }
        var values: [Double] = []
        values.reserveCapacity(levels.count)
        for level in levels {
            guard let v = value(level) else { return nil }
            values.append(v)
        }
        return values
    }

    /// [+-] digits [, digits] or [+-] , digits, with an optional exponent (e or E, a sign,
    /// digits); blanks around it allowed. A point anywhere means another convention: nil.
    static func value(_ text: String) -> Double? {
        let bytes = Array(text.utf8.drop { $0 == 32 }.reversed().drop { $0 == 32 }.reversed())
        var i = 0, digits = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1; digits += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ",") {
            i += 1
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let exponentStart = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            guard i > exponentStart else { return nil }
        }
        guard i == bytes.count else { return nil }
        let pointed = String(decoding: bytes.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }, as: UTF8.self)
        return Double(pointed).flatMap { $0.isFinite ? $0 : nil }
    }
}
