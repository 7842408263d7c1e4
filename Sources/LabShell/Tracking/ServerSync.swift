import LabData
import LabOps

/// What a command that records something says about sending it to the tracking server:
/// nothing when all went through, a warning naming what stays queued when it did not.
enum ServerSync {
    static func send(_ items: [(MLflowSync.Kind, String)], to url: String, stateDirectory: String) -> [CommandOutput] {
        do {
            for (kind, id) in items { try MLflowSync.queue(kind, id, server: url, in: stateDirectory) }
        } catch {
            return [.warning("not queued for \(url): \(describe(error))")]
        }
        return flush(url, stateDirectory: stateDirectory)
    }

    static func send(runs: [String], to url: String, stateDirectory: String) -> [CommandOutput] {
        send(runs.map { (.run, $0) }, to: url, stateDirectory: stateDirectory)
    }

    static func flush(_ url: String, stateDirectory: String) -> [CommandOutput] {
        guard let server = try? MLflowServer(url: url) else { return [.warning("\(url) is not a valid tracking server address")] }
        let report = MLflowSync.flush(server, in: stateDirectory)
        var out: [CommandOutput] = report.refused.map { .warning("MLflow at \(url) refused \($0); it stays in lab.db only") }
        if let failure = report.failure {
            out.append(.warning("MLflow at \(url) did not take it (\(failure)); kept in lab.db, \(report.pending) item\(report.pending == 1 ? "" : "s") queued and retried with the next run or `track to=\(url)`"))
        } else if !report.sent.isEmpty {
            out.append(.message("sent to MLflow at \(url): \(report.sent.count) item\(report.sent.count == 1 ? "" : "s")"))
        }
        return out
    }
}

/// A changed run goes to the tracking server again (sending is idempotent there), so its tags,
/// note and deletion match.
func resent(_ output: CommandOutput, run id: String, _ context: CommandContext) -> CommandOutput {
    guard let server = context.state.trackingServer else { return output }
    return .group([output] + ServerSync.send(runs: [id], to: server, stateDirectory: context.environment.stateDirectory))
}
