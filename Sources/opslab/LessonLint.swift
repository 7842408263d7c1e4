import LabData
import LabShell

/// `opslab lesson lint`: every lesson file in the lessons folder, read and replayed.
/// Prints one line per lesson and `file:line: problem` for each problem; status 1 if any.
enum LessonLint {
    static func run(environment env: [String: String]) -> Int32 {
        let catalog = DatasetCatalog.locate(environment: env)
        guard let directory = LessonLibrary.locate(environment: env, catalog: catalog) else {
            TerminalIO.write("error: no lessons folder found; set OPSLAB_LESSONS to it\n", to: 2)
            return 1
        }
        let library = LessonLibrary(directory: directory)
        let problems = library.problems + library.unknownRequirements
        var failed = !problems.isEmpty
        for problem in problems { TerminalIO.write(problem.description + "\n", to: 2) }
        for lesson in library.lessons {
            let report = LessonLinter.lint(lesson, catalog: catalog, lessonsDirectory: directory, version: OpslabVersion.current)
            for problem in report.problems { TerminalIO.write(problem.description + "\n", to: 2) }
            failed = failed || !report.problems.isEmpty
            let verdict = report.problems.isEmpty ? "ok" : "FAILED"
            TerminalIO.write("\(verdict) \(lesson.file): lesson \(lesson.number) (\(lesson.id)), \(lesson.steps.count) steps, \(report.commands) solution commands replayed\n", to: 1)
        }
        if library.lessons.isEmpty && library.problems.isEmpty {
            TerminalIO.write("error: no lesson files (NN-slug.yaml) in \(directory)\n", to: 2)
            return 1
        }
        return failed ? 1 : 0
    }
}
