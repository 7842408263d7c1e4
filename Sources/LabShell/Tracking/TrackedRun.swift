import LabData
import LabOps

/// A run recorded by a command: started before the work (so a process killed meanwhile leaves a
/// run that reads as FAILED), discarded when the work is refused as bad input, finished with
/// everything logged in one transaction, then sent to the tracking server if one is set.
///
///     let run = TrackedRun.start(name: "cv lr", context)
///     let result: ...
///     do { result = try work() } catch { run.discard(); throw error }
///     let notes = run.finish(params: [...], metrics: [...], context)
///
/// `cv` and `tune` make one parent run and pass `parent: parent.id` to each child, as
/// MLflow's `mlflow.parentRunId` tag does. Recording never fails the command: lab.db being
/// unusable becomes a warning after the command's own output.
struct TrackedRun {
    let handle: RunHandle?
    /// Why nothing is being recorded, shown after the command's own output.
    let warning: CommandOutput?

    var id: String? { handle?.id }

    static func start(name: String, _ context: CommandContext, tags: [String: String] = [:], parent: String? = nil) -> TrackedRun {
        guard context.recordsRuns else { return TrackedRun(handle: nil, warning: nil) }
        do {
            var all = ["mlflow.source.name": "opslab", "mlflow.source.type": "LOCAL"]
            all.merge(tags) { $1 }
            let handle = try Tracking.startRun(in: context.environment.stateDirectory, experiment: context.state.experiment, name: name,
                                               tags: all, parentRunID: parent)
            return TrackedRun(handle: handle, warning: nil)
        } catch {
            return TrackedRun(handle: nil, warning: .warning("run not recorded: \(describe(error))"))
        }
    }

    /// The work was refused (bad input): no run.
    func discard() {
        guard let handle else { return }
        try? Tracking.discard(run: handle.id, in: handle.stateDirectory)
    }

    /// Logs everything, with the session's recorded lines plus `line` as the lineage artifact,
    /// finishes the run, and sends it to the tracking server when one is set. Returns what to
    /// show after the command's output: the run id, or why it was not (fully) recorded.
    func finish(line: String, params: [String: String] = [:], metrics: [MetricPoint] = [], tags: [String: String] = [:],
                artifacts: [String: [UInt8]] = [:], _ context: CommandContext) -> [CommandOutput] {
        guard let handle else { return warning.map { [$0] } ?? [] }
        do {
            var all = artifacts
            all["lineage.lab"] = Array(((context.history.map(\.line) + [line]).joined(separator: "\n") + "\n").utf8)
            var allTags = tags
            allTags["opslab.command"] = line
            try handle.finish(params: params, metrics: metrics, tags: allTags, artifacts: all)
        } catch {
            try? handle.finish(.failed)
            return [.warning("run \(handle.id.prefix(8)) not fully recorded: \(describe(error))")]
        }
        var out: [CommandOutput] = [.message("run \(handle.id.prefix(8)) recorded in experiment '\(context.state.experiment)'")]
        if let server = context.state.trackingServer {
            out += ServerSync.send(runs: [handle.id], to: server, stateDirectory: handle.stateDirectory)
        }
        return out
    }
}

/// One line for an error shown as a warning.
func describe(_ error: any Error) -> String {
    (error as? LabError).map { e in e.message + (e.hint.map { " (\($0))" } ?? "") } ?? String(describing: error)
}
