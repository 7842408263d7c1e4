/// Breaks long lines of prose (messages, warnings, errors and hints) at spaces so they fit the
/// terminal instead of being cut mid-word by it; continuation lines are indented.
enum TextWrap {
    /// `text` with every line longer than `width` broken at spaces; a line's continuations start
    /// with its own leading blanks plus `indent`. A word longer than a line stays whole (a path, a URL).
    static func wrap(_ text: String, width: Int, indent: String = "  ") -> String {
        guard width >= 20 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count > width else { return String(line) }
            let lead = String(repeating: " ", count: line.prefix { $0 == " " }.count)
            var lines: [String] = []
            var current = lead, empty = true
            for word in line.dropFirst(lead.count).split(separator: " ") {
                if empty {
                    current += word
                    empty = false
                } else if current.count + 1 + word.count > width {
                    lines.append(current)
                    current = lead + indent + word
                } else {
                    current += " " + word
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
