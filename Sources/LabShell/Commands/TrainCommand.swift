import LabData
import LabML
import LabOps

struct TrainCommand: Command {
    /// Every model parameter, once; `train` checks which ones the chosen kind takes.
    /// Every kind's parameters as keys. A key that means different things to different kinds
    /// (tol=: the duality gap for lasso, the gradient for logistic) gives each meaning with its kinds.
    static let parameterKeys: [KeySpec] = {
        var order: [String] = []
        var meanings: [String: [(help: String, kinds: [String], defaults: [String])]] = [:]
        for kind in ModelKind.allCases {
            for p in kind.parameters {
                if meanings[p.name] == nil { order.append(p.name) }
                if let i = meanings[p.name]?.firstIndex(where: { $0.help == p.help }) {
                    meanings[p.name]![i].kinds.append(kind.rawValue)
                    meanings[p.name]![i].defaults.append(p.defaultValue)
                } else {
                    meanings[p.name, default: []].append((p.help, [kind.rawValue], [p.defaultValue]))
                }
            }
        }
        // Each meaning with its kinds and defaults: "rows every leaf keeps at least (tree default 1, forest default 1, boost default 20)".
        func described(_ m: (help: String, kinds: [String], defaults: [String])) -> String {
            if Set(m.defaults).count == 1 { return "\(m.help) (\(m.kinds.joined(separator: ", ")); default \(m.defaults[0]))" }
            return "\(m.help) (" + zip(m.kinds, m.defaults).map { "\($0) default \($1)" }.joined(separator: ", ") + ")"
        }
        // categorical= names columns: completed as features= is.
        return order.map { name in KeySpec(name, name == "categorical" ? .columns : .text, help: meanings[name]!.map(described).joined(separator: "; ")) }
    }()

    /// Shared with `cv`, `tune` and `curve`.
    static let featuresKey = KeySpec("features", .columns, help: "the input columns (default: every numeric column but the target and the columns models added: pred_*, proba_*, PC1...); an encoded column's name stands for its one-hot columns")

    static let spec = CommandSpec(
        "train", group: .models, summary: "Train a model on the training rows (all rows if there is no split)",
        positionals: [PositionalSpec("kind", .keyword(ModelKind.allCases.map(\.rawValue)), help: "the kind of model")],
        keys: [
            KeySpec("target", .column, help: "the column to predict (every kind but kmeans and pca)"),
            featuresKey,
        ] + parameterKeys,
        acceptsAlias: true, aliasNames: "model", changesState: true,
        examples: ["train logistic target=survived C=1.0 as lr", "train ridge target=mpg alpha=0.5", "train linear target=disease_progression features=bmi,bp",
                   "train boost target=survived categorical=sex,embarked"],
        details: "Kinds: " + ModelKind.allCases.map { "\n  \($0.rawValue.padding(13))\($0.summary)" }.joined()
            + "\n\n" + missingValuesNote)

