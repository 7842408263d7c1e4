import LabData
import LabOps

struct LessonCommand: Command {
    static let spec = CommandSpec(
        "lesson", group: .lessons, summary: "Start or resume a lesson (lesson N or ID); `lesson save FILE.lab` saves your work",
        positionals: [
            PositionalSpec("lesson", .lesson, optional: true, help: "a lesson number or id (see `lessons`), or `save`"),
            PositionalSpec("path", .path, optional: true, help: "with save: the script file to write, e.g. prep.lab"),
        ],
        changesState: false, examples: ["lesson 1", "lesson prep", "lesson", "lesson save prep.lab"],
        details: """
            A lesson explains one stage of the MLOps roadmap and asks you to do it here. Each task is checked
            against the session after every command, however you got there. While in a lesson: `check`, `hint`,
            `skip`, `next`, `back`, `answer N` for a quiz, `progress`, `restart`, and `bye` to leave (your progress
            is kept in .opslab/lab.db; `lesson N` resumes). `lesson` alone shows the current step again.
            `lesson save FILE.lab` writes the commands that built your session, like `save session`.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        guard let key = args.word("lesson") else {
            let run = try LessonSupport.running(context)
            return run.view(LessonSupport.query(context))
        }
        if key == "save" { return try save(args, &context) }
        if args.word("path") != nil { throw UsageError("unexpected '\(args.word("path")!)' after lesson \(key)", hint: "usage: \(spec.shortSynopsis)") }
        let library = LessonSupport.library(context)
        let lesson = try library.find(key)
        let query = LessonSupport.query(context)
        if let run = context.lesson, run.lesson.id == lesson.id { return run.view(query) }
        var parts: [CommandOutput] = []
        if let leaving = context.lesson {
            var old = leaving
            if let w = old.leave() { parts.append(w) }
            parts.append(.message("left lesson \(leaving.lesson.number) at step \(leaving.position + 1); `lesson \(leaving.lesson.number)` resumes it"))
        }
        let (run, notes) = LessonRun.begin(lesson, stateDirectory: context.environment.stateDirectory,
                                           nextLesson: LessonSupport.after(lesson, in: library), restart: false)
        parts += prerequisites(lesson, library, context)
        parts.append(.lesson(LessonNote(.info, title: "lesson \(lesson.number): \(lesson.title)",
                                        "\(lesson.stage) · about \(lesson.minutes) minutes · \(lesson.steps.count) steps")))
        parts += notes
        context.lesson = run
        // Only the lines that build state: a `help` or `show` in an earlier solution need not run again.
        let catchUp = run.catchUpLines.filter { line in
            let verb = line.split(separator: " ").first.map(String.init) ?? ""
            return context.table.command(for: verb)?.spec.changesState ?? true
        }
        if context.history.isEmpty, !catchUp.isEmpty {
            // A resumed lesson builds on what its earlier steps made; a fresh session has none of it.
            parts.append(.message("replaying the \(catchUp.count) command\(catchUp.count == 1 ? "" : "s") of the earlier steps so the session has what they built:"))
            context.request = .runSolution(lines: catchUp, skipping: false)
        } else {
            parts.append(run.view(query))
        }
        return .group(parts)
    }

    /// A note for each lesson this one builds on that is not finished yet (the learner may go on anyway).
    static func prerequisites(_ lesson: Lesson, _ library: LessonLibrary, _ context: CommandContext) -> [CommandOutput] {
        guard !lesson.requires.isEmpty, let records = try? LessonProgress.all(in: context.environment.stateDirectory) else { return [] }
        let open = lesson.requires.filter { records[$0]?.finished != true }
        guard !open.isEmpty else { return [] }
        let names = open.map { id in library.lessons.first { $0.id == id }.map { "\($0.number) (\(id))" } ?? id }
        return [.message("this lesson builds on lesson \(names.joined(separator: ", ")), not finished yet; go on, or take \(open.count == 1 ? "it" : "them") first")]
    }

    static func save(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        guard let path = args.word("path") else {
            throw UsageError("lesson save needs a file name", hint: "e.g. lesson save prep.lab")
        }
        guard !context.history.isEmpty else {
            throw UsageError("nothing to save yet", hint: "the script holds the commands that changed the session, e.g. `load titanic`")
        }
        context.request = .saveScript(path: path)
        return .message("saved your \(context.history.count) command\(context.history.count == 1 ? "" : "s") to \(path); replay with: opslab run \(path)")
    }
}
