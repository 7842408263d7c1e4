/// Values as a command line writes them, for the commands that messages suggest and scripts
/// record: in double quotes, with escapes, when they would not read back as one word.
public enum CommandText {
    public static func quoteIfNeeded(_ s: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { !($0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" || $0 == "#" || $0 == "\\" || $0 == "\n" || $0 == "\r" || $0 == "=") }
        return plain ? s : quoted(s)
    }

    /// In double quotes with backslash escapes, as both the command line and expressions read them.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        // Scalars: a "\r\n" Character would otherwise go out unescaped, breaking the line.
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
