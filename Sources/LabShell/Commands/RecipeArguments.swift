import LabData
import LabML

/// The keys shared by commands that train models over and over (`cv`, `tune`, `curve`):
/// the target, the features and every model parameter, read into a `ModelRecipe`.
enum RecipeArguments {
    static let keys: [KeySpec] = [
        KeySpec("target", .column, help: "the column to predict"),
        TrainCommand.featuresKey,
    ] + TrainCommand.parameterKeys.filter { $0.name != "seed" }

    static let searchKeys: [KeySpec] = [
        KeySpec("folds", .integer(min: 2, max: 100), default: "5", help: "how many folds"),
        KeySpec("metric", .text, help: "what to score (default: accuracy for classifiers, r2 for regression; auc = ROC AUC)"),
        KeySpec("seed", .seed, default: "42", alwaysRecorded: true, help: "shuffles the rows into folds (and seeds the model, for kinds with randomness)"),
    ]

    static func recipe(_ args: Arguments, kind: ModelKind, _ context: CommandContext) throws -> (ModelRecipe, Frame) {
        let frame = try context.state.requireCurrent()
        if let target = args.string("target"), frame.index(of: target) == nil { throw Trainer.unknownTarget(target, in: frame) }
        var given: [String: String] = [:]
        for key in TrainCommand.parameterKeys.map(\.name) where key != "seed" { if let v = args.string(key) { given[key] = v } }
        // One seed= serves both the folds and, for kinds that take one, the model.
        if kind.parameters.contains(where: { $0.name == "seed" }) { given["seed"] = String(args.seed()) }
        let recipe = ModelRecipe(kind: kind, target: args.string("target"), features: args.list("features"), parameters: given,
                                 prep: context.state.pipeline(for: frame.name))
        return (recipe, frame)
    }

    /// Cell of a mean ± std.
    static func meanStd(_ m: MeanStd) -> Cell { .text("\(NumberFormat.fixed(m.mean, decimals: 4)) ± \(NumberFormat.fixed(m.std, decimals: 4))") }
}
