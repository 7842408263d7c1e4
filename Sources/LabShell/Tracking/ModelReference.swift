import Foundation
import LabData
import LabML
import LabOps

/// A model named on a command line: one trained in this session (`lr`), or a registered version
/// (`churn@champion`, `churn/v3`, `churn/latest`) read from lab.db, so a fresh process can use
/// a model it never trained.
enum ModelReference {
    static func load(_ name: String, _ context: CommandContext) throws -> TrainedModel {
        guard Registry.isReference(name) else { return try context.state.model(named: name) }
        return try Registry.loadModel(name, in: context.environment.stateDirectory).model
    }

    /// The run a command line names: for the name of a model of this session, the run that
    /// trained it (names alone may be shared by runs of earlier sessions); else a run id
    /// (prefix) or a run name, as `TrackingQueries.resolve` finds it.
    static func namedRun(_ word: String, _ context: CommandContext) throws -> RunRecord {
        let directory = context.environment.stateDirectory
        if let model = context.state.models[word], let run = try run(of: model, in: directory) {
            // The one run read whole, as `resolve` returns it.
            return try TrackingQueries.runs(ids: [run.id], in: directory).first ?? run
        }
        return try TrackingQueries.resolve(word, in: directory)
    }

    /// The run that trained session model `model`: the newest run recorded for this name whose
    /// training data and parameters are the same (a model restored from the journal finds the
    /// run recorded when it was first trained).
    static func run(of model: TrainedModel, in directory: String) throws -> RunRecord? {
        // Only the runs tagged with the model's name are read: lab.db may hold thousands.
        try TrackingQueries.runs(tagged: "opslab.model", model.name, reading: RunReading(metrics: []), in: directory).last { r in
            r.tags["opslab.data_sha256"] == model.dataHash && r.params["kind"] == model.kind.rawValue && model.parameters.allSatisfy { r.params[$0.key] == $0.value }
                && r.status == .finished
        }
    }
}
