import LabData

struct BackCommand: Command {
    static let spec = CommandSpec(
        "back", group: .lessons, summary: "Lesson: show the step before again",
        changesState: false, examples: ["back"],
        details: "The session is not changed; `undo` steps back over commands.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var run = try LessonSupport.running(context)
        let output = try run.back(LessonSupport.query(context))
        context.lesson = run
        return output
    }
}
