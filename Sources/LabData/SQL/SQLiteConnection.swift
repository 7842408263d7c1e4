import CSQLite

/// One open SQLite database. Not shared between threads: a command opens one, uses it and
/// lets it go, so there is no pool and no locking here beyond SQLite's own.
public final class SQLiteConnection {
    public enum Mode: Sendable {
        /// The file must exist; it is opened for writing so that a hot journal left by a
        /// killed writer can be rolled back (otherwise the half-written state would be unreadable).
        case existing
        /// Created if missing.
        case create
        /// A private in-memory database.
        case memory
    }

    let handle: OpaquePointer
    public let path: String

    public init(path: String, mode: Mode) throws {
        var db: OpaquePointer?
        let flags: Int32
        switch mode {
        case .existing: flags = SQLITE_OPEN_READWRITE
        case .create: flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .memory: flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY
        }
        let name = mode == .memory ? ":memory:" : path
        var rc = sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        if rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN, mode == .existing {
            // A read-only file can still be read, as long as no hot journal needs rolling back.
            if let db { sqlite3_close_v2(db) }
            db = nil
            rc = sqlite3_open_v2(name, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        }
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError("cannot open \(path): \(message)", code: rc & 0xFF)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 0)
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(_ rc: Int32, _ context: String? = nil) -> SQLiteError {
        let message = lastMessage
        return SQLiteError(context.map { "\($0): \(message)" } ?? message, code: rc & 0xFF)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw error(rc) }
    }

    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc) }
        return SQLiteStatement(statement, connection: self)
    }

    /// Prepares the first statement of `sql` (nil if there is none) and returns the text after it.
    public func prepareFirst(_ sql: String) throws -> (SQLiteStatement?, rest: String) {
        var statement: OpaquePointer?
        var rest = ""
        let rc = sql.withCString { base -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v2(handle, base, -1, &statement, &tail)
            if let tail { rest = String(cString: tail) }
            return rc
        }
        guard rc == SQLITE_OK else { throw error(rc) }
        return (statement.map { SQLiteStatement($0, connection: self) }, rest)
    }

    /// Runs `body` in one write transaction: all of it is committed, or none of it.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }

    /// The first column of the first row of a query, if there is one.
    public func scalar(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> SQLiteValue? {
        let s = try prepare(sql)
        try s.bind(bindings)
        return try s.step() ? s.value(0) : nil
    }

    /// The names of the ordinary tables and views, without SQLite's and opslab's own.
    public func tableNames() throws -> [String] {
        let s = try prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_opslab\\_%' ESCAPE '\\' ORDER BY name")
        var names: [String] = []
        while try s.step() { names.append(s.text(0) ?? "") }
        return names
    }

    public func tableExists(_ name: String) throws -> Bool {
        try scalar("SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?1", [.text(name)]) != nil
    }

    /// Leaves checkpointing to SQLite's automatic one (every 1000 pages) rather than doing it
    /// at every close: for a database opened, written once and closed many times a second.
    public func keepWALOnClose() {
        _ = opslab_keep_wal_on_close(handle)
    }

    /// Stops a running statement from another callback of this thread (the progress handler).
    public func installCancellation() {
        sqlite3_progress_handler(handle, 4096, { _ in Cancellation.isRequested ? 1 : 0 }, nil)
    }
}

/// A value going into or coming out of SQLite.
public enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null
}

/// `"name"`, with embedded quotes doubled: any string is then a valid SQL identifier.
public func sqlIdentifier(_ name: String) -> String {
    "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
}
