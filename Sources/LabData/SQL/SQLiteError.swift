import CSQLite

/// An error reported by SQLite, with its result code so callers can tell a damaged
/// file (`isNotADatabase`) from a bad query.
public struct SQLiteError: LabError, Equatable {
    public let message: String
    public let hint: String?
    /// SQLite's primary result code (SQLITE_ERROR, SQLITE_NOTADB, ...).
    public let code: Int32

    public init(_ message: String, hint: String? = nil, code: Int32) {
        self.message = message
        self.hint = hint
        self.code = code
    }

    /// The file exists but is not a readable SQLite database.
    public var isNotADatabase: Bool { code == SQLITE_NOTADB || code == SQLITE_CORRUPT }
    public var isInterrupted: Bool { code == SQLITE_INTERRUPT }
    /// Another connection holds the lock this statement needs.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    public func with(message: String? = nil, hint: String?) -> SQLiteError {
        SQLiteError(message ?? self.message, hint: hint, code: code)
    }
}
