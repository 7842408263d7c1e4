import LabData

/// Missing values per column, then per row pattern: which columns are missing together,
/// most common first, like a compact missingno matrix (x = missing).
struct MissingCommand: Command {
    static let shownPatterns = 10

    static let spec = CommandSpec(
        "missing", group: .data, summary: "Missing values per column and the row patterns they form (which columns are missing together)",
        changesState: false, examples: ["missing"],
        details: """
        The pattern table has one row per combination of missing columns, most common first (ties in
        order of first appearance), the 10 most common shown and the rest summed as `other`. Only
        columns with a missing value get a column there; x marks missing.
        """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let profile = try MissingProfile(frame)
        let cells = frame.rowCount * frame.columnCount
        let percent = { (n: Int, of: Int) -> Cell in .fixed(of == 0 ? 0 : Double(n) / Double(of) * 100, decimals: 1) }
        var perColumn = ResultTable(
            title: "\(frame.name): \(profile.missingCells) of \(cells) values missing; \(profile.completeRows) of \(frame.rowCount) rows complete",
            columns: ["column", "type", "missing", "missing%"], numericColumns: [2, 3],
            rows: frame.columns.indices.map { j in
                [.text(frame.columns[j].name), .text(frame.columns[j].type.rawValue),
                 .number(Double(profile.missingPerColumn[j]), .integer), percent(profile.missingPerColumn[j], frame.rowCount)]
            })
        guard profile.missingCells > 0 else { return .table(perColumn) }
        // Bars of the share missing, a full bar for a column with no value at all.
        (perColumn.barsFor, perColumn.barsFull) = (3, 100)

        let gappy = frame.columns.indices.filter { profile.missingPerColumn[$0] > 0 }
        var rows: [[Cell]] = profile.patterns.prefix(shownPatterns).enumerated().map { i, p in
            let missing = Set(p.columns)
            return [.text(String(i + 1)), .number(Double(p.rows), .integer), percent(p.rows, frame.rowCount)]
                + gappy.map { missing.contains($0) ? .text("x") : .text(".") }
        }
        let rest = profile.patterns.dropFirst(shownPatterns)
        if !rest.isEmpty {
            let n = rest.reduce(0) { $0 + $1.rows }
            rows.append([.text("other (\(rest.count))"), .number(Double(n), .integer), percent(n, frame.rowCount)]
                        + gappy.map { _ in .text("") })
        }
        let patterns = ResultTable(
            title: "\(profile.patterns.count) missing pattern\(profile.patterns.count == 1 ? "" : "s") (x = missing)",
            columns: ["pattern", "rows", "rows%"] + gappy.map { frame.columns[$0].name },
            numericColumns: [1, 2], rows: rows)
        return .group([.table(perColumn), .table(patterns)])
    }
}
