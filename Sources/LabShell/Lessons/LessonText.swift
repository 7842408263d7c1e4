import LabData

/// Lesson text with the learner's own numbers: `{{ EXPRESSION }}` in a step is replaced by
/// its value over the session state (`{{ frame("titanic").missing("age") }}` → 263), so the
/// text talks about their run, not a canned one. A value that cannot be had shows as `?`.
enum LessonText {
    /// Prose a lesson author wrote (a step's text, a question, an explanation): filled, with
    /// each paragraph joined into one line that the terminal's renderer wraps to its width.
    static func prose(_ text: String, _ query: StateQuery) -> String {
        paragraphs(fill(text, query))
    }

    static func fill(_ text: String, _ query: StateQuery) -> String {
        guard text.contains("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let source = String(rest[open.upperBound..<close.lowerBound])
            // Text reads better without quotes around a string: "`lin` is a ridge model".
            let value = (try? Expression.parse(source).evaluateValue(resolving: query.resolve)).map { v -> String in
                if case .string(let s) = v { return s }
                return format(v)
            }
            out += value ?? "?"
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The expressions in `{{ }}` of a text, for checking that they parse.
    static func placeholders(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{"), let close = rest[open.upperBound...].firstRange(of: "}}") {
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// A value as a learner reads it: whole numbers without decimals, others to 4 significant digits.
    static func format(_ value: Value) -> String {
        switch value {
        case .number(let x):
            if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
            return NumberFormat.significant(x, digits: 4)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .missing: return "missing"
        }
    }

    /// Text written in lines of about 80 characters, with each paragraph made one line: a line
    /// is joined to the one before when both are text (neither empty nor indented: an indented
    /// line is a command or an item of a list) and it is not a parenthetical note on its own
    /// line, such as "(`next` to go on)".
    static func paragraphs(_ text: String) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let last = out.last, isProse(last), isProse(line), !line.hasPrefix("(") {
                out[out.count - 1] = last + " " + line
            } else {
                out.append(String(line))
            }
        }
        return out.joined(separator: "\n")
    }

    private static func isProse<S: StringProtocol>(_ line: S) -> Bool {
        guard let first = line.first else { return false }
        return first != " " && first != "\t"
    }
}
