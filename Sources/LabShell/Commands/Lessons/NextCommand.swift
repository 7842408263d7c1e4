import LabData

struct NextCommand: Command {
    static let spec = CommandSpec(
        "next", group: .lessons, summary: "Lesson: go on to the next step (a task must be done first)",
        changesState: false, examples: ["next"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var run = try LessonSupport.running(context)
        let output = try run.next(LessonSupport.query(context))
        context.lesson = run
        return output
    }
}
