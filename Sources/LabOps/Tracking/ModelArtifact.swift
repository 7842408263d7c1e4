import Foundation
import LabData
import LabML

/// A run keeps its model in the model-file format (docs/model-format.md), so the artifact
/// `model/model.json` of a run, of a registered version and of an MLflow export is a file that
/// `import PATH` reads as well.
extension ModelFiles {
    /// The model file's bytes (docs/model-format.md).
    public static func encoded(_ model: TrainedModel) throws -> [UInt8] {
        try JSONWriter.encode(Envelope(format: "opslab-model", format_version: formatVersion, saved_at: DatasetVersions.now(), model: model))
    }

    /// The model in `bytes`; `what` names where they came from in the messages.
    static func decoded(_ bytes: [UInt8], what: String) throws -> TrainedModel {
        struct Header: Decodable { let format: String?; let format_version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(bytes)), header.format == "opslab-model",
              let version = header.format_version else {
            throw DataError("the model stored for \(what) is not an opslab model", hint: "register a model trained by this opslab")
        }
        guard version <= formatVersion else {
            throw DataError("the model stored for \(what) was written by a newer opslab (model format \(version); this opslab reads up to \(formatVersion))",
                            hint: "use that newer opslab, or train and register the model again here")
        }
        do {
            return try JSONDecoder().decode(Envelope.self, from: Data(bytes)).model
        } catch {
            throw DataError("the model stored for \(what) is damaged", hint: "train and register it again")
        }
    }
}

extension Registry {
    /// The model a reference (`NAME@alias`, `NAME/v3`, `NAME`) points at, read from lab.db.
    public static func loadModel(_ reference: String, in stateDirectory: String) throws -> (model: TrainedModel, version: ModelVersionRecord) {
        let version = try resolve(reference, in: stateDirectory)
        return (try ModelFiles.decoded(try modelArtifact(of: version, in: stateDirectory), what: "\(version.name)/v\(version.version)"), version)
    }

    /// A model as the artifact a run keeps (and `register` points at).
    public static func artifact(of model: TrainedModel) throws -> [UInt8] { try ModelFiles.encoded(model) }
}
