import LabData

struct HintCommand: Command {
    static let spec = CommandSpec(
        "hint", group: .lessons, summary: "Lesson: a hint for the current task; each one is more specific, the last shows the solution",
        changesState: false, examples: ["hint"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var run = try LessonSupport.running(context)
        let output = run.hint()
        context.lesson = run
        return output
    }
}
