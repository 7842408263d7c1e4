import LabData
import LabML
import LabOps

struct ImportCommand: Command {
    static let spec = CommandSpec(
        "import", group: .models, summary: "Bring a saved model (from .opslab/models or a model file) into the session",
        positionals: [PositionalSpec("model", .path, help: "a saved model's name (see `models`), a path to a model .json file, or a registered one: NAME@alias, NAME/v3")],
        keys: [KeySpec("sha256", .text, help: "expected SHA-256 of the model file; scripts pin it so replay on a changed model fails")],
        acceptsAlias: true, aliasNames: "model", changesState: true,
        examples: ["import lr", "import shared/churn_model.json as churn", "import survival@champion as champ"],
        details: """
            train and tune save every model to .opslab/models/NAME.json (format: docs/model-format.md), with its \
            preparation steps, so a new opslab — or another project — predicts exactly as the original did. \
            `predict NAME on=FRAME` applies the model's preparation to new data first.
            """)

    /// A registered version (`NAME@alias`, `NAME/v3`) from lab.db; the SHA-256 pinned is that of the
    /// stored model, so a replay after the alias moved to another version fails loudly.
    static func registered(_ reference: String, _ context: CommandContext) throws -> (TrainedModel, String, String) {
        let directory = context.environment.stateDirectory
        let (model, version) = try Registry.loadModel(reference, in: directory)
        let hasher = SHA256Hasher()
        hasher.update(try Registry.modelArtifact(of: version, in: directory))
        return (model, hasher.finish(), "the registry (\(version.name)/v\(version.version))")
    }

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let reference = args.word("model")!
        let (saved, sha256, path) = try Registry.isReference(reference) && !FileIO.exists(reference)
            ? registered(reference, context) : ModelFiles.load(reference, in: context.environment.stateDirectory)
        if let expected = args.string("sha256"), expected.lowercased() != sha256 {
            throw DataError("model file \(path) has changed since this script was saved (sha256 \(sha256.prefix(12))…, expected \(expected.prefix(12))…)",
                            hint: "retrain it, or remove sha256= to accept the new model")
        }
        let model = args.alias.map { saved.renamed($0) } ?? saved
        context.state.putModel(model)
        context.recorded.keys["sha256"] = sha256
        return .message("imported \(model.kind.rawValue) '\(model.name)' from \(displayPath(path, context.environment)): predicts "
                        + (model.target.isEmpty ? model.task.rawValue : model.target)
                        + " from \(model.features.count) features, trained on \(model.trainingRows) rows of '\(model.frame)' (data sha256 \(model.dataHash.prefix(12))…)")
    }
}
