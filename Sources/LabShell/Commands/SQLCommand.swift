import LabData
import LabOps

struct SQLCommand: Command {
    static let spec = CommandSpec(
        "sql", group: .data,
        summary: "Query the loaded frames with SQL (each frame is a table of its name); the result becomes a frame",
        positionals: [PositionalSpec("query", .expression, help: "a SELECT or WITH ... SELECT query; end it with `as NAME` to name the result")],
        changesState: true,
        examples: [
            "sql SELECT sex, count(*) AS n, avg(age) AS mean_age FROM titanic GROUP BY sex",
            "sql SELECT name, fare FROM titanic WHERE fare > 200 ORDER BY fare DESC as rich",
            "sql SELECT name, ROW_NUMBER() OVER (PARTITION BY pclass ORDER BY fare DESC) AS rank FROM titanic",
        ],
        details: """
            SQLite runs the query (joins, GROUP BY, window functions, CTEs, date functions) directly on the
            frames' columns. In SQL, booleans are 0/1, dates and datetimes ISO text, missing values NULL.
            The result is a new frame, `sql_result` unless named, and becomes current. Its column types
            follow the values: whole numbers integer, other numbers float, text string (a column mixing
            numbers and text becomes string); columns passed through unchanged keep boolean/date types.
            A lowercase `as NAME` at the very end names the frame; write `AS` to alias a column there.
            The query can also be written in double quotes, as other text is (`sql "SELECT ..." as t`).
            The first \(previewRows) rows are shown; `show n=...` shows more.
            """)

    static let previewRows = 10

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let (quoted, alias) = SQLText.splitAlias(args.expression!)
        let query = SQLText.unquoted(quoted)
        if let alias { try ArgumentParser.validateName(alias, what: "frame name") }
        let state = context.state
        let frames = state.frameOrder.compactMap { state.frames[$0] }
        let name = alias ?? "sql_result"
        let result = try FrameSQL.query(query, frames: frames, resultName: name)
        context.state.put(result)
        let (version, warning) = recordVersion(result, source: "sql: \(query)", context)
        let detail = typeCounts(result) + (version.map { "; version \($0.hash.prefix(12))" } ?? "")
        // The first rows too, as any SQL shell shows them: a query is usually asked to be read.
        let summary = CommandOutput.frame(FrameSummary(verb: "sql result", name: name, rows: result.rowCount,
                                                        columns: result.columnCount, detail: detail))
        return withWarning(warning, .group([summary, .table(ShowCommand.table(result, rows: Self.previewRows))]))
    }
}
