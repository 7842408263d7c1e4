import CSQLite

/// Standard SQL (joins, GROUP BY, window functions, CTEs) over frames, run by an embedded
/// SQLite. Each query gets a private in-memory connection in which every frame is a virtual
/// table of its own name reading the frame's columns in place, so a million-row frame costs
/// nothing to expose; only the result is materialized, as a new frame.
public enum FrameSQL {
    public static func query(_ sql: String, frames: [Frame], resultName: String) throws -> Frame {
        let db = try SQLiteConnection(path: ":memory:", mode: .memory)
        let skipped = try register(frames, in: db)
        let statement = try prepareQuery(sql, in: db, tables: frames, skipped: skipped)
        db.installCancellation()
        do {
            return try SQLiteResultReader.frame(from: statement, name: resultName)
        } catch let e as SQLiteError {
            if e.isInterrupted { throw CancelledError() }
            throw describe(e, query: sql, tables: frames, skipped: skipped)
        }
    }

    /// Makes every frame a table: `temp.NAME USING opslab_frame(i)`. A frame SQLite cannot take
    /// (a name reserved by SQLite, two names differing only in case) is left out; if the query
    /// then names it, the error says why.
    static func register(_ frames: [Frame], in db: SQLiteConnection) throws -> [String: String] {
        let registry = FrameTableRegistry(frames.map(FrameTable.init))
        let rc = sqlite3_create_module_v2(db.handle, "opslab_frame", opslab_frame_module(),
                                          Unmanaged.passRetained(registry).toOpaque(),
                                          { Unmanaged<FrameTableRegistry>.fromOpaque($0!).release() })
        if rc != SQLITE_OK { throw db.error(rc, "cannot register frames with SQLite") }
        var skipped: [String: String] = [:]
        for (i, frame) in frames.enumerated() {
            do {
                try db.execute("CREATE VIRTUAL TABLE temp.\(sqlIdentifier(frame.name)) USING opslab_frame(\(i))")
            } catch let e as SQLiteError {
                skipped[frame.name.lowercased()] = e.message
            }
        }
        return skipped
    }

    /// Prepares exactly one read-only statement that returns rows.
    static func prepareQuery(_ sql: String, in db: SQLiteConnection, tables: [Frame], skipped: [String: String] = [:]) throws -> SQLiteStatement {
        let (statement, rest): (SQLiteStatement?, String)
        do {
            (statement, rest) = try db.prepareFirst(sql)
        } catch let e as SQLiteError {
            throw describe(e, query: sql, tables: tables, skipped: skipped)
        }
        guard let statement else {
            throw DataError("the SQL query is empty", hint: "e.g. SELECT * FROM \(tables.first?.name ?? "t") LIMIT 5")
        }
        if !rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            throw DataError("one SQL statement at a time; found more after the first ';'", hint: "query: \(sql)")
        }
        guard statement.isReadOnly, statement.columnCount > 0 else {
            throw DataError("only queries that return rows can run here (SELECT, WITH ... SELECT, VALUES)",
                            hint: "frames are read-only in SQL; make a new frame from a query instead. query: \(sql)")
        }
        return statement
    }

    /// SQLite's message, with the query and a did-you-mean for an unknown table or column.
    static func describe(_ e: SQLiteError, query: String, tables: [Frame], skipped: [String: String] = [:]) -> SQLiteError {
        var hints: [String] = []
        let message = e.message
        if let name = suffix(of: message, after: "no such table: ") {
            let bare = name.split(separator: ".").last.map(String.init) ?? name
            if let why = skipped[bare.lowercased()] { hints.append("frame '\(bare)' could not be made a table: \(why)") }
            let names = tables.map(\.name)
            let suggestion = Suggestion.didYouMean(bare, in: names)
            if !suggestion.isEmpty { hints.append("did you mean '\(Suggestion.closest(to: bare, in: names)[0])'?") }
            hints.append(names.isEmpty ? "no frames are loaded yet" : "tables are the frames: \(names.joined(separator: ", "))")
        } else if let name = suffix(of: message, after: "no such column: ") {
            let bare = name.split(separator: ".").last.map(String.init) ?? name
            let columns = Array(Set(tables.flatMap(\.columnNames))).sorted()
            if let best = Suggestion.closest(to: bare, in: columns).first {
                hints.append("did you mean '\(best)'?")
            } else {
                // No close name: the columns of the frames the query names, so that the right one is at hand.
                let words = Set(query.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
                for table in tables where words.contains(table.name.lowercased()) {
                    hints.append("columns of \(table.name): \(table.columnNames.joined(separator: ", "))")
                }
            }
        } else if let word = suffix(of: message, after: "near \""), message.hasSuffix("\": syntax error") {
            // `selec * from t`, `select * form t`: a keyword misspelt, the word SQLite stopped at or,
            // when the misspelling read as a name (`from t gruop by`), the word before it.
            let near = String(word.dropLast("\": syntax error".count))
            let words = query.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
            let at = words.firstIndex { $0.lowercased() == near.lowercased() }
            let candidates = [near] + (at.map { $0 > 0 ? [words[$0 - 1]] : [] } ?? [])
            for candidate in candidates where !Self.keywords.contains(candidate.uppercased()) {
                if let keyword = Suggestion.closest(to: candidate.uppercased(), in: Self.keywords).first {
                    hints.append("did you mean \(keyword) for '\(candidate)'?")
                    break
                }
            }
        }
        hints.append("query: \(query)")
        return e.with(message: "SQL error: \(message)", hint: hints.joined(separator: "; "))
    }

    /// The keywords a misspelling is checked against.
    static let keywords = ["SELECT", "FROM", "WHERE", "GROUP", "ORDER", "BY", "HAVING", "LIMIT", "JOIN", "LEFT", "INNER", "ON",
                           "WITH", "DISTINCT", "UNION", "VALUES", "CASE", "WHEN", "THEN", "ELSE", "END", "BETWEEN", "OFFSET"]

    private static func suffix(of message: String, after prefix: String) -> String? {
        guard let r = message.firstRange(of: prefix) else { return nil }
        return String(message[r.upperBound...])
    }
}
