import LabData
import LabML

/// Rows that repeat an earlier one: counted and shown, or dropped (the first of each kept).
struct DuplicatesCommand: Command {
    static let spec = CommandSpec(
        "duplicates", group: .data, summary: "Count the rows that repeat an earlier row (on all columns or some), or drop them",
        positionals: [PositionalSpec("columns", .column, optional: true, variadic: true, help: "compare only these columns (default: all)")],
        keys: [
            KeySpec("drop", .flag, help: "remove them, keeping the first row of each group (pandas' drop_duplicates)"),
            KeySpec("n", .integer(min: 0, max: 1000), help: "how many repeated groups to show (default 5)"),
        ],
        changesState: true, examples: ["duplicates", "duplicates name ticket", "duplicates drop"],
        details: """
        Values compare as pandas' duplicated() compares them: a missing value equals a missing value.
        Without drop, nothing changes: the most repeated groups are shown with how often each occurs.
        """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let named = args.words("columns")
        let names = named.isEmpty ? frame.columnNames.filter { $0 != TrainingRows.splitColumn } : named
        let duplicates = try DuplicateRows(frame, columns: names)
        let on = named.isEmpty ? "all columns" : names.joined(separator: ", ")
        let count = duplicates.count
        if args.bool("drop") {
            guard count > 0 else {
                context.changedState = false
                return .message("no row of '\(frame.name)' repeats an earlier one (on \(on)): nothing to drop")
            }
            var result = frame.filtering(duplicates.firstRows)
            return try reshaped(&result, alias: nil, verb: "dropped \(count) repeated row\(count == 1 ? "" : "s") (on \(on)), kept the first of each, in", &context)
        }
        context.changedState = false
        guard count > 0 else { return .message("no row of '\(frame.name)' repeats an earlier one (on \(on)) among its \(frame.rowCount) rows") }
        // The groups with repeats, largest first (ties: the earliest first).
        var sizes: [Int: Int] = [:]
        for f in duplicates.firstOf { sizes[f, default: 0] += 1 }
        let groups = sizes.filter { $0.value > 1 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let shown = groups.prefix(args.int("n") ?? 5)
        let columns = try names.map { try frame.column($0) }
        let rows = shown.map { group -> [Cell] in
            [.number(Double(group.value), .integer), .number(Double(group.key + 1), .integer)] + columns.map { Cell($0, row: group.key) }
        }
        var table = ResultTable(title: "\(frame.name): \(count) of \(frame.rowCount) rows repeat an earlier row (on \(on)), in \(groups.count) group\(groups.count == 1 ? "" : "s")",
                                columns: ["times", "first row"] + names,
                                numericColumns: Set([0, 1] + columns.indices.filter { columns[$0].type.isArithmetic }.map { $0 + 2 }), rows: rows,
                                note: "`duplicates\(named.isEmpty ? "" : " " + named.joined(separator: " ")) drop` keeps the first of each" + (groups.count > shown.count ? "; n= shows more groups" : ""))
        table.hiddenColumnsHint = "duplicates COLUMNS... compares fewer columns"
        return .table(table)
    }
}
