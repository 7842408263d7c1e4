/// The canonical text of a cell: what CSV output and JSON use. Display rounding is the shell's job.
extension Column {
    public func text(at row: Int) -> String? {
        switch data {
        case .numbers(let v, let m):
            if m?[row] ?? false { return nil }
            return Self.canonicalText(v[row], type: type)
        case .strings(let codes, let levels):
            let c = codes[row]
            return c < 0 ? nil : levels[Int(c)]
        }
    }

    public static func canonicalText(_ x: Double, type: ColumnType) -> String {
        switch type {
        case .integer:
            return x.magnitude < 9.007_199_254_740_992e15 ? String(Int64(x)) : String(x)
        case .boolean: return x != 0 ? "true" : "false"
        case .date: return DateParsing.formatDate(x)
        case .datetime: return DateParsing.formatDateTime(x)
        case .float, .string:
            if x == x.rounded(), x.magnitude < 1e15 { return String(Int64(x)) + ".0" }
            return String(x)
        }
    }
}
