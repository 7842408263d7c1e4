import LabData

/// Runs command lines against the session state: parse by the command's spec, run on a
/// copy of the state, and only on success keep the copy, record the line for undo and
/// scripts, and append it to the journal.
public final class Session {
    public private(set) var state = SessionState()
    public let environment: Environment
    public let table: CommandTable
    public var journal: Journal?
    private var undoStack: [(line: String, previous: SessionState)] = []
    /// Off while restoring a journal, so that replayed commands do not record their runs twice.
    private var recordsRuns = true

    /// The lesson in progress, if any (see `LessonRun`).
    public private(set) var lesson: LessonRun?
    /// While a lesson's solution runs line by line, its check waits for the last line.
    private var checksPaused = false

    public struct Outcome: Sendable {
        public let output: CommandOutput
        public let request: SessionRequest?
        /// The canonical line recorded for a state-changing command.
        public let recorded: String?
        /// What the lesson in progress says after this command: a task done, the next step.
        public var feedback: CommandOutput? = nil
    }

    public init(environment: Environment, table: CommandTable = .standard) {
        self.environment = environment
        self.table = table
    }

    /// The recorded lines that build the current state, oldest first.
    public var recordedLines: [String] { undoStack.map(\.line) }

    public var historyEntries: [HistoryEntry] {
        undoStack.enumerated().map { HistoryEntry(line: $1.line, number: $0 + 1) }
    }

    public func execute(_ line: String) throws -> Outcome {
        let text = Lexer.strippingComment(line)
        let tokens = try Lexer.tokenize(text)
        guard let first = tokens.first else { return Outcome(output: .none, request: nil, recorded: nil) }
        guard case .word(let verb) = first.kind else {
            throw UsageError("a command starts with a verb, not '\(first.text)'", hint: "type `help` for the list of commands")
        }
        let command = try table.lookup(verb, words: tokens.dropFirst().map(\.text),
                                       current: state.currentName.flatMap { name in state.current.map { (name, $0) } })
        let args = try ColumnPatterns.expand(try ArgumentParser.parse(command.spec, tokens: tokens, line: text),
                                             spec: command.spec, frame: state.current)
        let frames = state.frames.values
        try ChoiceWrittenAsColumn.check(command.spec, args) { word in frames.contains { $0.columnNames.contains(word) } }
        var context = CommandContext(state: state, environment: environment, recorded: args, request: nil,
                                     history: historyEntries, table: table, recordsRuns: recordsRuns, lesson: lesson)
        // The flag is cleared when a line is read, not here: a Ctrl-C pressed just after Enter still cancels.
        var output: CommandOutput
        do {
            output = try command.run(args, &context)
        } catch let error as DataError where args.expression != nil && error.position != nil {
            throw PointedError(error, position: error.position!, line: text, expressionColumn: args.expressionColumn)
        }
        try Cancellation.check()

        var recorded: String?
        switch context.request {
        case .undo(let steps):
            try undo(steps)
        case .saveScript(let path):
            try ScriptWriter.write(lines: recordedLines, pins: state.pins, version: environment.version, to: path)
        case .runSolution(let lines, let skipping):
            // A resumed lesson's catch-up rebuilds what earlier steps made: their runs are recorded already.
            output = .group([output] + (try run(lines, recording: skipping)))
        case .exit, nil:
            if command.spec.changesState, context.changedState {
                let line = ArgumentParser.canonicalLine(command.spec, context.recorded)
                try journal?.append(line)
                undoStack.append((line, state))
                // A new frame not loaded from a file: what made it, and from which frame when the line does not say.
                let from = state.currentName.map { current in line.split(separator: " ").contains { $0 == current } ? "" : " (on \(current))" } ?? ""
                for name in context.state.frameOrder where state.frames[name] == nil && context.state.pins[name] == nil {
                    context.state.noteOrigin(line + from, of: name)
                }
                state = context.state
                recorded = line
            }
        }
        lesson = context.lesson
        var outcome = Outcome(output: output, request: context.request, recorded: recorded)
        outcome.feedback = lessonFeedback(after: command.spec, request: context.request)
        if lesson?.finished == true { lesson = nil }
        return outcome
    }

    /// The lesson's word after a command: the learner's own commands are checked against the
    /// current task; a skipped task is recorded once its solution has run; a resumed lesson
    /// shows its step once the earlier solutions are replayed.
    private func lessonFeedback(after spec: CommandSpec, request: SessionRequest?) -> CommandOutput? {
        guard !checksPaused, var run = lesson else { return nil }
        let query = StateQuery(state: state, environment: environment)
        let feedback: CommandOutput?
        switch request {
        case .runSolution(_, skipping: true): feedback = run.finishSkip(query)
        case .runSolution(_, skipping: false): feedback = run.view(query)
        default: feedback = spec.group == .lessons ? nil : run.afterCommand(query)
        }
        lesson = run
        return feedback
    }

    /// Runs lines as if typed, echoing each; if one fails, the ones before it are undone.
    /// `recording`: whether `train`, `eval`, ... record their runs.
    private func run(_ lines: [String], recording: Bool) throws -> [CommandOutput] {
        let recordedBefore = recordsRuns
        checksPaused = true
        recordsRuns = recordedBefore && recording
        defer { checksPaused = false; recordsRuns = recordedBefore }
        let before = undoStack.count
        var outputs: [CommandOutput] = []
        for line in lines {
            do {
                outputs.append(.message("> " + line))
                outputs.append(try execute(line).output)
            } catch {
                if undoStack.count > before { try? undo(undoStack.count - before) }
                let reason = (error as? LabError)?.message ?? String(describing: error)
                throw UsageError("'\(line)' failed: \(reason)", hint: "the session is as it was before; the lesson file may need fixing")
            }
        }
        return outputs
    }

    private func undo(_ steps: Int) throws {
        guard !undoStack.isEmpty else {
            throw UsageError("nothing to undo", hint: "undo steps back over commands that changed the session")
        }
        let n = min(steps, undoStack.count)
        for _ in 0..<n { try journal?.append("undo") }
        state = undoStack[undoStack.count - n].previous
        undoStack.removeLast(n)
    }

    /// Replays a journal's lines (including its `undo`s) and starts a fresh journal from the result.
    /// All or nothing: if any line fails, the session is left as it was before.
    public func restore(_ lines: [String]) throws -> Int {
        let saved = journal
        let (savedState, savedStack) = (state, undoStack)
        journal = nil
        recordsRuns = false
        defer { journal = saved; recordsRuns = true }
        do {
            for line in lines {
                if line == "undo" { try undo(1); continue }
                _ = try execute(line)
            }
        } catch {
            (state, undoStack) = (savedState, savedStack)
            throw error
        }
        try saved?.start(with: recordedLines)
        return undoStack.count
    }
}
