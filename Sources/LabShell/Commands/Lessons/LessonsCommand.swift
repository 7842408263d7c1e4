import LabData
import LabOps

struct LessonsCommand: Command {
    static let spec = CommandSpec(
        "lessons", group: .lessons, summary: "List the guided lessons, with your progress in each",
        changesState: false, examples: ["lessons"],
        details: "Start or resume one with `lesson NUMBER` (or its id). Progress is kept in .opslab/lab.db.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let library = LessonSupport.library(context)
        var parts: [CommandOutput] = []
        let records: [String: LessonRecord]
        do {
            records = try LessonProgress.all(in: context.environment.stateDirectory)
        } catch {
            records = [:]
            parts.append(LessonRun.notSaved(error))
        }
        guard !library.lessons.isEmpty || !library.problems.isEmpty else {
            return .message("no lessons found" + (library.directory.map { " in \($0)" } ?? "; set OPSLAB_LESSONS to the lessons folder"))
        }
        let rows = library.lessons.map { lesson -> [Cell] in
            var status = ""
            if context.lesson?.lesson.id == lesson.id, let run = context.lesson {
                status = "here: step \(run.position + 1)/\(run.stepCount)"
            } else if let r = records[lesson.id] {
                status = r.finished ? "finished" : "at step \(r.position + 1)/\(r.stepCount)"
            }
            // The title last, where it gets the width the others leave (it names the stage too).
            return [.number(Double(lesson.number), .integer), .text(lesson.id), .text("\(lesson.minutes) min"), .text(status), .text(lesson.title)]
        }
        parts.insert(.table(ResultTable(title: "lessons", columns: ["#", "id", "time", "progress", "title"],
                                        numericColumns: [0], rows: rows, note: "`lesson N` starts or resumes one")), at: 0)
        for problem in library.problems { parts.append(.warning("\(problem.message)")) }
        return parts.count == 1 ? parts[0] : .group(parts)
    }
}
