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
        return order.map { name in KeySpec(name, .text, help: meanings[name]!.map(described).joined(separator: "; ")) }
    }()

    /// Shared with `cv`, `tune` and `curve`.
    static let featuresKey = KeySpec("features", .columns, help: "the input columns (default: every numeric column but the target and the columns models added: pred_*, proba_*, PC1...); an encoded column's name stands for its one-hot columns")

    static let spec = CommandSpec(
        "train", group: .models, summary: "Train a model on the training rows (all rows if there is no split)",
        positionals: [PositionalSpec("kind", .keyword(ModelKind.allCases.map(\.rawValue)), help: "the kind of model")],
        keys: [
            KeySpec("target", .text, help: "the column to predict (every kind but kmeans and pca)"),
            featuresKey,
        ] + parameterKeys,
        acceptsAlias: true, aliasNames: "model", changesState: true,
        examples: ["train logistic target=survived C=1.0 as lr", "train ridge target=mpg alpha=0.5", "train linear target=disease_progression features=bmi,bp"],
        details: "Kinds: " + ModelKind.allCases.map { "\n  \($0.rawValue.padding(13))\($0.summary)" }.joined())

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
        let encoded = try? ModelFiles.encoded(model)
        let saved = saveModelFile(model, encoded: encoded, context)
        // Scripts record every parameter of this kind, defaults included, and the features actually used.
        for key in parameterKeys.map(\.name) { context.recorded.keys[key] = model.parameters[key] }
        context.recorded.keys["features"] = model.features.joined(separator: ",")
        context.recorded.alias = name
        let tracked = run.finishTraining(model, frame: frame, line: ArgumentParser.canonicalLine(spec, context.recorded), encoded: encoded, context)
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
        if args.list("features") == nil, let note = Self.textColumnsNote(frame, target: model.target) {
            parts.append(.warning(note))
        }
        if case .linear(let fitted) = model.fitted, let dependent = fitted.dependentFeatures {
            parts.append(.warning(Self.dependenceNote(model, dependent: dependent, prep: context.state.pipeline(for: frame.name))))
        }
        if let note = Self.spreadNote(model, frame: frame, rows: training.rows) { parts.append(.warning(note)) }
        if case .logistic(let fitted) = model.fitted, !fitted.converged {
            parts.append(.warning(Self.convergenceAdvice(model, frame: frame, rows: training.rows)))
        }
        if let classes = model.classes, classes.count > 20, let column = try? frame.column(model.target), column.type.isArithmetic {
            parts.append(.warning("target '\(model.target)' has \(classes.count) distinct numbers, each learned as a class; to predict a quantity use a regression: \(ModelKind.regressionChoices)"))
        }
        let detail = [model.trainingNote, "data sha256 \(model.dataHash.prefix(12))…"].compactMap { $0 }.joined(separator: "; ")
        let does = model.target.isEmpty ? "\(model.task.rawValue) of" : "predicts \(model.target) from"
        parts.append(.message("trained \(kind.rawValue) '\(name)': \(does) \(model.features.count) feature\(model.features.count == 1 ? "" : "s") on \(model.trainingRows) rows — \(detail)"))
        if let projected { parts.append(.message(projected)) }
        if let saved { parts.append(saved) }
        return .group(parts + tracked)
    }

    /// The text columns the default features left out, and how to use those that are categories.
    static func textColumnsNote(_ frame: Frame, target: String) -> String? {
        let text = TrainingData.textColumnsLeftOut(frame, target: target.isEmpty ? nil : target)
        guard !text.isEmpty else { return nil }
        // Rows without a value say nothing of how the values repeat.
        let identifiers = text.filter { TrainingData.looksLikeIdentifier(distinct: $0.distinct, rows: $0.present) }
        let categories = text.filter { !TrainingData.looksLikeIdentifier(distinct: $0.distinct, rows: $0.present) }.map(\.name)
        func quoted(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }
        var note = "text column\(text.count == 1 ? "" : "s") \(quoted(text.map(\.name))) left out: models learn from numbers."
        if !categories.isEmpty {
            let them = categories.count < text.count ? quoted(categories) : categories.count == 1 ? "it" : "them"
            note += " To use \(them), encode \(categories.joined(separator: " ")) (one column per category) before training."
        }
        if let only = identifiers.first, identifiers.count == 1 {
            note += " '\(only.name)' has \(only.distinct) distinct values in \(only.present) rows: more like a name or an identifier than a category, best left out."
        } else if !identifiers.isEmpty {
            let each = identifiers.enumerated().map { i, c in "'\(c.name)' (\(c.distinct)\(i == 0 ? " distinct values" : "") in \(c.present)\(i == 0 ? " rows" : ""))" }
            note += " \(each.dropLast().joined(separator: ", ")) and \(each.last!) are more like names or identifiers than categories, best left out."
        }
        return note
    }

    /// Why least squares had many answers, which one it gave, and how to make it unique: a full
    /// one-hot code (whose columns sum to 1, as the intercept does) is the usual cause.
    static func dependenceNote(_ model: TrainedModel, dependent: [Int], prep: PrepPipeline) -> String {
        let unique = " Many coefficient vectors fit equally well; these are the least-norm ones, as scikit-learn's LinearRegression gives, and no one coefficient means much on its own."
        if model.trainingRows <= model.features.count {
            return "\(model.trainingRows) training rows for \(model.features.count) features: the rows do not pin the coefficients down." + unique
                + " Use fewer features (features=), more rows, or ridge"
        }
        let names = dependent.map { model.features[$0] }
        let oneHot = prep.steps.compactMap { step -> OneHotEncoder? in
            guard case .oneHot(let encoder) = step, !encoder.dropFirst, encoder.outputColumns.allSatisfy(names.contains) else { return nil }
            return encoder
        }
        var note = "features \(names.joined(separator: ", ")) are linearly dependent: some combination of them is constant"
        note += oneHot.isEmpty ? "." : " (one-hot columns of a column sum to 1 on every row, like the intercept)."
        note += unique
        if !oneHot.isEmpty {
            let columns = oneHot.map(\.column).joined(separator: " ")
            return note + " For unique coefficients, leave out one category: undo the encoding and encode \(columns) drop=first"
        }
        return note + " For unique coefficients, leave one of them out (features=), or use ridge"
    }

    /// Distances (kNN, k-means) and variances (PCA) weigh each feature by its spread: one in
    /// thousands outweighs one in units. Worth a word when the spreads differ tenfold or more.
    static func spreadNote(_ model: TrainedModel, frame: Frame, rows: [Int]?) -> String? {
        let what: String
        switch model.kind {
        case .knn: what = "kNN's distances"
        case .kmeans: what = "k-means' distances"
        case .pca: what = "PCA's components"
        default: return nil
        }
        let spreads = TrainingData.spreads(frame, features: model.features, rows: rows).filter { $0.deviation > 0 }
        guard let widest = spreads.first, let narrowest = spreads.last, widest.deviation >= 10 * narrowest.deviation else { return nil }
        func sd(_ f: (name: String, deviation: Double)) -> String { "\(f.name) (sd \(NumberFormat.significant(f.deviation, digits: 3)))" }
        let wide = spreads.prefix(2).filter { $0.deviation >= 10 * narrowest.deviation }.map(sd).joined(separator: ", ")
        return "\(what) follow the features with the largest spread: \(wide) against \(sd(narrowest)). "
            + "To let each feature count alike, standardize them first: scale \(model.features.joined(separator: " "))"
    }

    /// What to try when lbfgs stopped at max_iter: features on large scales are the usual cause.
    static func convergenceAdvice(_ model: TrainedModel, frame: Frame, rows: [Int]?) -> String {
        let maxIter = model.parameters["max_iter"] ?? "100"
        let large = TrainingData.largeScaleFeatures(frame, features: model.features, rows: rows)
        guard !large.isEmpty else {
            return "the solver stopped at max_iter=\(maxIter): raise max_iter=, or lower C= if the classes are (nearly) separable"
        }
        let named = large.prefix(4).map { "\($0.name) (up to \(NumberFormat.significant($0.largest, digits: 4)))" }
        let more = large.count > 4 ? " and \(large.count - 4) more" : ""
        return "the solver stopped at max_iter=\(maxIter); features on large scales slow it: \(named.joined(separator: ", "))\(more). Standardize them (scale \(large.map(\.name).joined(separator: " "))) or raise max_iter="
    }
}
