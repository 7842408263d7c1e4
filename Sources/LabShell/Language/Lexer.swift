import LabData

/// Splits a command line into tokens: bare words, "double-quoted strings" with
/// escapes (\" \\ \n \t), `key=value` pairs, and a `#` comment to the end of line.
public enum Lexer {
    public static func tokenize(_ line: String) throws -> [Token] {
        let chars = Array(line)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\r" || c == "\n" { i += 1; continue }
            if c == "#" { break }
            let start = i
            if c == "\"" || c == "'" {
                let (text, next) = try readQuoted(chars, from: i)
                tokens.append(Token(kind: .quoted(text), start: start, end: next))
                i = next
                continue
            }
            var word = ""
            var key: String?
            var quotedValue = false
            while i < chars.count {
                let d = chars[i]
                if d == " " || d == "\t" || d == "\r" || d == "\n" { break }
                if d == "=", key == nil, !word.isEmpty, i + 1 < chars.count, chars[i + 1] != "=",
                   word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) {
                    key = word
                    word = ""
                    i += 1
                    if i < chars.count, chars[i] == "\"" || chars[i] == "'" {
                        let (text, next) = try readQuoted(chars, from: i)
                        word = text
                        quotedValue = true
                        i = next
                        break
                    }
                    continue
                }
                if d == "\"" || d == "'" {
                    // A quote inside a bare word (e.g. name=="x") belongs to the word.
                    let (text, next) = try readQuoted(chars, from: i)
                    word += String(d) + text + String(d)
                    i = next
                    continue
                }
                word.append(d)
                i += 1
            }
            if let key {
                tokens.append(Token(kind: .pair(key: key, value: word, quoted: quotedValue), start: start, end: i))
            } else {
                tokens.append(Token(kind: .word(word), start: start, end: i))
            }
        }
        return tokens
    }

    static func readQuoted(_ chars: [Character], from: Int) throws -> (String, Int) {
        let quote = chars[from]
        var i = from + 1
        var text = ""
        while i < chars.count {
            let c = chars[i]
            if c == quote { return (text, i + 1) }
            if c == "\\", i + 1 < chars.count {
                let e = chars[i + 1]
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "\\", "\"", "'": text.append(e)
                default: text.append("\\"); text.append(e)
                }
                i += 2
                continue
            }
            text.append(c)
            i += 1
        }
        throw PointedError("unterminated string starting at column \(from + 1)", hint: "close it with a matching \(quote)",
                           line: String(chars), column: from + 1)
    }

    /// Removes a trailing `#` comment, respecting quotes.
    public static func strippingComment(_ line: String) -> String {
        var quote: Character?
        var escaped = false
        var out = ""
        for c in line {
            if escaped { escaped = false; out.append(c); continue }
            if c == "\\", quote != nil { escaped = true; out.append(c); continue }
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out
    }

    /// Quotes a value for writing back into a script when it would not lex as one word.
    public static func quoteIfNeeded(_ s: String) -> String { CommandText.quoteIfNeeded(s) }
}
