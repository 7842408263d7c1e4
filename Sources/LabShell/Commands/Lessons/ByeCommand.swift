import LabData

struct ByeCommand: Command {
    static let spec = CommandSpec(
        "bye", group: .lessons, summary: "Lesson: leave the current lesson; your progress is kept and `lesson N` resumes it",
        changesState: false, examples: ["bye"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var run = try LessonSupport.running(context)
        let warning = run.leave()
        context.lesson = nil
        let said = CommandOutput.message("left lesson \(run.lesson.number) at step \(run.position + 1) of \(run.stepCount); `lesson \(run.lesson.number)` resumes it")
        return warning.map { .group([said, $0]) } ?? said
    }
}
