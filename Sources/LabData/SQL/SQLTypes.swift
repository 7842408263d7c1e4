/// How opslab's column types meet SQLite's: the declared type a frame column gets in SQL,
/// and the opslab type a declared SQL type suggests when reading back.
///
/// Booleans go in as 0/1 integers and dates/datetimes as ISO 8601 text, so SQLite's date
/// functions work on them. Their declared types (BOOLEAN, DATE, DATETIME) survive in
/// `sqlite3_column_decltype` for columns a query passes through unchanged, which is how
/// `SELECT * FROM t` keeps a frame's booleans and dates.
public enum SQLTypes {
    public static func declared(_ type: ColumnType) -> String {
        switch type {
        case .integer: return "INTEGER"
        case .float: return "REAL"
        case .boolean: return "BOOLEAN"
        case .date: return "DATE"
        case .datetime: return "DATETIME"
        case .string: return "TEXT"
        }
    }

    /// The opslab type a declared column type stands for, following SQLite's affinity rules
    /// (https://sqlite.org/datatype3.html#determination_of_column_affinity) for the rest.
    public static func columnType(declared: String?) -> ColumnType? {
        guard let declared, !declared.isEmpty else { return nil }
        let d = declared.uppercased()
        switch d {
        case "BOOLEAN", "BOOL": return .boolean
        case "DATE": return .date
        case "DATETIME", "TIMESTAMP": return .datetime
        default: break
        }
        if d.contains("INT") { return .integer }
        if d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT") { return .string }
        if d.contains("REAL") || d.contains("FLOA") || d.contains("DOUB") { return .float }
        return nil
    }
}
