import LabData

/// A command line that cannot be understood: unknown verb or key, a missing or ill-typed argument.
public struct UsageError: LabError, Equatable {
    public let message: String
    public let hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
