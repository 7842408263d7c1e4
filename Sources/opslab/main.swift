#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData
import LabShell

/// opslab — the shell, `opslab run FILE.lab [--json [--timings]] [--new-data]`, `--version`.
let usage = """
usage: opslab                      start the shell (reads commands from stdin when it is not a terminal)
       opslab run FILE.lab [--json] replay a saved session headless
                 [NAME=VALUE ...]  values for the script's ${NAME} (else the environment's, else ${NAME:-default})
                 [--timings]       with --json: each command's run time in seconds
                 [--new-data]      go on when a loaded file changed since the script was saved (a warning says so)
       opslab --restore | --no-restore   start, restoring (or not) an unfinished session without asking
       opslab lesson lint           check every lesson: it parses, and its solutions replay and pass their checks
       opslab --version

"""

func environmentVariables() -> [String: String] {
    var out: [String: String] = [:]
    var p = environ
    while let entry = p.pointee {
        let s = String(cString: entry)
        if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
        p += 1
    }
    return out
}

func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func makeSession(_ env: [String: String], acceptsNewData: Bool = false) -> Session? {
    let cwd = currentDirectory()
    let state = env["OPSLAB_HOME"] ?? cwd + "/.opslab"
    do {
        try FileIO.makeDirectory(state)
    } catch {
        TerminalIO.write("error: \(error)\n", to: 2)
        return nil
    }
    let catalog = DatasetCatalog.locate(environment: env)
    let environment = Environment(workingDirectory: cwd, stateDirectory: state, catalog: catalog, version: OpslabVersion.current,
                                  lessonsDirectory: LessonLibrary.locate(environment: env, catalog: catalog), acceptsNewData: acceptsNewData)
    return Session(environment: environment)
}

let arguments = Array(CommandLine.arguments.dropFirst())
ProcessMemory.keepReleasedBlocks()
let env = environmentVariables()

if arguments.first == "--version" || arguments.first == "-V" {
    TerminalIO.write("opslab \(OpslabVersion.current)\n", to: 1)
    exit(0)
}
if arguments.first == "--help" || arguments.first == "-h" || arguments.first == "help" {
    TerminalIO.write(usage, to: 1)
    exit(0)
}
TerminalIO.installInterruptHandler()

if arguments.first == "run" {
    let rest = arguments.dropFirst()
    let options = ["--json", "--timings", "--new-data"]
    let json = rest.contains("--json")
    let timings = rest.contains("--timings")
    // NAME=VALUE words are the script's parameters (${NAME} in it).
    let settings = rest.filter { word in word.firstIndex(of: "=").map { ScriptParameters.isName(word[..<$0]) } ?? false }
    let files = rest.filter { !options.contains($0) && !settings.contains($0) }
    if let option = files.first(where: { $0.hasPrefix("-") }) {
        TerminalIO.write("error: unknown option '\(option)' for run\(Suggestion.didYouMean(option, in: options))\n" + usage, to: 2)
        exit(2)
    }
    if let bad = files.first(where: { $0.contains("=") && !FileIO.exists($0) }) {
        TerminalIO.write("error: '\(bad)' is not a parameter: parameters are NAME=VALUE, the name letters, digits and _ (not starting with a digit)\n" + usage, to: 2)
        exit(2)
    }
    guard files.count == 1, let path = files.first else {
        TerminalIO.write("error: run needs one script file\n" + usage, to: 2)
        exit(2)
    }
    let parameters: [String: String]
    do {
        parameters = try ScriptParameters.parse(settings)
    } catch {
        TerminalIO.write("error: \((error as? LabError)?.message ?? "\(error)")\n" + usage, to: 2)
        exit(2)
    }
    guard let session = makeSession(env, acceptsNewData: rest.contains("--new-data")) else { exit(1) }
    exit(ScriptRunner(session: session, json: json, timings: timings, environment: env, parameters: parameters).run(path: path))
}

if arguments.first == "lesson" {
    guard arguments.dropFirst().first == "lint", arguments.count == 2 else {
        TerminalIO.write("error: opslab lesson takes: lint\n" + usage, to: 2)
        exit(2)
    }
    exit(LessonLint.run(environment: env))
}

var restore: Bool?
for a in arguments {
    switch a {
    case "--restore": restore = true
    case "--no-restore": restore = false
    default:
        TerminalIO.write("error: unknown argument '\(a)'\n" + usage, to: 2)
        exit(2)
    }
}
guard let session = makeSession(env) else { exit(1) }
let shell = Shell(session: session, environment: env)
exit(TerminalIO.isTerminal(0) ? shell.runInteractive(restore: restore) : shell.runPiped(restore: restore))
