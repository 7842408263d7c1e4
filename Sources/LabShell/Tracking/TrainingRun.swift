import Foundation
import LabData
import LabML
import LabOps

/// The run a `train` records in lab.db. It is started before the fit, so that a process killed
/// while fitting leaves a run that reads as FAILED; a fit refused for bad input discards it
/// (a typo is not an experiment). Everything else is logged and the run finished in one
/// transaction once the model exists.
struct TrainingRun {
    let handle: RunHandle?
    /// Why nothing is being recorded (lab.db unusable), shown after the command's own output.
    let warning: CommandOutput?

    static func start(name: String, _ context: CommandContext) -> TrainingRun {
        guard context.recordsRuns else { return TrainingRun(handle: nil, warning: nil) }
        do {
            let handle = try Tracking.startRun(in: context.environment.stateDirectory, experiment: context.state.experiment, name: name,
                                               tags: ["mlflow.source.name": "opslab", "mlflow.source.type": "LOCAL"])
            return TrainingRun(handle: handle, warning: nil)
        } catch {
            return TrainingRun(handle: nil, warning: .warning("run not recorded: \(describe(error))"))
        }
    }

    /// The fit failed on bad input: no run.
    func discard() {
        guard let handle else { return }
        try? Tracking.discard(run: handle.id, in: handle.stateDirectory)
    }

    /// Logs the model's params, metrics, tags, lineage and the model itself, and finishes the run.
    /// Returns what to show after the command's output (the run id, or why it was not recorded).
    func finish(_ model: TrainedModel, frame: Frame, line: String, _ context: CommandContext) -> [CommandOutput] {
        guard let handle else { return warning.map { [$0] } ?? [] }
        do {
            var params = model.parameters
            params["kind"] = model.kind.rawValue
            if !model.target.isEmpty { params["target"] = model.target }
            params["features"] = model.features.joined(separator: ",")
            let prep = model.prep.steps.map { s in let x = s.summary; return "\(x.step) \(x.column)" }.joined(separator: "; ")
            let tags = ["opslab.command": line, "opslab.model": model.name, "opslab.kind": model.kind.rawValue,
                        "opslab.frame": model.frame, "opslab.data_sha256": model.dataHash,
                        "opslab.training_rows": String(model.trainingRows), "opslab.prep": prep.isEmpty ? "(none)" : prep]
            let lineage = (context.history.map(\.line) + [line]).joined(separator: "\n") + "\n"
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let artifacts = [Registry.modelArtifact: Array(try encoder.encode(model)), "lineage.lab": Array(lineage.utf8)]
            try handle.log(params: params, metrics: TrainingMetrics.of(model, frame: frame), tags: tags, artifacts: artifacts)
            try handle.finish()
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
