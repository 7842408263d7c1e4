import LabData

/// `opslab run FILE.lab`: replays a script headless. Stops at the first failing line
/// with `file:line: message` on stderr and exit status 1.
public struct ScriptRunner {
    public let session: Session
    public let json: Bool
    /// Adds each command's run time to its JSON line; off by default so a replay's output is byte-identical.
    public let timings: Bool
    public let environment: [String: String]
    /// NAME=VALUE from the command line, for the script's ${NAME} references.
    public let parameters: [String: String]

    public init(session: Session, json: Bool, timings: Bool = false, environment: [String: String], parameters: [String: String] = [:]) {
        self.session = session
        self.json = json
        self.timings = timings
        self.environment = environment
        self.parameters = parameters
    }

    public func run(path: String) -> Int32 {
        let errors = OutputRenderer(width: 100, style: Style(enabled: TerminalIO.useColor(fd: 2, environment: environment)),
                                    charset: Charset.detect(environment: environment))
        let bytes: [UInt8]
        do {
            if !FileIO.exists(path) {
                throw UsageError("cannot read script '\(path)': no such file",
                                 hint: "give the path to a .lab script; `save session FILE.lab` in the shell writes one")
            }
            if FileIO.isDirectory(path) { throw UsageError("'\(path)' is a directory, not a script", hint: "name a .lab file inside it") }
            bytes = try FileIO.readAll(path)
        } catch {
            TerminalIO.write(errors.render(error: error) + "\n", to: 2)
            return 1
        }
        let renderer = OutputRenderer(width: TerminalIO.width(fd: 1, environment: environment), style: .plain,
                                      charset: Charset.detect(environment: environment))
        var source = SourceLines.of(bytes).makeIterator()
        var logical: [(text: String, first: Int)] = []
        var lineNumber = 0
        while let (text, count) = LogicalLines.join({ source.next() }) {
            logical.append((text, lineNumber + 1))
            lineNumber += count
        }
        // A parameter the script never refers to is a misspelt name, not a value to ignore.
        let referred = ScriptParameters.references(in: logical.map(\.text))
        if let unused = parameters.keys.sorted().first(where: { !referred.contains($0) }) {
            let known = referred.sorted()
            TerminalIO.write(errors.render(error: UsageError(
                "\(path) has no ${\(unused)}\(Suggestion.didYouMean(unused, in: known))",
                hint: known.isEmpty ? "the script takes no parameters" : "its parameters: \(known.map { "${\($0)}" }.joined(separator: ", "))")) + "\n", to: 2)
            return 1
        }
        let substitution = ScriptParameters(values: parameters, environment: environment)
        for (written, first) in logical {
            let code = Lexer.strippingComment(written)
            if code.trimmingCharacters().isEmpty { continue }
            var text = written
            do {
                let substituted = try substitution.substitute(code)
                if substituted != code { text = substituted }
                _ = PhaseTimes.take()
                let started = ContinuousClock.now
                let outcome = try session.execute(text)
                if json {
                    let elapsed = (ContinuousClock.now - started).components
                    let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
                    TerminalIO.write(JSONOutput.line(number: first, command: text.trimmingCharacters(), output: outcome.output,
                                                     seconds: timings ? seconds : nil, phases: timings ? PhaseTimes.take() : []) + "\n", to: 1)
                } else if let rendered = renderer.render(outcome.output) {
                    TerminalIO.write(rendered + "\n", to: 1)
                }
                if outcome.request == .exit { return 0 }
            } catch {
                if json { TerminalIO.write(JSONOutput.failure(number: first, command: text.trimmingCharacters(), error: error) + "\n", to: 1) }
                TerminalIO.write(errors.render(error: error, location: "\(path):\(first)") + "\n", to: 2)
                return 1
            }
        }
        return 0
    }
}