    /// Which kinds learn from rows with gaps, for `help train`.
    private static let missingValuesNote: String = {
        let kinds = ModelKind.allCases.filter(\.takesMissingValues).map(\.rawValue)
        return kinds.dropLast().joined(separator: ", ") + " and " + kinds.last!
            + " take missing feature values as they are: each split learns which side they go, as scikit-learn's do. "
            + "The other kinds need them filled first (impute).\n\n"
            + "boost takes categories as they are: categorical=sex,embarked names text columns (or number codes) whose values "
            + "are categories, and each split sends a set of them left, as scikit-learn's categorical_features; "
            + "the other kinds need text encoded first (encode)."
    }()

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let kind = ModelKind(rawValue: args.word("kind")!)!
        var given: [String: String] = [:]
        for key in parameterKeys.map(\.name) { if let v = args.string(key) { given[key] = v } }
        let name = args.alias ?? kind.rawValue
        let run = TrackedRun.start(name: name, context)
        let model: TrainedModel
        do {
            model = try Trainer.train(kind, name: name, frame: frame, target: args.string("target"), features: args.list("features"),
                                      parameters: given, prep: context.state.pipeline(for: frame.name))
        } catch {
            run.discard()
            throw error
        }
        context.state.putModel(model)
        let training = TrainingRows(frame)
        var projected: String?
        if let projection = PCAProjection(model) {
            // The components join the frame as a recorded step, so later models can learn from them and new data gets them too.
            context.state.replaceCurrent(try projection.apply(to: frame))
            context.state.appendStep(.project(projection), to: frame.name, fittedOnAllRows: !training.isSplit)
            projected = "added \(projection.model.columnNames.joined(separator: ", ")) to '\(frame.name)' as a preparation step (`prep` lists it); name them with features= to train on them"
        }
        // One encoding serves the model file and the run's artifact (a kNN model holds its training rows).
        let encoded = Progress.activity("saving the model") { PhaseTimes.measure("encode") { try? ModelFiles.encoded(model) } }
        let saved = Progress.activity("saving the model") { PhaseTimes.measure("save") { saveModelFile(model, encoded: encoded, context) } }
        // Scripts record every parameter of this kind, defaults included, and the features actually used.
        for key in parameterKeys.map(\.name) { context.recorded.keys[key] = model.parameters[key] }
        context.recorded.keys["features"] = model.features.joined(separator: ",")
        context.recorded.alias = name
        let tracked = Progress.activity("recording the run") {
            PhaseTimes.measure("track") {
                run.finishTraining(model, frame: frame, line: ArgumentParser.canonicalLine(spec, context.recorded), encoded: encoded, context)
            }
        }
        var parts: [CommandOutput] = []
        // Unsupervised models (no target) are usually fit on every row: nothing there is scored against held-out truth.
        if !training.isSplit && !model.target.isEmpty {
            parts.append(.warning("no split: trained on all \(frame.rowCount) rows, so any evaluation on them will be optimistic. Split first (split test=0.2)."))
        }
        let constant = TrainingData.constantFeatures(frame, features: model.features, rows: training.rows)
        if !constant.isEmpty {
            let list = constant.map { "'\($0)'" }.joined(separator: ", ")
            parts.append(.warning("feature\(constant.count == 1 ? "" : "s") \(list) \(constant.count == 1 ? "is" : "are") constant in the training rows and cannot help the model; leave \(constant.count == 1 ? "it" : "them") out with features= or drop \(constant.joined(separator: " "))"))
        }
        if args.list("features") == nil, let note = TrainingAdvice.textColumnsNote(frame, model: model) {
            parts.append(.warning(note))
        }
        if case .linear(let fitted) = model.fitted, let dependent = fitted.dependentFeatures {
            parts.append(.warning(TrainingAdvice.dependenceNote(model, dependent: dependent, prep: context.state.pipeline(for: frame.name))))
        }
        if let note = TrainingAdvice.spreadNote(model, frame: frame, rows: training.rows) { parts.append(.warning(note)) }
        if let note = TrainingAdvice.leakNote(model, frame: frame, rows: training.rows) { parts.append(.warning(note)) }
        if case .logistic(let fitted) = model.fitted, !fitted.converged {
            parts.append(.warning(TrainingAdvice.convergenceAdvice(model, frame: frame, rows: training.rows)))
        }
        if let classes = model.classes, classes.count > 20, let column = try? frame.column(model.target), column.type.isArithmetic {
            parts.append(.warning("target '\(model.target)' has \(classes.count) distinct numbers, each learned as a class; to predict a quantity use a regression: \(ModelKind.regressionChoices)"))
        }
        let detail = [model.trainingNote, "data sha256 \(model.dataHash.prefix(12))…"].compactMap { $0 }.joined(separator: "; ")
        let does = model.target.isEmpty ? "\(model.task.rawValue) of" : "predicts \(model.target) from"
        parts.append(.message("trained \(kind.rawValue) '\(name)': \(does) \(model.features.count) feature\(model.features.count == 1 ? "" : "s") on \(model.trainingRows) rows — \(detail)"))
        if let projected { parts.append(.message(projected)) }
        if let note = TrainingAdvice.missingValuesNote(model, frame: frame, rows: training.rows) { parts.append(.message(note)) }
        if let saved { parts.append(saved) }
        return .group(parts + tracked)
    }
}
