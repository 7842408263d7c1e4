import LabData

struct UseCommand: Command {
    static let spec = CommandSpec(
        "use", group: .data, summary: "Make another loaded frame the current one",
        positionals: [PositionalSpec("frame", .frame, help: "the name of a loaded frame (see `frames`)")],
        changesState: true, examples: ["use titanic"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.frame(named: args.word("frame")!)
        context.state.currentName = frame.name
        return .frame(FrameSummary(verb: "using", name: frame.name, rows: frame.rowCount, columns: frame.columnCount))
    }
}
