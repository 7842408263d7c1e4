#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData
import LabOps

/// A lesson in progress: which step the learner is on and how each step went. A value,
/// kept by the session beside (not inside) the session state, so `undo` steps back over
/// data, never over lesson progress. Every change is written to lab.db at once; if lab.db
/// cannot be written the lesson goes on and says that progress is not being saved.
public struct LessonRun: Sendable {
    struct Progress: Sendable, Equatable {
        var status: StepRecord.Status = .open
        var hints = 0
        var seconds = 0.0
    }

    public let lesson: Lesson
    public private(set) var position: Int
    private(set) var progress: [Progress]
    /// When the current step was shown (monotonic seconds), for the time spent on it.
    private(set) var enteredAt: Double
    let stateDirectory: String
    /// "lesson 4 (train): Training models", said when this one is finished.
    let nextLesson: String?

    public var stepCount: Int { lesson.steps.count }
    public var finished: Bool { position >= stepCount }
    var step: LessonStep? { finished ? nil : lesson.steps[position] }

    /// `3/12 prep`, for the prompt.
    public var promptLabel: String { "\(min(position + 1, stepCount))/\(stepCount) \(lesson.id)" }

    // MARK: - Starting

    /// Starts `lesson`, or resumes it where the record in lab.db says the learner was.
    /// A record that does not fit the lesson (damaged, or the file changed since) is reset, with a note.
    static func begin(_ lesson: Lesson, stateDirectory: String, nextLesson: String?, restart: Bool) -> (LessonRun, [CommandOutput]) {
        var notes: [CommandOutput] = []
        var run = LessonRun(lesson: lesson, position: 0, progress: Array(repeating: Progress(), count: lesson.steps.count),
                            enteredAt: now(), stateDirectory: stateDirectory, nextLesson: nextLesson)
        let loaded: LessonProgress.Loaded
        do {
            if restart { try LessonProgress.reset(lesson: lesson.id, in: stateDirectory) }
            loaded = try LessonProgress.load(lesson: lesson.id, in: stateDirectory)
        } catch {
            notes.append(Self.notSaved(error))
            return (run, notes)
        }
        switch loaded {
        case .none:
            break
        case .corrupt(let reason):
            notes.append(.warning("the saved progress of lesson \(lesson.number) could not be read (\(reason)); it was reset"))
            try? LessonProgress.reset(lesson: lesson.id, in: stateDirectory)
        case .found(let record) where record.stepCount != lesson.steps.count:
            notes.append(.warning("lesson \(lesson.number) has changed since you took it (\(record.stepCount) steps, now \(lesson.steps.count)); its progress was reset"))
            try? LessonProgress.reset(lesson: lesson.id, in: stateDirectory)
        case .found(let record) where record.finished:
            notes.append(.message("you finished lesson \(lesson.number) before; here it is again from the start"))
            try? LessonProgress.reset(lesson: lesson.id, in: stateDirectory)
        case .found(let record):
            run.position = record.position
            for s in record.steps { run.progress[s.step] = Progress(status: s.status, hints: s.hints, seconds: s.seconds) }
            if record.position > 0 { notes.append(.message("resuming lesson \(lesson.number) at step \(record.position + 1) of \(lesson.steps.count)")) }
        }
        if let warning = run.savePosition() { notes.append(warning) }
        return (run, notes)
    }

    /// The solutions of the tasks before the current step: what a session must replay to
    /// have the state a resumed lesson builds on.
    var catchUpLines: [String] {
        lesson.steps.prefix(position).flatMap { step -> [String] in
            if case .task(let t) = step { return t.solution }
            return []
        }
    }

    // MARK: - Showing

