#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import LabData
import LabML

/// Trained models as files: `<state dir>/models/NAME.json`, written on every `train` and
/// `tune`, read back by `import`. The format is documented in docs/model-format.md:
///
///     {"format": "opslab-model", "format_version": 3, "saved_at": "...", "model": {...}}
///
/// `model` is the whole `TrainedModel` (kind, every parameter, features, target, the prep
/// pipeline with what each step learned, the fitted numbers), so a new process predicts the
/// same bits. A file of a newer `format_version` is refused, never half-read.
public enum ModelFiles {
    public static let formatVersion = 3
    public static let folderName = "models"

    struct Envelope: Codable {
        let format: String
        let format_version: Int
        let saved_at: String
        let model: TrainedModel
    }

    public static func folder(in stateDirectory: String) -> String { stateDirectory + "/" + folderName }

    public static func path(of name: String, in stateDirectory: String) -> String { folder(in: stateDirectory) + "/" + name + ".json" }

    /// Writes the model file, replacing an older one of the same name in one step. Returns its path.
    @discardableResult
    public static func save(_ model: TrainedModel, in stateDirectory: String) throws -> String {
        try save(encoded: encoded(model), name: model.name, in: stateDirectory)
    }

    /// Writes bytes made by `encoded(_:)` as the file of model `name` (so a caller that also
    /// keeps them elsewhere, as a run's artifact, encodes the model once).
    @discardableResult
    public static func save(encoded bytes: [UInt8], name: String, in stateDirectory: String) throws -> String {
        try FileIO.makeDirectory(stateDirectory)
        try FileIO.makeDirectory(folder(in: stateDirectory))
        let destination = path(of: name, in: stateDirectory)
        try FileIO.writeAtomically(bytes, to: destination)
        return destination
    }

    /// A saved model by name (from the models folder) or by path to a model file, with the file's SHA-256.
    public static func load(_ reference: String, in stateDirectory: String) throws -> (model: TrainedModel, sha256: String, path: String) {
        let byPath = reference.contains("/") || reference.hasSuffix(".json")
        let file = byPath ? reference : path(of: reference, in: stateDirectory)
        guard FileIO.exists(file) else {
            let saved = names(in: stateDirectory)
            throw DataError("no saved model \(byPath ? "file '\(file)'" : "named '\(reference)'")\(byPath ? "" : Suggestion.didYouMean(reference, in: saved))",
                            hint: saved.isEmpty ? "models are saved by train and tune into \(folder(in: stateDirectory))"
                                : "saved models: \(saved.joined(separator: ", "))")
        }
        let bytes = try FileIO.readAll(file)
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        let sha = hasher.finish()
        return (try decoded(bytes, what: "'\(file)'", again: "train the model again"), sha, file)
    }

    /// Names of the saved models, sorted.
    public static func names(in stateDirectory: String) -> [String] {
        guard let dir = opendir(folder(in: stateDirectory)) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name.hasSuffix(".json") && !name.hasPrefix(".") { out.append(String(name.dropLast(5))) }
        }
        return out.sorted()
    }
}
