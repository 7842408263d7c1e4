/// The shell's side of a `sql` line: the query is free text, so the trailing `as NAME` that
/// names the result frame is found by hand.
enum SQLText {
    /// Splits `SELECT ... as name` into the query and `name`, when `as NAME` ends the text outside
    /// quotes and parentheses. Only a lowercase `as` counts: write `AS` in capitals (or quote the
    /// name) to alias the last selected column instead, e.g. `sql SELECT 1 AS n`.
    static func splitAlias(_ text: String) -> (query: String, alias: String?) {
        var chars = Array(text)
        while let last = chars.last, last.isWhitespace || last == ";" { chars.removeLast() }
        var end = chars.count
        while end > 0, chars[end - 1].isLetter || chars[end - 1].isNumber || chars[end - 1] == "_" { end -= 1 }
        let name = String(chars[end...])
        guard let first = name.first, first.isLetter || first == "_" else { return (text, nil) }
        var i = end
        guard i > 0, chars[i - 1].isWhitespace else { return (text, nil) }
        while i > 0, chars[i - 1].isWhitespace { i -= 1 }
        guard i >= 3, chars[i - 2] == "a", chars[i - 1] == "s", chars[i - 3].isWhitespace else { return (text, nil) }
        let asStart = i - 2
        guard isOutsideQuotesAndParentheses(chars, at: asStart) else { return (text, nil) }
        let query = String(chars[..<asStart]).trimmingCharacters()
        return query.isEmpty ? (text, nil) : (query, name)
    }

    /// The query inside one pair of double quotes, as the rest of the command language quotes
    /// text (`sql "SELECT ..."`), with `\"` and `\\` unescaped; other text as it is. SQL never
    /// starts with a double quote (that would be a column name), so only a quoted SELECT, WITH
    /// or VALUES is taken out of its quotes.
    static func unquoted(_ text: String) -> String {
        let trimmed = text.trimmingCharacters()
        guard trimmed.count >= 2, trimmed.first == "\"", trimmed.last == "\"" else { return text }
        var inner = "", escaped = false
        for c in trimmed.dropFirst().dropLast() {
            if escaped { inner.append(c); escaped = false } else if c == "\\" { escaped = true } else { inner.append(c) }
        }
        if escaped { inner.append("\\") }
        let keyword = inner.trimmingCharacters().prefix { $0.isLetter }.lowercased()
        return ["select", "with", "values"].contains(keyword) ? inner : text
    }

    /// Whether position `index` is at nesting depth 0 and outside '...', "...", `...` and [...].
    static func isOutsideQuotesAndParentheses(_ chars: [Character], at index: Int) -> Bool {
        var quote: Character?
        var depth = 0
        for c in chars[..<index] {
            if let q = quote {
                // A doubled quote ('it''s') closes and reopens: the state comes out the same.
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "'", "\"", "`": quote = c
            case "[": quote = "]"
            case "(": depth += 1
            case ")": depth -= 1
            default: break
            }
        }
        return quote == nil && depth == 0
    }
}
