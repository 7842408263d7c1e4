import LabData

struct DescribeCommand: Command {
    static let spec = CommandSpec(
        "describe", group: .data,
        summary: "Per column: type, count, missing, mean, std, min, quartiles, max, unique, top",
        keys: [KeySpec("cols", .columns, help: "only these columns, comma-separated")],
        changesState: false, examples: ["describe", "describe cols=age,fare"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var frame = try context.state.requireCurrent()
        if let cols = args.list("cols") { frame = try frame.selecting(cols) }
        let header = ["column", "type", "count", "missing", "mean", "std", "min", "25%", "50%", "75%", "max", "unique", "top"]
        var rows: [[Cell]] = []
        for column in frame.columns {
            let s = try ColumnSummary(column)
            let valueType: ColumnType = s.type == .integer || s.type == .boolean ? .float : s.type
            func number(_ x: Double?, _ t: ColumnType = valueType) -> Cell { x.map { .number($0, t) } ?? .missing }
            let extreme: ColumnType = s.type == .boolean ? .integer : s.type
            rows.append([
                .text(s.name), .text(s.type.rawValue), .number(Double(s.count), .integer), .number(Double(s.missing), .integer),
                s.type == .date || s.type == .datetime ? number(s.mean, s.type) : number(s.mean),
                number(s.std), number(s.min, extreme), number(s.q25, s.type == .date || s.type == .datetime ? s.type : valueType),
                number(s.median, s.type == .date || s.type == .datetime ? s.type : valueType),
                number(s.q75, s.type == .date || s.type == .datetime ? s.type : valueType), number(s.max, extreme),
                s.unique.map { .number(Double($0), .integer) } ?? .missing,
                s.top.map { .text("\($0) (\(s.topCount ?? 0))") } ?? .missing,
            ])
        }
        return .table(ResultTable(title: "\(frame.name): \(frame.rowCount) rows", columns: header,
                                  numericColumns: Set(2...11), rows: rows))
    }
}
