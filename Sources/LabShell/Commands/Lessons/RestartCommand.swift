import LabData

struct RestartCommand: Command {
    static let spec = CommandSpec(
        "restart", group: .lessons, summary: "Lesson: start the current lesson again from its first step (its progress is reset)",
        changesState: false, examples: ["restart"],
        details: "The session keeps its data; `undo` steps back over commands if you want them gone too.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let current = try LessonSupport.running(context)
        let (run, notes) = LessonRun.begin(current.lesson, stateDirectory: context.environment.stateDirectory,
                                           nextLesson: current.nextLesson, restart: true)
        context.lesson = run
        return .group(notes + [.message("lesson \(current.lesson.number) starts again"), run.view(LessonSupport.query(context))])
    }
}
