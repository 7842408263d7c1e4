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

/// An error at a place in the command line (an unterminated string, a bad token in an
/// expression): the shell shows the line with a caret under that place.
public struct PointedError: LabError, Equatable {
    public let message: String
    public let hint: String?
    public let line: String
    /// 1-based column of `line`.
    public let column: Int

    public init(_ message: String, hint: String?, line: String, column: Int) {
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column
    }

    /// An expression's error, its "position N" (counted in the expression) told as the column of
    /// the whole line, the same count the line's own errors use.
    init(_ error: DataError, position: Int, line: String, expressionColumn: Int) {
        let column = expressionColumn + position - 1
        let message = error.message.replacingFirst("position \(position)", with: "column \(column)")
        self.init(message, hint: error.hint, line: line, column: column)
    }
}

extension String {
    /// `self` with the first occurrence of `target` replaced (no Foundation).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, let range = firstRange(of: target) else { return self }
        var out = self
        out.replaceSubrange(range, with: replacement)
        return out
    }
}
