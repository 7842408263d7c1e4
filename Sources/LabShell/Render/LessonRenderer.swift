/// Draws lesson notes: a title line marked by tone (a step, done, not yet, a hint), then
/// the text. With colour, `` `command` `` spans are shown as commands (cyan, no backticks);
/// without it they keep their backticks so they still stand out.
struct LessonRenderer {
    let style: Style
    let charset: Charset

    func render(_ note: LessonNote) -> String {
        var lines: [String] = []
        if let title = note.title { lines.append(heading(title, note.tone)) }
        if !note.text.isEmpty { lines.append(highlight(note.text)) }
        return lines.joined(separator: "\n")
    }

    private func heading(_ title: String, _ tone: LessonNote.Tone) -> String {
        let unicode = charset == .unicode
        switch tone {
        case .step:
            let rule = unicode ? "──" : "--"
            return style.bold("\(rule) \(title) \(rule)")
        case .done: return style.green((unicode ? "✓ " : "[ok] ") + title)
        case .failed: return style.yellow((unicode ? "✗ " : "[not yet] ") + title)
        case .hint: return style.cyan("hint: ") + title
        case .info: return style.bold(title)
        }
    }

    private func highlight(_ text: String) -> String {
        guard style.enabled else { return text }
        var out = ""
        var inCommand = false
        var span = ""
        for c in text {
            if c == "`" {
                if inCommand { out += style.cyan(span) }
                span = ""
                inCommand.toggle()
            } else if inCommand {
                span.append(c)
            } else {
                out.append(c)
            }
        }
        // An unmatched backtick is text, not the start of a command.
        return inCommand ? out + "`" + span : out
    }
}
