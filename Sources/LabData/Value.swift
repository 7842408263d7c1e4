/// One cell, as seen from outside the column storage.
public enum Value: Sendable, Equatable, Hashable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case missing

    public var isMissing: Bool { self == .missing }
}
