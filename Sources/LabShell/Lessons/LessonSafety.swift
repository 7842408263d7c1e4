import LabData

/// What a lesson's solution lines may do. A lesson file is data that a learner runs with
/// `skip`, so its lines are held to opslab commands that stay inside the sandbox: no lesson
/// loop or exit commands, files read and written only under `.opslab/` (bundled datasets
/// are read by name), and SQL that only queries. There is no shell escape in the language,
/// so a line that parses as an opslab command cannot run anything else.
public enum LessonSafety {
    /// The folder, relative to the working directory, that lesson lines may write into.
    public static let sandboxFolder = ".opslab/"

    public static func validate(_ line: String, table: CommandTable) throws {
        let text = Lexer.strippingComment(line)
        let tokens = try Lexer.tokenize(text)
        guard let first = tokens.first, case .word(let verb) = first.kind else {
            throw UsageError("is not a command", hint: "solutions are opslab command lines, e.g. load titanic")
        }
        let command = try table.lookup(verb)
        let spec = command.spec
        if spec.group == .lessons || spec.verb == "exit" {
            throw UsageError("`\(spec.verb)` cannot be part of a solution", hint: "solutions do the task; the lesson loop is the learner's")
        }
        let args = try ArgumentParser.parse(spec, tokens: tokens, line: text)
        for p in spec.positionals {
            for word in args.words(p.name) {
                switch p.kind {
                // `import NAME` reads .opslab/models/NAME.json; a path must stay in the sandbox like any other.
                case .path where spec.verb == "import": if word.contains("/") { try inside(word, what: "import reads") }
                case .path: try inside(word, what: "\(spec.verb) writes")
                case .source where word.hasPrefix("sqlite:"): try inside(String(word.dropFirst("sqlite:".count)), what: "load reads")
                case .source where word.contains("/") || word.hasSuffix(".csv") || word.hasSuffix(".gz"): try inside(word, what: "load reads")
                default: break
                }
            }
        }
        if spec.verb == "store", let path = args.string("to") { try inside(path, what: "store writes") }
        // Metrics files (eval, drift): any command that takes prom= writes there.
        if let path = args.string("prom") { try inside(path, what: "\(spec.verb) writes") }
        if spec.verb == "sql" {
            let query = (args.expression ?? args.words("query").joined(separator: " ")).lowercased()
            let head = query.split(whereSeparator: { $0 == " " || $0 == "(" }).first.map(String.init) ?? ""
            guard head == "select" || head == "with", !query.contains("attach"), !query.contains("vacuum") else {
                throw UsageError("a lesson's sql only queries (SELECT or WITH)", hint: "store and load move data in a lesson")
            }
        }
    }

    /// A relative path under `.opslab/`, with no `..` to climb out of it.
    static func inside(_ path: String, what: String) throws {
        let parts = path.split(separator: "/")
        guard path.hasPrefix(sandboxFolder), !parts.contains(".."), parts.count > 1 else {
            throw UsageError("\(what) '\(path)', outside \(sandboxFolder)",
                             hint: "a lesson may only touch files under \(sandboxFolder), e.g. \(sandboxFolder)lesson.lab")
        }
    }
}
