import LabData

/// What `progress` and the end of a lesson show.
extension LessonRun {
    func summary() -> CommandOutput {
        let tasks = lesson.steps.indices.filter { if case .task = lesson.steps[$0] { return true } else { return false } }
        let quizzes = lesson.steps.indices.filter { if case .quiz = lesson.steps[$0] { return true } else { return false } }
        let done = tasks.filter { progress[$0].status == .done }.count
        let skipped = tasks.filter { progress[$0].status == .skipped }.count
        let hints = progress.reduce(0) { $0 + $1.hints }
        let right = quizzes.filter { progress[$0].status == .done }.count
        var text = "\(done) of \(tasks.count) tasks done yourself, \(skipped) skipped, \(hints) hint\(hints == 1 ? "" : "s") used"
        if !quizzes.isEmpty { text += "; \(right) of \(quizzes.count) questions right" }
        text += ".\n`lesson save FILE.lab` writes what you built as a script that `opslab run` replays."
        if let nextLesson { text += "\nNext: \(nextLesson)." }
        return .lesson(LessonNote(.done, title: "lesson \(lesson.number) complete: \(lesson.title)", text))
    }

    func progressTable() -> CommandOutput {
        let rows = lesson.steps.enumerated().map { i, step -> [Cell] in
            let p = progress[i]
            let status = i == position ? "← here" : (i > position && p.status == .open ? "" : p.status.rawValue)
            return [.number(Double(i + 1), .integer), .text(step.kind), .text(status), .number(Double(p.hints), .integer),
                    .text(Self.duration(p.seconds + (i == position ? max(0, Self.now() - enteredAt) : 0)))]
        }
        return .table(ResultTable(title: "lesson \(lesson.number) (\(lesson.id)): \(lesson.title)",
                                  columns: ["step", "kind", "status", "hints", "time"], numericColumns: [0, 3], rows: rows))
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let rest = s % 60
        return s < 60 ? "\(s)s" : "\(s / 60)m \(rest < 10 ? "0" : "")\(rest)s"
    }
}
