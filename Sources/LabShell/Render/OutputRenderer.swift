import LabData

/// Renders command results and errors as terminal text.
public struct OutputRenderer {
    public let width: Int
    public let style: Style
    public let charset: Charset

    public init(width: Int, style: Style, charset: Charset = .unicode) {
        self.width = width
        self.style = style
        self.charset = charset
    }

    public func render(_ output: CommandOutput) -> String? {
        switch output {
        case .none: return nil
        case .message(let m): return m
        case .text(let t): return t
        case .warning(let w): return style.yellow("warning: ") + w
        case .table(let t): return TableRenderer(width: width, style: style, charset: charset).render(t)
        case .plot(let p): return PlotRenderer(width: width, unicode: charset == .unicode, style: style).render(p)
        case .lesson(let note): return LessonRenderer(style: style, charset: charset).render(note)
        case .frame(let f):
            var s = "\(f.verb) \(style.bold(f.name)): \(f.rows) rows × \(f.columns) columns"
            if let d = f.detail { s += style.dim(" — " + d) }
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

    public func render(error: Error, location: String? = nil) -> String {
        let prefix = location.map { "\($0): " } ?? ""
        if let e = error as? LabError {
            var s = style.red("error: ") + prefix + e.message
            if let hint = e.hint { s += "\n" + style.cyan("  hint: ") + hint }
            return s
        }
        return style.red("error: ") + prefix + String(describing: error)
    }
}
