#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Writes a frame as RFC 4180 CSV: a header, LF line endings, missing values as
/// empty cells, fields quoted only when they hold a separator, quote or newline.
public enum CSVWriter {
    public static func csvText(_ frame: Frame, separator: Character = ",") -> String {
        var out = ""
        out.reserveCapacity(frame.rowCount * frame.columnCount * 8)
        let sep = String(separator)
        out += frame.columnNames.map { quoted($0, separator) }.joined(separator: sep) + "\n"
        for row in 0..<frame.rowCount {
            var first = true
            for column in frame.columns {
                if !first { out += sep }
                first = false
                if let text = column.text(at: row) { out += column.type == .string ? quoted(text, separator) : text }
            }
            out += "\n"
        }
        return out
    }

    static func quoted(_ s: String, _ separator: Character) -> String {
        guard s.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Writes through a temporary file and renames it, so a failure never leaves half a file.
    public static func write(_ frame: Frame, to path: String, separator: Character = ",") throws {
        try FileIO.writeAtomically(Array(csvText(frame, separator: separator).utf8), to: path)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
