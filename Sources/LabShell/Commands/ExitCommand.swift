import LabData

struct ExitCommand: Command {
    static let spec = CommandSpec(
        "exit", aliases: ["quit"], group: .session, summary: "Leave opslab (Ctrl-D does the same)",
        changesState: false, examples: ["exit"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        context.request = .exit
        return .none
    }
}
