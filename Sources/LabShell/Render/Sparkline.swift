import LabData

/// A histogram as one character a bin. The lowest glyph is kept for empty bins, so a bin
/// with a single value still shows (how outliers stand out); the tallest bin gets the
/// highest glyph and the rest scale linearly between.
public enum Sparkline {
    static let unicodeGlyphs: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiGlyphs: [Character] = ["_", ".", "-", "=", "#"]

    public static func render(_ counts: [Int], charset: Charset) -> String {
        let glyphs = charset == .unicode ? unicodeGlyphs : asciiGlyphs
        let tallest = counts.max() ?? 0
        guard tallest > 0 else { return String(repeating: glyphs[0], count: counts.count) }
        let steps = Double(glyphs.count - 2)
        return String(counts.map { n -> Character in
            n == 0 ? glyphs[0] : glyphs[1 + Int((Double(n) / Double(tallest) * steps).rounded())]
        })
    }
}
