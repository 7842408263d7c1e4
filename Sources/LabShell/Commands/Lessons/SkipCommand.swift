import LabData

struct SkipCommand: Command {
    static let spec = CommandSpec(
        "skip", group: .lessons, summary: "Lesson: have the current task done for you (its solution runs), or see a quiz's answer",
        changesState: false, examples: ["skip"],
        details: "The solution's commands run as if you typed them, so later steps work; the step is recorded as skipped.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var run = try LessonSupport.running(context)
        if let lines = run.solution {
            context.request = .runSolution(lines: lines, skipping: true)
            return .message("running the solution of step \(run.position + 1):")
        }
        let output = run.skipStep(LessonSupport.query(context))
        context.lesson = run
        return output
    }
}
