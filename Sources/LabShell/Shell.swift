#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// The interactive shell and the piped-stdin reader: read a line, run it, render the
/// result, and journal what changed. A failed or interrupted command changes nothing.
public final class Shell {
    public let session: Session
    private let renderer: OutputRenderer
    private let errorRenderer: OutputRenderer
    private let stateDirectory: String

    public init(session: Session, environment: [String: String]) {
        self.session = session
        stateDirectory = session.environment.stateDirectory
        renderer = OutputRenderer(width: TerminalIO.width(fd: 1, environment: environment),
                                  style: Style(enabled: TerminalIO.useColor(fd: 1, environment: environment)),
                                  charset: Charset.detect(environment: environment), wrapsProse: TerminalIO.isTerminal(1))
        errorRenderer = OutputRenderer(width: TerminalIO.width(fd: 2, environment: environment),
                                       style: Style(enabled: TerminalIO.useColor(fd: 2, environment: environment)),
                                       charset: Charset.detect(environment: environment), wrapsProse: TerminalIO.isTerminal(2))
    }

    private var journalPath: String { stateDirectory + "/journal" }

    /// Interactive loop. Returns the exit status.
    public func runInteractive(restore: Bool?) -> Int32 {
        let editor = LineEditor(historyPath: stateDirectory + "/history")
        let library = LessonLibrary(directory: session.environment.lessonsDirectory, table: session.table)
        let lessonIDs = library.lessons.map(\.id)
        editor.complete = { [unowned self] text in
            let completer = Completer(table: session.table, state: session.state, catalog: session.environment.catalog, lessons: lessonIDs,
                                      stateDirectory: session.environment.stateDirectory)
            let found = completer.complete(text)
            return (found.word, found.candidates, completer.completesListItem(text))
        }
        // Wrapped at spaces (an 80-column terminal would cut it mid-word), then the name in bold.
        let name = "opslab \(session.environment.version)"
        let greeting = TextWrap.wrap(name + " — MLOps sandbox. Start with `lessons`, `help` or `load titanic`.",
                                     width: renderer.width, indent: "")
        TerminalIO.write(renderer.style.bold(name) + greeting.dropFirst(name.count) + "\n", to: 1)
        if let notice = library.unfinishedNotice(stateDirectory: stateDirectory) { TerminalIO.write(notice + "\n", to: 1) }
        offerRestore(restore: restore) {
            editor.prompt = "restore it? [Y/n] "
            // Only an answer counts: a command typed here by habit asks again instead of meaning yes.
            while case .line(let answer) = editor.read() {
                switch answer.trimmingCharacters().lowercased() {
                case "", "y", "yes": return true
                case "n", "no": return false
                default: TerminalIO.write("please answer y or n (Enter means yes)\n", to: 2)
                }
            }
            return false
        }
        editor.prompt = prompt
        var pending = ""
        while true {
            switch editor.read() {
            case .endOfInput:
                TerminalIO.write("\n", to: 2)
                return finish(status: 0)
            case .interrupted:
                pending = ""
                editor.prompt = prompt
                TerminalIO.write("^C\n", to: 2)
                continue
            case .line(let line):
                if line.hasSuffix("\\") {
                    pending += String(line.dropLast()) + " "
                    editor.prompt = "   ...> "
                    continue
                }
                let full = pending + line
                pending = ""
                // History holds the whole command, so Up brings it back in one piece.
                editor.remember(full)
                if case .exit = execute(full, location: nil) { return finish(status: 0) }
                editor.prompt = prompt
            }
        }
    }

    /// `opslab> `, or `opslab[3/12 prep]> ` while a lesson runs.
    private var prompt: String {
        session.lesson.map { "opslab[\($0.promptLabel)]> " } ?? "opslab> "
    }

    /// Reads commands from a non-terminal stdin, e.g. `opslab < script.lab`.
    public func runPiped(restore: Bool?) -> Int32 {
        let source = LineSource(fd: 0)
        offerRestore(restore: restore) { false }
        var lineNumber = 0
        var failed = false
        while let (text, count) = LogicalLines.join(source.next) {
            Cancellation.reset()
            lineNumber += count
            switch execute(text, location: "<stdin>:\(lineNumber - count + 1)") {
            case .exit: return finish(status: failed ? 1 : 0)
            case .failed: failed = true
            case .ok: break
            }
        }
        return finish(status: failed ? 1 : 0)
    }

    enum Step { case ok, failed, exit }

    private func execute(_ line: String, location: String?) -> Step {
        let meter = TerminalIO.isTerminal(2) ? ProgressMeter(unicode: renderer.charset == .unicode, width: errorRenderer.width) : nil
        do {
            let outcome = try session.execute(line)
            meter?.stop()
            if let text = renderer.render(outcome.output) { TerminalIO.write(text + "\n", to: 1) }
            if let feedback = outcome.feedback, let text = renderer.render(feedback) { TerminalIO.write(text + "\n", to: 1) }
            return outcome.request == .exit ? .exit : .ok
        } catch is CancelledError {
            meter?.stop()
            // On a fresh line: the ^C the terminal echoed sits where the output stopped.
            TerminalIO.write("\n" + errorRenderer.style.yellow("cancelled") + " — the session is unchanged\n", to: 2)
            return .failed
        } catch {
            meter?.stop()
            TerminalIO.write(errorRenderer.render(error: error, location: location) + "\n", to: 2)
            return .failed
        }
    }

    /// Offers to replay the journal of a session that did not exit cleanly; then starts this session's journal.
    private func offerRestore(restore: Bool?, ask: () -> Bool) {
        let orphan = Journal.orphans(in: stateDirectory).first
        let journal = Journal.claim(in: stateDirectory)
        var restoredLines: [String] = []
        if let orphan {
            let lines = orphan.lines
            // A pinned hash says nothing here: its first characters are enough to recognise the line.
            let last = (lines.last { $0 != "undo" } ?? lines.last ?? "")
                .replacing(/sha256=([0-9a-f]{12})[0-9a-f]{52}/) { "sha256=\($0.1)…" }
            TerminalIO.write("The last session here ended without `exit` (\(lines.count) command\(lines.count == 1 ? "" : "s"), last: \(last)).\n", to: 2)
            var restored = false
            if restore ?? ask() {
                do {
                    let n = try session.restore(lines)
                    restoredLines = session.recordedLines
                    restored = true
                    TerminalIO.write("restored \(n) command\(n == 1 ? "" : "s")" +
                                     (session.state.currentName.map { "; current frame: \($0)" } ?? "") + "\n", to: 2)
                } catch {
                    TerminalIO.write(errorRenderer.render(error: error, location: "restore") + "\n", to: 2)
                }
            }
            if restored {
                if orphan.path != journal.path { unlink(orphan.path) }
            } else {
                _ = rename(orphan.path, orphan.path + ".prev")
                TerminalIO.write("not restored; the old journal is kept as \(orphan.path).prev\n", to: 2)
            }
        }
        do {
            try journal.start(with: restoredLines)
            session.journal = journal
        } catch {
            TerminalIO.write(errorRenderer.render(error: error) + "\n", to: 2)
        }
    }

    private func finish(status: Int32) -> Int32 {
        session.journal?.finish()
        return status
    }
}
