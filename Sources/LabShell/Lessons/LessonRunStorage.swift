import LabData
import LabOps

/// Writing a lesson's progress to lab.db as it changes. A failure to write becomes a warning
/// in the command's output: the lesson goes on in memory.
extension LessonRun {
    func saveStep(_ index: Int) -> CommandOutput? {
        let p = progress[index]
        do {
            try LessonProgress.record(lesson: lesson.id, StepRecord(step: index, status: p.status, hints: p.hints, seconds: p.seconds),
                                      in: stateDirectory)
            return nil
        } catch {
            return Self.notSaved(error)
        }
    }

    func savePosition() -> CommandOutput? {
        do {
            try LessonProgress.setPosition(lesson: lesson.id, position: position, stepCount: stepCount, finished: finished, in: stateDirectory)
            return nil
        } catch {
            return Self.notSaved(error)
        }
    }

    static func notSaved(_ error: Error) -> CommandOutput {
        let text = (error as? LabError).map { $0.message + ($0.hint.map { " (\($0))" } ?? "") } ?? String(describing: error)
        return .warning("lesson progress is not being saved: \(text)")
    }
}
