/// A text column that would have been numbers or dates but for a few values in it, such as
/// `?` written for missing or an impossible date (2024-02-30): one value that is neither turns
/// the whole column into text, which cannot be described, plotted or learned from, and nothing
/// else says so. Found after a load, so the loader can name those values and how to read them
/// as missing instead.
public struct StrayValues: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case numbers, dates
    }

    public struct Value: Sendable, Equatable {
        public let text: String
        public let rows: Int
    }

    public let column: String
    /// What the other values of the column are.
    public let kind: Kind
    /// The values that are not, the most frequent first (ties in text order).
    public let values: [Value]

    /// At most this many different stray values: more is a text column with some numbers in it.
    public static let mostValues = 5

    /// The text columns of `frame`, as the reader made it, in which at least half the rows and two
    /// different values are numbers (or dates), and at most `mostValues` different values are not.
    public static func find(in frame: Frame) -> [StrayValues] {
        frame.columns.compactMap { column in
            guard case .strings(let codes, let levels) = column.data, levels.count >= 3 else { return nil }
            // Which levels are numbers and which dates; a column with many of neither (names, words) stops early.
            var numbers: [Bool] = [], dates: [Bool] = []
            var notNumbers = 0, notDates = 0
            for level in levels {
                let number = NumberParsing.parse(level).0 != .none
                let date = !number && isDate(level)
                numbers.append(number)
                dates.append(date)
                notNumbers += number ? 0 : 1
                notDates += date ? 0 : 1
                if notNumbers > mostValues && notDates > mostValues { return nil }
            }
            var rows = [Int](repeating: 0, count: levels.count)
            for c in codes where c >= 0 { rows[Int(c)] += 1 }
            let total = rows.reduce(0, +)
            let kinds = [(Kind.numbers, numbers, notNumbers), (.dates, dates, notDates)].filter { $0.2 <= mostValues && $0.2 > 0 }
            guard let (kind, typed, _) = kinds.first(where: { _, typed, stray in
                levels.count - stray >= 2 && 2 * zip(rows, typed).reduce(0) { $0 + ($1.1 ? $1.0 : 0) } >= total
            }) else { return nil }
            let values = levels.indices.filter { !typed[$0] }.map { Value(text: levels[$0], rows: rows[$0]) }
                .sorted { $0.rows != $1.rows ? $0.rows > $1.rows : $0.text < $1.text }
            return StrayValues(column: column.name, kind: kind, values: values)
        }
    }

    /// A date or datetime as the reader takes one.
    private static func isDate(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        let n = bytes.count
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { b in
            DateParsing.parseDate(b.baseAddress!, n) != nil || DateParsing.parseDateTime(b.baseAddress!, n) != nil
        }
    }
}
