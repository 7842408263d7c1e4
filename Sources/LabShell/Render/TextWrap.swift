/// Breaks long lines of prose (messages, warnings, errors and hints) at spaces so they fit the
/// terminal instead of being cut mid-word by it; continuation lines are indented.
enum TextWrap {
    /// `text` with every line longer than `width` broken at spaces; a line's continuations start
    /// with its own leading blanks plus `indent`, or under the text of a "term   text" line. With
    /// `flushParagraphs`, a line that starts at the margin continues at the margin (paragraphs of
    /// prose); indented lines (a list) still hang. A word longer than a line stays whole (a path, a URL).
    static func wrap(_ text: String, width: Int, indent: String = "  ", flushParagraphs: Bool = false) -> String {
        guard width >= 20 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard visibleWidth(line) > width else { return String(line) }
            let lead = String(repeating: " ", count: line.prefix { $0 == " " }.count)
            let hang = hangingIndent(line)
            // The term and its gap stay as written; words follow, each line as full as the width allows.
            let start = hang.map { String(line.prefix($0.count)) } ?? lead
            let continuation = hang ?? (flushParagraphs && lead.isEmpty ? "" : lead + indent)
            var lines: [String] = []
            var current = start, fresh = true, used = start.count
            for word in line.dropFirst(start.count).split(separator: " ") {
                let taken = visibleWidth(word)
                if fresh {
                    current += word
                    used += taken
                    fresh = false
                } else if used + 1 + taken > width {
                    lines.append(current)
                    current = continuation + word
                    used = continuation.count + taken
                } else {
                    current += " " + word
                    used += 1 + taken
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The columns `text` takes on a terminal: its characters without the escape sequences
    /// that colour them (ESC [ ... letter), which take none.
    static func visibleWidth<S: StringProtocol>(_ text: S) -> Int {
        var width = 0, inEscape = false
        for c in text {
            if inEscape {
                if let a = c.asciiValue, (0x40...0x7E).contains(a), c != "[" { inEscape = false }
            } else if c == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
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
