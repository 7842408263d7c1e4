import LabData

struct AnswerCommand: Command {
    static let spec = CommandSpec(
        "answer", group: .lessons, summary: "Lesson: answer the current quiz with the number of a choice, or a number",
        positionals: [PositionalSpec("value", .value, help: "the choice's number (1, 2, ...) or, for a number question, the number")],
        changesState: false, examples: ["answer 2", "answer 0.83"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var run = try LessonSupport.running(context)
        let output = try run.answer(args.word("value")!, LessonSupport.query(context))
        context.lesson = run
        return output
    }
}
