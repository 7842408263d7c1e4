/// Values as a command line writes them, for the commands that messages suggest and scripts
/// record: in double quotes, with escapes, when they would not read back as one word.
public enum CommandText {
    public static func quoteIfNeeded(_ s: String) -> String {
        let plain = !s.isEmpty && s.allSatisfy { !($0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" || $0 == "#" || $0 == "\\" || $0 == "\n" || $0 == "=") }
        if plain { return s }
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
