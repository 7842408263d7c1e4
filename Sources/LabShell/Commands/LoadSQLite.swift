import LabData
import LabOps

/// `load sqlite:PATH table=NAME [as NAME]` or `load sqlite:PATH query="SELECT ..."`: LoadCommand hands
/// over every line with a `sqlite:` source (or a table=/query= key). Like a CSV load it pins the data:
/// the recorded line carries sha256= with the frame's content hash, so a replay on changed data stops.
func loadSQLite(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
    let source = args.word("source")!
    let example = "e.g. load sqlite:.opslab/warehouse.db table=titanic, or query=\"SELECT * FROM titanic WHERE age > 60\""
    guard source.hasPrefix("sqlite:") else {
        throw UsageError("table= and query= are for SQLite sources, not '\(source)'", hint: example)
    }
    for csvOnly in ["sep", "na", "maxfield"] where args.string(csvOnly) != nil {
        throw UsageError("\(csvOnly)= is for CSV files; a SQLite source does not take it", hint: example)
    }
    let path = String(source.dropFirst("sqlite:".count))
    guard !path.isEmpty else { throw UsageError("sqlite: needs the path of a database file", hint: example) }
    let frame: Frame
    let origin: String
    switch (args.string("table"), args.string("query")) {
    case (let table?, nil):
        frame = try Warehouse.load(path: path, table: table, name: args.alias ?? LoadCommand.frameName(for: table, bundled: false))
        origin = "table \(table) of \(path)"
    case (nil, let query?):
        frame = try Warehouse.load(path: path, query: query, name: args.alias ?? LoadCommand.frameName(for: path, bundled: false))
        origin = "a query on \(path)"
    case (nil, nil):
        let tables = (try? Warehouse.tables(path: path)) ?? []
        throw UsageError("load sqlite: needs table=NAME or query=\"SELECT ...\"",
                         hint: tables.isEmpty ? example : "tables in \(path): \(tables.joined(separator: ", "))")
    case (_?, _?):
        throw UsageError("give either table= or query=, not both", hint: example)
    }
    let hash = frame.contentHash
    let changed = try DataPinCheck.check(expected: args.string("sha256"), actual: hash, origin: origin, what: "content sha256", context)
    context.recorded.keys["sha256"] = hash
    context.state.put(frame, pin: DatasetPin(source: source + (args.string("table").map { " table=\($0)" } ?? ""), sha256: hash, bundled: false))
    let recordedSource = source + (args.string("table").map { " table=\($0)" } ?? " query=\(args.string("query") ?? "")")
    let (_, warning) = recordVersion(frame, source: recordedSource, hash: hash, context)
    return withWarnings([changed, warning].compactMap { $0 }, .frame(FrameSummary(verb: "loaded", name: frame.name, rows: frame.rowCount, columns: frame.columnCount,
                                                    detail: "from \(origin) (\(typeCounts(frame)))", sha256: hash)))
}
