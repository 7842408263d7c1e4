/// Breaks long lines of prose (messages, warnings, errors and hints) at spaces so they fit the
/// terminal instead of being cut mid-word by it; continuation lines are indented.
enum TextWrap {
    /// `text` with every line longer than `width` broken at spaces; a line's continuations start
    /// with its own leading blanks plus `indent`, or under the text of a "term   text" line. A word
    /// longer than a line stays whole (a path, a URL).
    static func wrap(_ text: String, width: Int, indent: String = "  ") -> String {
        guard width >= 20 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count > width else { return String(line) }
            let lead = String(repeating: " ", count: line.prefix { $0 == " " }.count)
            let hang = hangingIndent(line)
            // The term and its gap stay as written; words follow, each line as full as the width allows.
            let start = hang.map { String(line.prefix($0.count)) } ?? lead
            let continuation = hang ?? lead + indent
            var lines: [String] = []
            var current = start, fresh = true
            for word in line.dropFirst(start.count).split(separator: " ") {
                if fresh {
                    current += word
                    fresh = false
                } else if current.count + 1 + word.count > width {
                    lines.append(current)
                    current = continuation + word
                } else {
                    current += " " + word
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// For a "  name=      description" line (a term, two or more spaces, its text: help's
    /// options), the column the text starts at, so continuations line up under it.
    private static func hangingIndent(_ line: Substring) -> String? {
        let chars = Array(line.prefix(32))
        var i = chars.prefix { $0 == " " }.count
        guard i < chars.count else { return nil }
        while i < chars.count && chars[i] != " " { i += 1 }
        var gap = 0
        while i + gap < chars.count && chars[i + gap] == " " { gap += 1 }
        guard gap >= 2, i + gap < chars.count else { return nil }
        return String(repeating: " ", count: i + gap)
    }
}
