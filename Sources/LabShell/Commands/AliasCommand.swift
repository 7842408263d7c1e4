import LabData
import LabOps

struct AliasCommand: Command {
    static let spec = CommandSpec(
        "alias", group: .tracking, summary: "Point an alias of a registered model at a version (NAME@alias)",
        positionals: [
            PositionalSpec("target", .text, help: "NAME@alias, e.g. titanic_survival@champion"),
            PositionalSpec("version", .text, help: "the version: v3 (or 3)"),
        ],
        changesState: false, examples: ["alias titanic_survival@champion v2"],
        details: "An alias moves when set again. `latest` and v1, v2, ... are reserved: they name versions already.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let target = args.word("target")!
        guard let at = target.firstIndex(of: "@"), at != target.startIndex, target.index(after: at) != target.endIndex else {
            throw UsageError("'\(target)' is not NAME@alias", hint: "e.g. alias titanic_survival@champion v2")
        }
        let name = String(target[..<at]), alias = String(target[target.index(after: at)...])
        var text = args.word("version")!
        if text.hasPrefix("v") || text.hasPrefix("V") { text.removeFirst() }
        guard let version = Int(text), version >= 1 else {
            throw UsageError("'\(args.word("version")!)' is not a version", hint: "write v2 or 2")
        }
        let directory = context.environment.stateDirectory
        try Registry.setAlias(alias, name: name, version: version, in: directory)
        var out: [CommandOutput] = [.message("\(name)@\(alias) now points at version \(version)")]
        if let server = context.state.trackingServer {
            out += ServerSync.send([(.alias, "\(name)@\(alias)")], to: server, stateDirectory: directory)
        }
        return .group(out)
    }
}
