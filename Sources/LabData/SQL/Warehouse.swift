/// Frames stored as tables of a SQLite file, readable by any SQLite tool.
///
/// A store is one transaction: a process killed halfway leaves the file as it was before
/// (SQLite's rollback journal restores it on the next open). Next to the data, the table
/// `_opslab_columns(table_name, position, column_name, type)` keeps each column's opslab type,
/// so booleans, dates and datetimes come back as such, not as the integers and texts SQL sees.
public enum Warehouse {
    public enum Mode: String, Sendable, CaseIterable {
        case replace, append
    }

    public struct Stored: Sendable, Equatable {
        public let table: String
        public let rowsWritten: Int
        /// Rows in the table afterwards (more than written when appending).
        public let rowsInTable: Int
    }

    static let typesTable = "_opslab_columns"

    public static func store(_ frame: Frame, path: String, table: String, mode: Mode) throws -> Stored {
        try checkWritable(path)
        try checkTableName(table)
        let db = try open(path, create: true)
        // A bigger page cache keeps a large insert from spilling to the journal page by page.
        try db.execute("PRAGMA cache_size = -65536")
        return try db.transaction {
            try db.execute("""
                CREATE TABLE IF NOT EXISTS \(typesTable)(table_name TEXT NOT NULL, position INTEGER NOT NULL,
                  column_name TEXT NOT NULL, type TEXT NOT NULL, PRIMARY KEY (table_name, position))
                """)
            let exists = try db.tableExists(table)
            if mode == .append, exists {
                try checkSameSchema(frame, table: table, path: path, db: db)
            } else {
                try db.execute("DROP TABLE IF EXISTS \(sqlIdentifier(table))")
                let columns = frame.columns.map { "\(sqlIdentifier($0.name)) \(SQLTypes.declared($0.type))" }
                try db.execute("CREATE TABLE \(sqlIdentifier(table))(\(columns.joined(separator: ", ")))")
                let forget = try db.prepare("DELETE FROM \(typesTable) WHERE table_name = ?1")
                try forget.bind([.text(table)])
                _ = try forget.step()
                let remember = try db.prepare("INSERT INTO \(typesTable) VALUES (?1, ?2, ?3, ?4)")
                for (i, c) in frame.columns.enumerated() {
                    remember.reset()
                    try remember.bind([.text(table), .integer(Int64(i)), .text(c.name), .text(c.type.rawValue)])
                    _ = try remember.step()
                }
            }
            try insertRows(frame, into: table, db: db)
            let total = try db.scalar("SELECT count(*) FROM \(sqlIdentifier(table))")
            guard case .integer(let n) = total else { throw DataError("cannot count the rows of '\(table)' in \(path)") }
            return Stored(table: table, rowsWritten: frame.rowCount, rowsInTable: Int(n))
        }
    }

    /// One prepared INSERT, every cell bound from the column buffers (strings without a copy).
    static func insertRows(_ frame: Frame, into table: String, db: SQLiteConnection) throws {
        guard frame.columnCount > 0 else { return }
        let placeholders = (1...frame.columnCount).map { "?\($0)" }.joined(separator: ", ")
        let insert = try db.prepare("INSERT INTO \(sqlIdentifier(table)) VALUES (\(placeholders))")
        let buffers = frame.columns.map(ColumnBuffers.init)
        let views = buffers.map(\.view)
        try withExtendedLifetime(buffers) {
            try views.withUnsafeBufferPointer { columns in
                for row in 0..<frame.rowCount {
                    for j in 0..<columns.count { columns[j].bind(row, insert.handle, Int32(j + 1)) }
                    _ = try insert.step()
                    insert.rewind()
                    if row & 0xFFFF == 0xFFFF { try Cancellation.check() }
                }
            }
        }
    }

    /// Reads a whole table back, with the opslab types it was stored with.
    public static func load(path: String, table: String, name: String) throws -> Frame {
        let db = try open(path, create: false)
        guard try db.tableExists(table) else {
            let tables = try db.tableNames()
            throw DataError("no table '\(table)' in \(path)\(Suggestion.didYouMean(table, in: tables))",
                            hint: tables.isEmpty ? "the database has no tables; store one with `store`" : "tables: \(tables.joined(separator: ", "))")
        }
        let types = try storedTypes(table, db: db)
        let statement = try db.prepare("SELECT * FROM \(sqlIdentifier(table))")
        return try SQLiteResultReader.frame(from: statement, name: name, types: types)
    }

