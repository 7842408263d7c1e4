/// Every error the engine throws carries a message saying what is wrong and,
/// where one helps, a hint saying what is expected or what to try.
public protocol LabError: Error, CustomStringConvertible {
    var message: String { get }
    var hint: String? { get }
}

extension LabError {
    public var description: String {
        if let hint { return "\(message)\n  hint: \(hint)" }
        return message
    }
}

/// A frame or column operation that cannot be done on the data as it is.
public struct DataError: LabError, Equatable {
    public let message: String
    public let hint: String?
    /// The 1-based character position the message points at in the text being read (an
    /// expression), if any: the shell shows it under the command line.
    public private(set) var position: Int?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// A frame with no rows left to work on (a filter kept none): what `purpose` needs is not there.
    public static func noRows(in frame: String, _ purpose: String = "") -> DataError {
        DataError("frame '\(frame)' has no rows\(purpose.isEmpty ? "" : " " + purpose)", hint: "a filter or sample left it empty: `undo` brings the rows back")
    }

    /// The same error, pointing at `position`.
    public func at(_ position: Int) -> DataError {
        var copy = self
        copy.position = position
        return copy
    }
}

/// Thrown by long-running work when the user interrupts it; the caller keeps its old state.
public struct CancelledError: LabError {
    public let message = "cancelled"
    public let hint: String? = nil
    public init() {}
}
