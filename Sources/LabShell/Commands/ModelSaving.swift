import LabData
import LabML
import LabOps

/// Saves a freshly trained model to `.opslab/models/NAME.json`. Like dataset versions, the
/// file is kept on the side: if it cannot be written the command still succeeds and says so.
/// `encoded` are the model's file bytes when the caller has them already.
func saveModelFile(_ model: TrainedModel, encoded: [UInt8]? = nil, _ context: CommandContext) -> CommandOutput? {
    do {
        try ModelFiles.save(encoded: encoded ?? ModelFiles.encoded(model), name: model.name, in: context.environment.stateDirectory)
        return nil
    } catch {
        let text = (error as? LabError).map { $0.message } ?? String(describing: error)
        return .warning("model file not saved: \(text)")
    }
}
