#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CSQLite

/// A prepared statement. Binding and reading are thin: the hot loops (bulk insert, reading a
/// result into columns) call these once per cell.
public final class SQLiteStatement {
    let handle: OpaquePointer
    let connection: SQLiteConnection

    init(_ handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Advances to the next row: true if there is one, false when done.
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        // With sqlite3_prepare_v2 the statement's error is the connection's.
        throw connection.error(rc)
    }

    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Back to the start for the next row; the bindings stay (the bulk insert rebinds every one anyway).
    @inline(__always) func rewind() { sqlite3_reset(handle) }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    /// Whether running it cannot change the database.
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    public func columnName(_ i: Int) -> String {
        sqlite3_column_name(handle, Int32(i)).map { String(cString: $0) } ?? "column\(i + 1)"
    }

    /// The declared type of the table column this result column reads directly, if it does.
    public func declaredType(_ i: Int) -> String? {
        sqlite3_column_decltype(handle, Int32(i)).map { String(cString: $0) }
    }

    // MARK: binding (1-based indices, as in SQL's ?1)

    public func bind(_ values: [SQLiteValue]) throws {
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    public func bind(_ value: SQLiteValue, at i: Int32) throws {
        let rc: Int32
        switch value {
        case .integer(let v): rc = sqlite3_bind_int64(handle, i, v)
        case .real(let v): rc = sqlite3_bind_double(handle, i, v)
        case .null: rc = sqlite3_bind_null(handle, i)
        case .text(let s): rc = bindText(s, at: i)
        }
        if rc != SQLITE_OK { throw connection.error(rc) }
    }

    @inline(__always) func bindInt(_ v: Int64, at i: Int32) { sqlite3_bind_int64(handle, i, v) }
    @inline(__always) func bindDouble(_ v: Double, at i: Int32) { sqlite3_bind_double(handle, i, v) }
    @inline(__always) func bindNull(at i: Int32) { sqlite3_bind_null(handle, i) }
    /// Text the statement copies (SQLITE_TRANSIENT), so the Swift string may go away.
    @discardableResult
    func bindText(_ s: String, at i: Int32) -> Int32 {
        var s = s
        return s.withUTF8 { b in
            // A nil pointer would bind NULL; an empty string must stay an empty text.
            guard b.count > 0 else { return opslab_bind_text_transient(handle, i, "", 0) }
            return b.withMemoryRebound(to: CChar.self) { opslab_bind_text_transient(handle, i, $0.baseAddress, Int32($0.count)) }
        }
    }
    /// Text that stays valid until the statement is stepped (SQLITE_STATIC: no copy).
    @inline(__always) func bindStaticText(_ p: UnsafePointer<CChar>, count: Int, at i: Int32) {
        opslab_bind_text_static(handle, i, p, Int32(count))
    }

    // MARK: reading (0-based columns)

    public func value(_ i: Int) -> SQLiteValue {
        switch sqlite3_column_type(handle, Int32(i)) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, Int32(i)))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, Int32(i)))
        case SQLITE_NULL: return .null
        default: return .text(text(i) ?? "")
        }
    }

    public func text(_ i: Int) -> String? {
        guard let p = sqlite3_column_text(handle, Int32(i)) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, Int32(i)))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// Whether column `i` holds exactly `s`, without making a String of it: for rows grouped by
    /// a key, telling the next group from the same one costs a compare, not an allocation.
    public func textEquals(_ i: Int, _ s: String) -> Bool {
        let n = Int(sqlite3_column_bytes(handle, Int32(i)))
        guard let p = sqlite3_column_text(handle, Int32(i)) else { return false }
        var s = s
        return s.withUTF8 { u in u.count == n && (n == 0 || memcmp(u.baseAddress!, p, n) == 0) }
    }

    public func int64(_ i: Int) -> Int64 { sqlite3_column_int64(handle, Int32(i)) }
    public func double(_ i: Int) -> Double { sqlite3_column_double(handle, Int32(i)) }
}
