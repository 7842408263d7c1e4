/// One lexical unit of an expression, with the 1-based character position where it starts.
struct ExpressionToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A numeric literal; `text` keeps the spelling as typed.
        case number(Double)
        /// A quoted string literal, escapes already resolved.
        case string(String)
        /// A bare name (`age`) or, with `quoted`, a backticked one (`` `my col` ``).
        /// Keywords (and, or, not, in, is, true, false, missing) arrive as bare names
        /// and are recognised by the parser, so a backticked `` `and` `` stays a column.
        case identifier(String, quoted: Bool)
        /// An operator or punctuation mark: + - * / % ** == != <> < <= > >= = ( ) , . && || !
        case symbol(String)
        case end
    }

    let kind: Kind
    /// 1-based position of the first character (for `.end`, one past the last character).
    let position: Int
    /// The source text of the token, for error messages.
    let text: String

    /// A bare (unquoted) identifier equal, ignoring case, to `keyword`.
    func isKeyword(_ keyword: String) -> Bool {
        if case .identifier(let name, false) = kind { return name.lowercased() == keyword }
        return false
    }

    func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let s) = kind { return s == symbol }
        return false
    }

    var isEnd: Bool { kind == .end }

    /// How the token is named in "expected X, found Y" messages.
    var quotedForMessage: String {
        switch kind {
        case .end: return "end of expression"
        case .string: return text
        default: return "'\(text)'"
        }
    }
}
