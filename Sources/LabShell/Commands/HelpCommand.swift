import LabData

struct HelpCommand: Command {
    static let spec = CommandSpec(
        "help", group: .help, summary: "List the commands, or explain one: help VERB",
        positionals: [PositionalSpec("verb", .verb, optional: true, help: "a command name")],
        changesState: false, examples: ["help", "help load"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let table = context.table
        if let verb = args.word("verb") {
            return .text(page(for: try table.lookup(verb).spec))
        }
        var out = "Commands (help VERB for details):\n"
        // One column for the summaries, two spaces past the longest verb.
        let width = (table.commands.map { $0.spec.verb.count }.max() ?? 8) + 2
        for group in CommandGroup.allCases {
            let specs = table.commands.map { $0.spec }.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            out += "\n\(group.rawValue)\n"
            for s in specs { out += "  \(s.verb.padding(width))\(s.summary)\n" }
        }
        out += "\nA line is `verb [words] [key=value ...]`; # starts a comment; end a line with \\ to continue it.\n"
        out += "TAB completes commands, options, columns, frames and paths."
        return .text(out)
    }

    static func page(for spec: CommandSpec) -> String {
        var out = "\(spec.verb) — \(spec.summary)\n\nusage: \(spec.synopsis)\n"
        if !spec.aliases.isEmpty { out += "also: \(spec.aliases.joined(separator: ", "))\n" }
        let args = spec.positionals.filter { if case .keyword(let k) = $0.kind { return k.count > 1 } else { return true } }
        if !args.isEmpty || spec.acceptsAlias || spec.acceptsColumnPairs { out += "\narguments:\n" }
        for p in args { out += "  \(p.name.uppercased().padding(14))\(p.help)\(p.optional ? " (optional)" : "")\n" }
        if spec.acceptsColumnPairs { out += "  \("OLD=NEW".padding(14))rename column OLD to NEW (repeatable)\n" }
        if spec.acceptsAlias { out += "  \("as NAME".padding(14))store the result as a new \(spec.aliasNames) named NAME\n" }
        if !spec.keys.isEmpty {
            out += "\noptions:\n"
            for k in spec.keys {
                let def = k.defaultValue.map { ", default \($0)" } ?? ""
                out += "  \((k.name + "=").padding(14))\(k.help) [\(k.type.label)\(def)\(k.required ? ", required" : "")]\n"
            }
        }
        if let details = spec.details { out += "\n\(reflowed(details))\n" }
        if ColumnPatterns.apply(to: spec) { out += "\n\(ColumnPatterns.helpNote)\n" }
        out += "\nexample\(spec.examples.count > 1 ? "s" : ""):\n" + spec.examples.map { "  \($0)" }.joined(separator: "\n")
        return out
    }
}

extension HelpCommand {
    /// Details are written as paragraphs broken to fit the source; joined again, so the shell
    /// wraps them to the terminal's width instead of breaking each source line once more.
    /// Indented lines (a list under "Kinds:") and blank lines keep their places.
    static func reflowed(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let last = lines.last, !last.isEmpty, !last.hasPrefix(" "), !line.isEmpty, !line.hasPrefix(" ") {
                lines[lines.count - 1] = last + " " + line
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
