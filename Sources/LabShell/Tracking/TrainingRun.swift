import Foundation
import LabData
import LabML
import LabOps

/// What a `train` run records besides the generic parts (see `TrackedRun`): every parameter
/// with its default, the target and features, the training data's SHA-256, the preparation
/// pipeline, the fit's step series and test scores, and the model itself as the artifact
/// that `register` points at.
extension TrackedRun {
    func finishTraining(_ model: TrainedModel, frame: Frame, line: String, encoded: [UInt8]? = nil, _ context: CommandContext) -> [CommandOutput] {
        var params = model.parameters
        params["kind"] = model.kind.rawValue
        if !model.target.isEmpty { params["target"] = model.target }
        params["features"] = model.features.joined(separator: ",")
        let prep = model.prep.steps.map { s in let x = s.summary; return "\(x.step) \(x.column)" }.joined(separator: "; ")
        let tags = ["opslab.model": model.name, "opslab.kind": model.kind.rawValue, "opslab.frame": model.frame,
                    "opslab.data_sha256": model.dataHash, "opslab.training_rows": String(model.trainingRows),
                    "opslab.prep": prep.isEmpty ? "(none)" : prep]
        guard let json = encoded ?? (try? Registry.artifact(of: model)) else {
            discard()
            return [.warning("run not recorded: the model could not be saved")]
        }
        return finish(line: line, params: params, metrics: TrainingMetrics.of(model, frame: frame), tags: tags,
                      artifacts: [Registry.modelArtifact: Array(json)], context)
    }
}