    func view(_ query: StateQuery) -> CommandOutput {
        guard let step else { return summary() }
        let title = "lesson \(lesson.number) · step \(position + 1)/\(stepCount)"
        switch step {
        case .say(let text):
            return .lesson(LessonNote(.step, title: title, LessonText.prose(text, query) + "\n(`next` to go on)"))
        case .bridge(let text):
            return .lesson(LessonNote(.step, title: title + " · at work", LessonText.fill(text, query) + "\n(shown, not run; `next` to go on)",
                                      preformatted: true))
        case .task(let t):
            return .lesson(LessonNote(.step, title: title + " · task", LessonText.prose(t.instruction, query)
                + "\n(checked after every command; `hint` helps, `skip` does it for you)"))
        case .quiz(let q):
            var text = LessonText.prose(q.question, query)
            switch q.answer {
            case .choice(let choices, _):
                for (i, c) in choices.enumerated() { text += "\n  \(i + 1). \(LessonText.fill(c, query))" }
                text += "\n(`answer N` with the number of your choice)"
            case .number:
                text += "\n(`answer NUMBER`)"
            }
            return .lesson(LessonNote(.step, title: title + " · quiz", text))
        }
    }

    // MARK: - Moving on

    /// After a learner's command: if the current task's check now holds, it is done and the next step is shown.
    mutating func afterCommand(_ query: StateQuery) -> CommandOutput? {
        guard case .task(let t) = step, CheckEvaluator(query: query).verdict(for: t).passed else { return nil }
        return complete(.done, note: doneNote, query)
    }

    /// `check`: the verdict on the current task, in the lesson's words when an `on_fail` matches.
    mutating func check(_ query: StateQuery) -> CommandOutput {
        guard case .task(let t) = step else {
            return .message(step == nil ? "this lesson is finished" : "nothing to check on this step; `next` goes on")
        }
        switch CheckEvaluator(query: query).verdict(for: t) {
        case .passed:
            return complete(.done, note: doneNote, query)
        case .failed(let part, let reason, let advice):
            return .lesson(LessonNote(.failed, title: "not yet: \(part)", reason + (advice.map { "\n" + LessonText.prose($0, query) } ?? "")))
        }
    }

    private var doneNote: CommandOutput { .lesson(LessonNote(.done, title: "step \(position + 1) done", "")) }

    /// `next`: past a text step, a finished task, or an answered quiz; a task not done yet says why.
    mutating func next(_ query: StateQuery) throws -> CommandOutput {
        switch step {
        case nil: return summary()
        case .say, .bridge: return complete(.read, note: nil, query)
        case .quiz:
            throw UsageError("answer the question first", hint: "`answer N`, or `skip` to see the answer")
        case .task(let t):
            switch CheckEvaluator(query: query).verdict(for: t) {
            case .passed:
                return complete(.done, note: doneNote, query)
            case .failed(let part, let reason, let advice):
                throw UsageError("this task is not done yet: \(part): \(reason)",
                                 hint: advice.map { LessonText.fill($0, query) } ?? "`hint` helps; `skip` runs the solution for you")
            }
        }
    }

    /// `hint`: the next, more specific hint; after the last one, the solution.
    mutating func hint() -> CommandOutput {
        guard case .task(let t) = step else {
            return .message(step == nil ? "this lesson is finished" : "no hints on this step; `skip` shows a quiz's answer, `next` goes on")
        }
        let used = progress[position].hints
        progress[position].hints = min(used + 1, t.hints.count + 1)
        let saved = saveStep(position)
        let note: LessonNote
        if used < t.hints.count {
            note = LessonNote(.hint, title: "\(used + 1) of \(t.hints.count)", t.hints[used])
        } else {
            note = LessonNote(.hint, title: "the solution", t.solution.map { "  " + $0 }.joined(separator: "\n")
                + "\n(type it, or `skip` to have it run)")
        }
        return saved.map { .group([.lesson(note), $0]) } ?? .lesson(note)
    }

    /// `skip` on a task: the lines to run. Other steps are skipped here and now (see `skipStep`).
    var solution: [String]? {
        if case .task(let t) = step { return t.solution }
        return nil
    }