    /// Runs a read-only query against the database and reads its result.
    public static func load(path: String, query: String, name: String) throws -> Frame {
        let db = try open(path, create: false)
        db.installCancellation()
        let tables = try db.tableNames()
        let statement: SQLiteStatement
        do {
            let (first, rest) = try db.prepareFirst(query)
            guard let first else { throw DataError("the SQL query is empty", hint: "e.g. query=\"SELECT * FROM \(tables.first ?? "t")\"") }
            guard rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
                throw DataError("one SQL statement at a time; found more after the first ';'", hint: "query: \(query)")
            }
            guard first.isReadOnly, first.columnCount > 0 else {
                throw DataError("load runs only queries that return rows (SELECT ...)", hint: "query: \(query)")
            }
            statement = first
            return try SQLiteResultReader.frame(from: statement, name: name)
        } catch let e as SQLiteError {
            if e.isInterrupted { throw CancelledError() }
            let hint = (Suggestion.closest(to: e.message.components(after: "no such table: "), in: tables).first.map { "did you mean '\($0)'? " } ?? "")
                + "tables in \(path): \(tables.isEmpty ? "none" : tables.joined(separator: ", ")); query: \(query)"
            throw e.with(message: "SQL error: \(e.message)", hint: hint)
        }
    }

    /// The tables of a database file (not SQLite's or opslab's own).
    public static func tables(path: String) throws -> [String] {
        try open(path, create: false).tableNames()
    }

    static func storedTypes(_ table: String, db: SQLiteConnection) throws -> [String: ColumnType] {
        guard try db.tableExists(typesTable) else { return [:] }
        let s = try db.prepare("SELECT column_name, type FROM \(typesTable) WHERE table_name = ?1")
        try s.bind([.text(table)])
        var types: [String: ColumnType] = [:]
        while try s.step() {
            if let name = s.text(0), let type = s.text(1).flatMap(ColumnType.init(rawValue:)) { types[name] = type }
        }
        return types
    }

    /// Appending needs the same column names, in the same order, with the same types.
    static func checkSameSchema(_ frame: Frame, table: String, path: String, db: SQLiteConnection) throws {
        let info = try db.prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")
        try info.bind([.text(table)])
        let types = try storedTypes(table, db: db)
        var existing: [(String, String)] = []
        while try info.step() {
            let name = info.text(0) ?? ""
            let type = types[name]?.rawValue ?? SQLTypes.columnType(declared: info.text(1))?.rawValue ?? (info.text(1) ?? "?")
            existing.append((name, type))
        }
        let incoming = frame.columns.map { ($0.name, $0.type.rawValue) }
        guard existing.map(\.0) != incoming.map(\.0) || existing.map(\.1) != incoming.map(\.1) else { return }
        let have = Set(existing.map(\.0)), want = Set(incoming.map(\.0))
        var differences: [String] = []
        let missing = existing.map(\.0).filter { !want.contains($0) }
        let extra = incoming.map(\.0).filter { !have.contains($0) }
        if !missing.isEmpty { differences.append("the frame lacks \(missing.joined(separator: ", "))") }
        if !extra.isEmpty { differences.append("the table lacks \(extra.joined(separator: ", "))") }
        let tableTypes = Dictionary(existing, uniquingKeysWith: { a, _ in a })
        for (name, type) in incoming {
            if let t = tableTypes[name], t != type { differences.append("\(name) is \(t) in the table, \(type) in the frame") }
        }
        if differences.isEmpty { differences.append("the columns are in a different order") }
        throw DataError("cannot append '\(frame.name)' to table '\(table)' in \(path): the columns differ (\(differences.joined(separator: "; ")))",
                        hint: "table: \(existing.map { "\($0.0) \($0.1)" }.joined(separator: ", ")); use mode=replace to overwrite it, or table= for a new one")
    }

    static func open(_ path: String, create: Bool) throws -> SQLiteConnection {
        if !create {
            guard FileIO.exists(path) else {
                throw DataError("no SQLite database at '\(path)'", hint: "store a frame there first with `store to=\(path)`, or check the path")
            }
        }
        if FileIO.isDirectory(path) {
            throw DataError("'\(path)' is a folder, not a SQLite database", hint: "give a file name, e.g. \(path)/warehouse.db")
        }
        do {
            let db = try SQLiteConnection(path: path, mode: create ? .create : .existing)
            _ = try db.scalar("SELECT count(*) FROM sqlite_schema")
            return db
        } catch let e as SQLiteError where e.isNotADatabase {
            throw DataError("'\(path)' is not a SQLite database (\(e.message))", hint: "give the path of a .db file written by SQLite or by `store`")
        }
    }

    static func checkWritable(_ path: String) throws {
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        if !folder.isEmpty, !FileIO.isDirectory(folder) {
            throw DataError("cannot store to '\(path)': the folder '\(folder)' does not exist",
                            hint: "create the folder first, or leave out to= to use the default warehouse")
        }
    }

    static func checkTableName(_ name: String) throws {
        let lower = name.lowercased()
        guard !name.isEmpty, !lower.hasPrefix("sqlite_"), !lower.hasPrefix("_opslab_") else {
            throw DataError("'\(name)' cannot be a table name", hint: "names starting with sqlite_ or _opslab_ are reserved; choose another with table=")
        }
    }
}

extension String {
    /// The text after `prefix` in self, or "" if it does not occur.
    func components(after prefix: String) -> String {
        guard let r = firstRange(of: prefix) else { return "" }
        return String(self[r.upperBound...])
    }
}
