/// The logical type of a column. Integers, floats, booleans, dates and datetimes
/// are stored as Doubles (dates as days since 1970-01-01, datetimes as seconds
/// since 1970-01-01T00:00:00Z); strings are dictionary-encoded categoricals.
public enum ColumnType: String, Sendable, CaseIterable, Codable {
    case integer, float, boolean, date, datetime, string

    public var isNumeric: Bool { self != .string }
    /// Types whose values are ordinary numbers a user computes with.
    public var isArithmetic: Bool { self == .integer || self == .float || self == .boolean }
}
