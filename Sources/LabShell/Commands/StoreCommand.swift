import LabData
import LabOps

struct StoreCommand: Command {
    static let spec = CommandSpec(
        "store", group: .data,
        summary: "Write a frame into a SQLite database as a table, in one transaction, keeping its column types",
        positionals: [PositionalSpec("frame", .frame, optional: true, help: "the frame to store (default: the current frame)")],
        keys: [
            KeySpec("to", .text, help: "the SQLite database file (default: warehouse.db in the state folder, .opslab/)"),
            KeySpec("table", .text, help: "the table to write (default: the frame's name)"),
            KeySpec("mode", .choice(Warehouse.Mode.allCases.map(\.rawValue)), default: "replace",
                    help: "replace the table, or append the rows to it (the columns and types must match)"),
        ],
        changesState: false,
        examples: ["store", "store titanic to=data/warehouse.db table=passengers", "store new_rows table=sales mode=append"],
        details: """
            Read it back with `load sqlite:PATH table=NAME`. Booleans, dates and datetimes come back as such:
            the table _opslab_columns in the same file keeps each column's opslab type. If opslab is killed
            while storing, the database keeps its previous contents.
            """)

    static func defaultPath(_ environment: Environment) -> String { environment.stateDirectory + "/warehouse.db" }

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try args.word("frame").map { try context.state.frame(named: $0) } ?? context.state.requireCurrent()
        let path = args.string("to") ?? defaultPath(context.environment)
        let table = args.string("table") ?? frame.name
        let mode = Warehouse.Mode(rawValue: args.string("mode") ?? "replace") ?? .replace
        let stored = try Warehouse.store(frame, path: path, table: table, mode: mode)
        let shown = displayPath(path, context.environment)
        let (_, warning) = recordVersion(frame, source: "stored to \(shown) table=\(table)", context)
        let what = mode == .append && stored.rowsInTable > stored.rowsWritten
            ? "appended \(stored.rowsWritten) rows of '\(frame.name)' to table \(table) in \(shown) (now \(stored.rowsInTable) rows)"
            : "stored \(stored.rowsWritten) rows × \(frame.columnCount) columns of '\(frame.name)' as table \(table) in \(shown)"
        return withWarning(warning, .message(what))
    }
}
