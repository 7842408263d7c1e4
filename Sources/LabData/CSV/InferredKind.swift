/// What a CSV column looks like so far. `unknown` means every cell seen was missing.
enum InferredKind: UInt8, Sendable {
    case unknown, integer, float, boolean, date, datetime, string

    /// The narrowest kind that holds values of both kinds without reparsing text,
    /// or nil when only strings can hold both.
    func widened(with other: InferredKind) -> InferredKind? {
        if self == other { return self }
        switch (self, other) {
        case (.unknown, _): return other
        case (_, .unknown): return self
        case (.integer, .float), (.float, .integer): return .float
        case (.date, .datetime), (.datetime, .date): return .datetime
        default: return nil
        }
    }

    func joined(with other: InferredKind) -> InferredKind { widened(with: other) ?? .string }

    var columnType: ColumnType {
        switch self {
        case .unknown, .float: return .float
        case .integer: return .integer
        case .boolean: return .boolean
        case .date: return .date
        case .datetime: return .datetime
        case .string: return .string
        }
    }
}
