import LabData

/// Renders command results and errors as terminal text.
public struct OutputRenderer {
    public let width: Int
    public let style: Style
    public let charset: Charset
    /// Whether messages, warnings and errors are broken at spaces to fit `width` (on a terminal;
    /// piped output keeps one line per message, for grep and for scripts reading it).
    public let wrapsProse: Bool

    public init(width: Int, style: Style, charset: Charset = .unicode, wrapsProse: Bool = false) {
        self.width = width
        self.style = style
        self.charset = charset
        self.wrapsProse = wrapsProse
    }

    private func wrap(_ text: String, indent: String = "  ", flushParagraphs: Bool = false) -> String {
        wrapsProse ? TextWrap.wrap(text, width: width, indent: indent, flushParagraphs: flushParagraphs) : text
    }

    public func render(_ output: CommandOutput) -> String? {
        switch output {
        case .table, .plot, .group, .none: return renderParts(output)
        default: return renderParts(output).map(charset.render)
        }
    }

    private func renderParts(_ output: CommandOutput) -> String? {
        switch output {
        case .none: return nil
        case .message(let m): return wrap(m)
        case .text(let t): return wrap(t)
        case .warning(let w): return style.yellow("warning: ") + wrap("warning: " + w).dropFirst(9)
        case .table(let t): return TableRenderer(width: width, style: style, charset: charset).render(t)
        case .plot(let p): return PlotRenderer(width: width, unicode: charset == .unicode, style: style).render(p)
        case .lesson(let note):
            // Lesson prose wraps at spaces, each paragraph filling the terminal's width; hints,
            // solutions and code are kept whole on their lines, to be typed or copied.
            let text = LessonRenderer(style: style, charset: charset).render(note)
            return note.preformatted || note.tone == .hint ? text : wrap(text, flushParagraphs: true)
        case .frame(let f):
            var s = "\(f.verb) \(style.bold(f.name)): \(Self.count(f.rows, "row")) × \(Self.count(f.columns, "column"))"
            guard let d = f.detail else { return s }
            let head = "\(f.verb) \(f.name): \(Self.count(f.rows, "row")) × \(Self.count(f.columns, "column"))"
            if !wrapsProse || head.count + 3 + d.count <= width { return s + style.dim(" — " + d) }
            // Too long for one line: the detail goes below, wrapped.
            s += "\n" + style.dim(wrap("  — " + d))
            return s
        case .group(let parts):
            // A blank line between two tables, so each reads as its own block.
            var text: String?
            var previousWasTable = false
            for part in parts {
                guard let r = render(part) else { continue }
                let isTable = switch part { case .table, .plot: true; default: false }
                text = text.map { $0 + (previousWasTable && isTable ? "\n\n" : "\n") + r } ?? r
                previousWasTable = isTable
            }
            return text
        }
    }

    public func render(error: Error, location: String? = nil) -> String { charset.render(renderError(error, location: location)) }

    private func renderError(_ error: Error, location: String?) -> String {
        let prefix = location.map { "\($0): " } ?? ""
        if let e = error as? LabError {
            var s = style.red("error: ") + wrap("error: " + prefix + e.message).dropFirst(7)
            if let pointed = e as? PointedError {
                // The line, and a caret under the place.
                s += "\n  " + pointed.line + "\n  " + String(repeating: " ", count: max(0, pointed.column - 1)) + style.red("^")
            }
            if let hint = e.hint { s += "\n" + style.cyan("  hint: ") + wrap("  hint: " + hint, indent: "      ").dropFirst(8) }
            return s
        }
        return style.red("error: ") + prefix + String(describing: error)
    }

    /// "1 row", "14 columns".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
