import LabData

struct CheckCommand: Command {
    static let spec = CommandSpec(
        "check", group: .lessons, summary: "Lesson: check the current task now, and say what is missing",
        changesState: false, examples: ["check"],
        details: "Tasks are also checked after every command. A check looks at the session, not at what was typed.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var run = try LessonSupport.running(context)
        let output = run.check(LessonSupport.query(context))
        context.lesson = run
        return output
    }
}
