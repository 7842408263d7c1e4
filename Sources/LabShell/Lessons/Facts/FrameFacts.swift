import LabData

/// `frame("NAME").…` and `current.…` in checks.
struct FrameFacts {
    let frame: Frame

    static let members = ["rows", "columns", "name", "has", "missing", "type", "mean", "min", "max", "distinct", "value"]

    func member(_ name: String, _ args: [Value]) throws -> Value {
        switch name {
        case "rows": return Facts.number(frame.rowCount)
        case "columns": return Facts.number(frame.columnCount)
        case "name": return .string(frame.name)
        case "has": return .bool(frame.index(of: try Facts.text(args, 0, "has")) != nil)
        case "missing":
            // No argument: every missing cell in the frame.
            if args.isEmpty { return Facts.number(frame.columns.reduce(0) { $0 + $1.missingCount }) }
            return Facts.number(try column(args).missingCount)
        case "type": return .string(try column(args).type.rawValue)
        case "mean", "min", "max":
            let values = try numbers(try column(args))
            guard !values.isEmpty else { return .missing }
            switch name {
            case "mean": return .number(values.reduce(0, +) / Double(values.count))
            case "min": return .number(values.min()!)
            default: return .number(values.max()!)
            }
        case "distinct":
            let c = try column(args)
            return Facts.number(Set((0..<frame.rowCount).compactMap { c.text(at: $0) }).count)
        case "value":
            // value("col", ROW): the cell in row ROW, counted from 1 as `show` lists them.
            let c = try column(args)
            guard args.count > 1, case .number(let r) = args[1], r == r.rounded(), r >= 1, Int(r) <= frame.rowCount else {
                throw CheckFailure("value(\"\(c.name)\", ROW) needs a row from 1 to \(frame.rowCount)")
            }
            return c.value(at: Int(r) - 1)
        default:
            throw Facts.unknown(name, of: "frame(\"\(frame.name)\")", known: Self.members)
        }
    }

    private func column(_ args: [Value]) throws -> Column {
        let name = try Facts.text(args, 0, "a column member")
        guard let i = frame.index(of: name) else {
            throw CheckFailure("frame '\(frame.name)' has no column '\(name)'\(Suggestion.didYouMean(name, in: frame.columnNames))")
        }
        return frame.columns[i]
    }

    private func numbers(_ c: Column) throws -> [Double] {
        guard case .numbers(let values, let missing) = c.data else {
            throw CheckFailure("column '\(c.name)' of '\(frame.name)' holds \(c.type.rawValue) values, not numbers")
        }
        return values.indices.filter { !(missing?[$0] ?? false) }.map { values[$0] }
    }
}
