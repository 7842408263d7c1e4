import LabData

/// What the lesson-loop commands share: the lesson files, the state vocabulary, the running lesson.
enum LessonSupport {
    static func library(_ context: CommandContext) -> LessonLibrary {
        LessonLibrary(directory: context.environment.lessonsDirectory, table: context.table)
    }

    static func query(_ context: CommandContext) -> StateQuery {
        StateQuery(state: context.state, environment: context.environment)
    }

    static func running(_ context: CommandContext) throws -> LessonRun {
        guard let run = context.lesson else {
            throw UsageError("no lesson is running", hint: "`lessons` lists them; `lesson 1` starts the first")
        }
        return run
    }

    /// "lesson 4 (train): Training models", the lesson after `lesson` in the library.
    static func after(_ lesson: Lesson, in library: LessonLibrary) -> String? {
        library.lessons.first { $0.number > lesson.number }.map { "lesson \($0.number) (\($0.id)): \($0.title)" }
    }
}
