import LabData

struct ExplainCommand: Command {
    static let spec = CommandSpec(
        "explain", group: .help, summary: "What a command does, and the same step in pandas, scikit-learn or SQL",
        positionals: [PositionalSpec("verb", .verb, help: "a command name")],
        changesState: false, examples: ["explain impute", "explain split"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let spec = try context.table.lookup(args.word("verb")!).spec
        var text = "\(spec.verb) — \(spec.summary)\n"
        if let example = spec.examples.first { text += "  opslab:        \(example)\n" }
        guard let e = Equivalents.table[spec.verb] else { return .text(text + "  (no counterpart recorded)") }
        if let pandas = e.pandas { text += "  pandas:        \(pandas)\n" }
        if let sklearn = e.sklearn { text += "  scikit-learn:  \(sklearn)\n" }
        if let sql = e.sql { text += "  SQL:           \(sql)\n" }
        if let note = e.note { text += "  note:          \(note)\n" }
        text += "`help \(spec.verb)` lists its options."
        return .text(text)
    }
}
