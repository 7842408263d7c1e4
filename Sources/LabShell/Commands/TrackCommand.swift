import LabData
import LabOps

struct TrackCommand: Command {
    static let spec = CommandSpec(
        "track", group: .tracking, summary: "Also send every run to an MLflow tracking server (or stop: track off)",
        positionals: [PositionalSpec("off", .keyword(["off"]), optional: true, help: "stop sending")],
        keys: [
            KeySpec("to", .text, help: "the server, e.g. http://127.0.0.1:5000"),
            KeySpec("all", .flag, default: "false", help: "also send the runs, versions and aliases recorded before now"),
        ],
        changesState: true, examples: ["track to=http://127.0.0.1:5000", "track to=http://127.0.0.1:5000 all=true", "track", "track off"],
        details: """
            Runs are always recorded in .opslab/lab.db first; with a server set, each run, registered version and alias is
            then sent through MLflow's REST API. If the server cannot be reached, what was not sent stays queued in lab.db and
            is sent with the next run or the next `track to=`. `track` alone shows the server and the queue.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        if args.word("off") != nil {
            guard let current = context.state.trackingServer else { context.changedState = false; return .message("not sending runs to a server") }
            context.state.trackingServer = nil
            return .message("stopped sending runs to \(current); they are still recorded in lab.db")
        }
        guard let url = args.string("to") else {
            if args.bool("all") { throw UsageError("all=true needs the server: track to=URL all=true", hint: "e.g. track to=http://127.0.0.1:5000 all=true") }
            context.changedState = false
            let queued = try MLflowSync.pending(in: directory)
            let target = context.state.trackingServer.map { "sending runs to \($0)" } ?? "recording runs in lab.db only"
            return .message("\(target); \(queued.count) item\(queued.count == 1 ? "" : "s") queued for a server" + (queued.isEmpty ? "" : ": " + Set(queued.map(\.server)).sorted().joined(separator: ", ")))
        }
        let server = try MLflowServer(url: url)
        context.recorded.keys["to"] = server.url
        // Restoring a journal after a crash must not depend on the server being up now.
        guard context.recordsRuns else {
            context.state.trackingServer = server.url
            return .message("sending runs to \(server.url)")
        }
        let version: String
        do {
            version = try server.check()
        } catch let e as HTTPClient.Unreachable {
            throw UsageError("cannot reach an MLflow server at \(server.url): \(e.description)",
                             hint: "start one (mlflow server --host 127.0.0.1 --port 5000) and try again; runs stay recorded in lab.db meanwhile")
        } catch let e as MLflowServer.Failure {
            throw UsageError("\(server.url) is not a usable MLflow tracking server: \(e.description)", hint: "check the address and the server's version (MLflow 2 or newer)")
        }
        context.state.trackingServer = server.url
        var out: [CommandOutput] = [.message("sending runs to MLflow \(version) at \(server.url) (and recording them in lab.db)")]
        if args.bool("all") {
            // Everything recorded so far; runs the server already has are brought up to date there, not made twice.
            var items: [(MLflowSync.Kind, String)] = try TrackingQueries.runs(in: directory, experiment: nil, includeDeleted: true, reading: .rowsOnly).map { (.run, $0.id) }
            for m in try Registry.models(in: directory) {
                items += m.versions.map { (.version, "\(m.name)/\($0.version)") }
                items += m.aliases.keys.sorted().map { (.alias, "\(m.name)@\($0)") }
            }
            for (kind, id) in items { try MLflowSync.queue(kind, id, server: server.url, in: directory) }
        }
        out += ServerSync.flush(server.url, stateDirectory: directory)
        return .group(out)
    }
}
