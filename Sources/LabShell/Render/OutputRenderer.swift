import LabData

/// Renders command results and errors as terminal text.
public struct OutputRenderer {
    public let width: Int
    public let style: Style

    public init(width: Int, style: Style) {
        self.width = width
        self.style = style
    }

    public func render(_ output: CommandOutput) -> String? {
        switch output {
        case .none: return nil
        case .message(let m): return m
        case .text(let t): return t
        case .warning(let w): return style.yellow("warning: ") + w
        case .table(let t): return TableRenderer(width: width, style: style).render(t)
        case .frame(let f):
            var s = "\(f.verb) \(style.bold(f.name)): \(f.rows) rows × \(f.columns) columns"
            if let d = f.detail { s += style.dim(" — " + d) }
            return s
        case .group(let parts):
            let rendered = parts.compactMap(render)
            return rendered.isEmpty ? nil : rendered.joined(separator: "\n")
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