    /// `skip` on a step that is not a task: a quiz shows its answer; text is passed.
    mutating func skipStep(_ query: StateQuery) -> CommandOutput {
        switch step {
        case .quiz(let q):
            let note = LessonNote(.info, title: "the answer: \(answerText(q, query))", LessonText.prose(q.explain, query))
            return complete(.skipped, note: .lesson(note), query)
        case .say, .bridge: return complete(.read, note: nil, query)
        default: return summary()
        }
    }

    /// After `skip` ran the task's solution: recorded as skipped, and on to the next step.
    mutating func finishSkip(_ query: StateQuery) -> CommandOutput {
        guard case .task(let t) = step else { return view(query) }
        var note = LessonNote(.info, title: "skipped: the solution ran", t.solution.map { "  " + $0 }.joined(separator: "\n"),
                              preformatted: true)
        if case .failed(let part, let reason, _) = CheckEvaluator(query: query).verdict(for: t) {
            note.text += "\n(yet the check still fails: \(part): \(reason))"
        }
        return complete(.skipped, note: .lesson(note), query)
    }

    /// `answer`: a quiz's verdict and its explanation, then the next step.
    mutating func answer(_ given: String, _ query: StateQuery) throws -> CommandOutput {
        guard case .quiz(let q) = step else {
            throw UsageError("there is no question to answer on this step", hint: step == nil ? "the lesson is finished" : "`next` goes on")
        }
        let right: Bool
        switch q.answer {
        case .choice(let choices, let correct):
            guard let n = Int(given), (1...choices.count).contains(n) else {
                throw UsageError("answer with the number of a choice, 1 to \(choices.count)", hint: "e.g. answer 2")
            }
            right = n - 1 == correct
        case .number(let expected, let tolerance):
            guard let x = Double(given) else { throw UsageError("answer with a number", hint: "e.g. answer 0.83") }
            guard case .number(let target) = try? expected.evaluateValue(resolving: query.resolve) else {
                throw UsageError("this question's answer cannot be worked out from the session yet", hint: "`skip` goes on")
            }
            right = abs(x - target) <= tolerance + 1e-12 * max(1, abs(target))
        }
        let note = right ? LessonNote(.done, title: "right", LessonText.prose(q.explain, query))
            : LessonNote(.failed, title: "not quite: the answer is \(answerText(q, query))", LessonText.prose(q.explain, query))
        return complete(right ? .done : .missed, note: .lesson(note), query)
    }

    private func answerText(_ q: LessonQuiz, _ query: StateQuery) -> String {
        switch q.answer {
        case .choice(let choices, let correct): return "\(correct + 1). \(LessonText.fill(choices[correct], query))"
        case .number(let e, _): return (try? e.evaluateValue(resolving: query.resolve)).map(LessonText.format) ?? "?"
        }
    }

    /// `back`: shows the step before again (what was recorded for it stays).
    mutating func back(_ query: StateQuery) throws -> CommandOutput {
        guard position > 0 else { throw UsageError("this is the first step", hint: "`next` goes on") }
        leaveStep()
        position -= 1
        enteredAt = Self.now()
        let saved = savePosition()
        return saved.map { .group([$0, view(query)]) } ?? view(query)
    }

    /// Records the current step as `status`, moves to the next one and shows it (or the summary).
    private mutating func complete(_ status: StepRecord.Status, note: CommandOutput?, _ query: StateQuery) -> CommandOutput {
        leaveStep()
        progress[position].status = status
        var parts: [CommandOutput] = note.map { [$0] } ?? []
        if let w = saveStep(position) { parts.append(w) }
        position += 1
        enteredAt = Self.now()
        if let w = savePosition() { parts.append(w) }
        parts.append(view(query))
        return .group(parts)
    }

    private mutating func leaveStep() {
        guard !finished else { return }
        progress[position].seconds += max(0, Self.now() - enteredAt)
        enteredAt = Self.now()
    }

    /// Leaving the lesson (`bye`, or another lesson): the time on the current step is saved.
    mutating func leave() -> CommandOutput? {
        guard !finished else { return nil }
        leaveStep()
        return saveStep(position)
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
