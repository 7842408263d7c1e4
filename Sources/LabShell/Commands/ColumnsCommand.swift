import LabData

struct ColumnsCommand: Command {
    static let spec = CommandSpec(
        "columns", group: .data, summary: "List the current frame's columns with type and missing count",
        changesState: false, examples: ["columns"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let rows = frame.columns.enumerated().map { i, c -> [Cell] in
            var example: Cell = .missing
            for r in 0..<c.count where !c.isMissing(r) {
                example = Cell(c, row: r)
                break
            }
            return [.number(Double(i + 1), .integer), .text(c.name), .text(c.type.rawValue),
                    .number(Double(c.missingCount), .integer), example]
        }
        return .table(ResultTable(title: "\(frame.name): \(frame.columnCount) columns", columns: ["#", "name", "type", "missing", "example"],
                                  numericColumns: [0, 3], rows: rows))
    }
}
