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

    /// The model in `bytes`, checked: the format, a version this opslab reads, a whole document.
    /// `what` names where the bytes came from in the messages ("'m.json'", "the model stored for churn/v2");
    /// `again` says how to get a good one.
    static func decoded(_ bytes: [UInt8], what: String, again: String) throws -> TrainedModel {
        struct Header: Decodable { let format: String?; let format_version: Int? }
        let document = try? JSONDocument(bytes)
        guard let header = try? document?.decode(Header.self), header.format == "opslab-model",
              let version = header.format_version else {
            throw DataError("\(what) is not an opslab model file", hint: "model files are written by train and tune; \(again)")
        }
        guard version <= formatVersion else {
            throw DataError("\(what) was written by a newer opslab (model format \(version); this opslab reads up to \(formatVersion))",
                            hint: "use that newer opslab, or \(again)")
        }
        do {
            return try document!.decode(Envelope.self).model
        } catch {
            throw DataError("\(what) is damaged: \(String(describing: error).prefix(200))", hint: again + "; nothing was changed")
        }
    }
}

extension Registry {
    /// The model a reference (`NAME@alias`, `NAME/v3`, `NAME`) points at, read from lab.db.
    public static func loadModel(_ reference: String, in stateDirectory: String) throws -> (model: TrainedModel, version: ModelVersionRecord) {
        let version = try resolve(reference, in: stateDirectory)
        return (try ModelFiles.decoded(try modelArtifact(of: version, in: stateDirectory), what: "the model stored for \(version.name)/v\(version.version)",
                                      again: "train and register it again here"), version)
    }

    /// A model as the artifact a run keeps (and `register` points at).
    public static func artifact(of model: TrainedModel) throws -> [UInt8] { try ModelFiles.encoded(model) }
}
