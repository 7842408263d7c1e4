import LabData

struct ProgressCommand: Command {
    static let spec = CommandSpec(
        "progress", group: .lessons, summary: "Lesson: each step of the current lesson, done or skipped, hints used and time",
        changesState: false, examples: ["progress"],
        details: "Outside a lesson it lists every lesson with its progress, as `lessons` does.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        guard let run = context.lesson else { return try LessonsCommand.run(args, &context) }
        return run.progressTable()
    }
}
