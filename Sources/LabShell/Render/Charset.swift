/// Which characters the output may use. Decided once from the locale and handed to the
/// renderers, so rendering stays a function of its inputs.
public enum Charset: Sendable, Equatable {
    case unicode
    case ascii

    /// POSIX order: LC_ALL overrides LC_CTYPE, which overrides LANG; unset or "C" is ASCII.
    public static func detect(environment: [String: String]) -> Charset {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let lowered = locale.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8") ? .unicode : .ascii
    }

    /// The one-column mark for text that was cut or columns that were left out.
    public var ellipsis: String { self == .unicode ? "…" : "~" }

    /// `text` as this charset can show it: in ASCII, the typographic characters the renderers
    /// write are spelled out (× as x, — as -, ± as +/-...); data is left as it is.
    public func render(_ text: String) -> String {
        guard self == .ascii, text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        var out = ""
        for c in text { out += Self.spelled[c] ?? String(c) }
        return out
    }

    private static let spelled: [Character: String] = [
        "×": "x", "—": "-", "–": "-", "…": "...", "±": "+/-", "→": "->", "←": "<-", "≥": ">=", "≤": "<=", "≠": "!=",
        "·": ".", "−": "-", "²": "^2", "∞": "inf", "✓": "ok", "✗": "x", "“": "\"", "”": "\"", "‘": "'", "’": "'",
        "█": "#", "░": ".", "▒": "=", "─": "-", "━": "=", "│": "|", "└": "+", "├": "|", "┤": "|",
    ]
}
