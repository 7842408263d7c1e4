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

    public struct Outcome: Sendable {
        public let output: CommandOutput
        public let request: SessionRequest?
        /// The canonical line recorded for a state-changing command.
        public let recorded: String?
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
        let command = try table.lookup(verb)
        let args = try ArgumentParser.parse(command.spec, tokens: tokens, line: text)
        var context = CommandContext(state: state, environment: environment, recorded: args, request: nil,
                                     history: historyEntries, table: table, recordsRuns: recordsRuns)
        // The flag is cleared when a line is read, not here: a Ctrl-C pressed just after Enter still cancels.
        let output = try command.run(args, &context)
        try Cancellation.check()

        switch context.request {
        case .undo(let steps):
            try undo(steps)
            return Outcome(output: output, request: context.request, recorded: nil)
        case .saveScript(let path):
            try ScriptWriter.write(lines: recordedLines, pins: state.pins, version: environment.version, to: path)
            return Outcome(output: output, request: context.request, recorded: nil)
        case .exit, nil:
            break
        }
        guard command.spec.changesState, context.changedState else { return Outcome(output: output, request: context.request, recorded: nil) }
        let recorded = ArgumentParser.canonicalLine(command.spec, context.recorded)
        try journal?.append(recorded)
        undoStack.append((recorded, state))
        state = context.state
        return Outcome(output: output, request: context.request, recorded: recorded)
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
