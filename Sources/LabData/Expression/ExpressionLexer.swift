/// Splits expression text into tokens. Positions are 1-based and count characters
/// (grapheme clusters), so they match what the user sees in the shell.
struct ExpressionLexer {
    private let chars: [Character]
    private var index = 0
    private var tokens: [ExpressionToken] = []

    static func tokenize(_ text: String) throws -> [ExpressionToken] {
        var lexer = ExpressionLexer(chars: Array(text))
        try lexer.run()
        return lexer.tokens
    }

    private init(chars: [Character]) {
        self.chars = chars
    }

    private func peek(_ offset: Int = 0) -> Character? {
        let i = index + offset
        return i < chars.count ? chars[i] : nil
    }

    private static func isIdentifierStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
    private static func isIdentifierPart(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }
    private static func isDigit(_ c: Character?) -> Bool {
        guard let c, let a = c.asciiValue else { return false }
        return a >= 48 && a <= 57
    }

    /// A '.' starts a number (".5") only where a value may begin, not after a value ("a.b", "f(x).g").
    private var valueMayStartHere: Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .number, .string, .identifier: return false
        case .symbol(let s): return s != ")"
        case .end: return true
        }
    }

    private mutating func add(_ kind: ExpressionToken.Kind, from start: Int) {
        tokens.append(ExpressionToken(kind: kind, position: start + 1, text: String(chars[start..<index])))
    }

    private mutating func run() throws {
        while let c = peek() {
            if c.isWhitespace {
                index += 1
                continue
            }
            let start = index
            if Self.isDigit(c) || (c == "." && Self.isDigit(peek(1)) && valueMayStartHere) {
                try lexNumber()
            } else if Self.isIdentifierStart(c) {
                while let d = peek(), Self.isIdentifierPart(d) { index += 1 }
                add(.identifier(String(chars[start..<index]), quoted: false), from: start)
            } else if c == "`" {
                try lexBacktick()
            } else if c == "\"" || c == "'" {
                try lexString(quote: c)
            } else {
                try lexSymbol(c)
            }
        }
        tokens.append(ExpressionToken(kind: .end, position: chars.count + 1, text: ""))
    }

    private mutating func lexNumber() throws {
        let start = index
        while Self.isDigit(peek()) { index += 1 }
        if peek() == ".", Self.isDigit(peek(1)) || !(peek(1).map(Self.isIdentifierStart) ?? false) {
            // "1.5", "1." — but "1.foo" leaves the dot for a member call.
            index += 1
            while Self.isDigit(peek()) { index += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            var j = index + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, Self.isDigit(chars[j]) {
                index = j
                while Self.isDigit(peek()) { index += 1 }
            } else {
                index = j
                throw malformedNumber(from: start)
            }
        }
        if let next = peek(), Self.isIdentifierPart(next) {
            while let d = peek(), Self.isIdentifierPart(d) { index += 1 }
            throw malformedNumber(from: start)
        }
        let text = String(chars[start..<index])
        guard let value = Double(text.hasSuffix(".") ? String(text.dropLast()) : text), value.isFinite else {
            throw malformedNumber(from: start)
        }
        add(.number(value), from: start)
    }

    private func malformedNumber(from start: Int) -> DataError {
        let text = String(chars[start..<min(index, chars.count)])
        return DataError(
            "malformed number '\(text)' at position \(start + 1)",
            hint: "numbers look like 42, 1.5 or 1e-3; a column name cannot start with a digit unless written in backticks").at(start + 1)
    }

    private mutating func lexBacktick() throws {
        let start = index
        index += 1
        var name = ""
        while let c = peek(), c != "`" {
            name.append(c)
            index += 1
        }
        guard peek() == "`" else {
            throw DataError(
                "unterminated column name starting at position \(start + 1)",
                hint: "close the name with a backtick, e.g. `my col`").at(start + 1)
        }
        index += 1
        guard !name.isEmpty else {
            throw DataError("empty column name at position \(start + 1)", hint: "write the column name between the backticks").at(start + 1)
        }
        add(.identifier(name, quoted: true), from: start)
    }

    private mutating func lexString(quote: Character) throws {
        let start = index
        index += 1
        var value = ""
        while true {
            guard let c = peek() else {
                throw DataError(
                    "unterminated string starting at position \(start + 1)",
                    hint: "close the string with \(quote)").at(start + 1)
            }
            index += 1
            if c == quote { break }
            if c == "\\" {
                guard let e = peek() else { continue }
                index += 1
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "\\": value.append("\\")
                case "\"": value.append("\"")
                case "'": value.append("'")
                default:
                    throw DataError(
                        "unknown escape '\\\(e)' at position \(index - 1)",
                        hint: "strings understand \\\" \\' \\\\ \\n \\t and \\r; a regular expression writes its backslash twice: \"\\\\d+\"").at(index - 1)
                }
            } else {
                value.append(c)
            }
        }
        add(.string(value), from: start)
    }

    private static let twoCharacterSymbols: Set<String> = ["**", "==", "!=", "<>", "<=", ">=", "&&", "||"]
    private static let oneCharacterSymbols: Set<Character> = ["+", "-", "*", "/", "%", "<", ">", "=", "(", ")", ",", ".", "!"]

    private mutating func lexSymbol(_ c: Character) throws {
        let start = index
        if let d = peek(1), Self.twoCharacterSymbols.contains(String([c, d])) {
            index += 2
            add(.symbol(String([c, d])), from: start)
        } else if Self.oneCharacterSymbols.contains(c) {
            index += 1
            add(.symbol(String(c)), from: start)
        } else {
            let hint: String
            switch c {
            case "&": hint = "write 'and' (or '&&') to combine conditions"
            case "|": hint = "write 'or' (or '||') to combine conditions"
            case "^": hint = "write '**' for powers"
            case "[", "]", "{", "}": hint = "group with parentheses ( )"
            default: hint = "column names with unusual characters go in backticks, e.g. `my col`"
            }
            throw DataError("unexpected character '\(c)' at position \(start + 1)", hint: hint).at(start + 1)
        }
    }
}
