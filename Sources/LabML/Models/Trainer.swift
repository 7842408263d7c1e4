import LabData

/// Turns `train KIND target=... [params]` into a trained model: checks the parameters
/// against the kind, takes the training rows (the split's, or all), builds the matrix.
public enum Trainer {
    /// The full parameter set for `kind`: given values checked, defaults filled in.
    public static func parameters(for kind: ModelKind, given: [String: String]) throws -> [String: String] {
        let specs = kind.parameters
        for name in given.keys where !specs.contains(where: { $0.name == name }) {
            let known = specs.map { "\($0.name)=" }
            throw DataError("\(name)= is not a parameter of \(kind.rawValue)\(Suggestion.didYouMean(name, in: specs.map(\.name)))",
                            hint: known.isEmpty ? "\(kind.rawValue) has no parameters" : "\(kind.rawValue) takes: \(known.joined(separator: ", "))")
        }
        var out: [String: String] = [:]
        for spec in specs {
            let text = given[spec.name] ?? spec.defaultValue
            switch spec.kind {
            case .number(let lo, let hi):
                guard let v = Double(text), v.isFinite, v >= lo, v <= hi else {
                    throw DataError("\(spec.name)=\(text) is not valid for \(kind.rawValue): expected a number from \(NumberText.short(lo)) to \(NumberText.short(hi))",
                                    hint: spec.help)
                }
                out[spec.name] = text
            case .integer(let lo, let hi):
                guard let v = Int(text), v >= lo, v <= hi else {
                    throw DataError("\(spec.name)=\(text) is not valid for \(kind.rawValue): expected an integer from \(lo) to \(hi)", hint: spec.help)
                }
                out[spec.name] = String(v)
            case .choice(let options):
                guard options.contains(text) else {
                    throw DataError("\(spec.name)=\(text) is not valid for \(kind.rawValue)\(Suggestion.didYouMean(text, in: options))",
                                    hint: "expected one of: \(options.joined(separator: ", "))")
                }
                out[spec.name] = text
            }
        }
        return out
    }

    public static func train(_ kind: ModelKind, name: String, frame: Frame, target: String, features requested: [String]?,
                             parameters given: [String: String], prep: PrepPipeline) throws -> TrainedModel {
        let params = try parameters(for: kind, given: given)
        _ = try frame.column(target)
        let features = try TrainingData.featureNames(frame, target: target, requested: requested)
        let rows = TrainingRows(frame).rows
        let x = try TrainingData.matrix(frame, features: features, rows: rows)
        let y = try TrainingData.target(frame, name: target, rows: rows, task: kind.task)
        if x.rows <= 1 { throw DataError("only \(x.rows) training row", hint: "a model needs more rows to learn from") }
        let fitted: FittedModel
        switch (kind, y) {
        case (.linear, .values(let v)): fitted = .linear(try LinearModel.ordinaryLeastSquares(x, v))
        case (.ridge, .values(let v)): fitted = .linear(try LinearModel.ridge(x, v, alpha: Double(params["alpha"]!)!))
        case (.lasso, .values(let v)):
            fitted = .linear(try LinearModel.lasso(x, v, alpha: Double(params["alpha"]!)!, maxIterations: Int(params["max_iter"]!)!,
                                                   tolerance: Double(params["tol"]!)!))
        case (.logistic, .classes(let labels, let yi)):
            fitted = .logistic(try LogisticModel.fit(x, classes: labels, y: yi, c: Double(params["C"]!)!,
                                                     penalized: params["penalty"] == "l2", maxIterations: Int(params["max_iter"]!)!))
        default:
            throw DataError("\(kind.rawValue) cannot learn target '\(target)'", hint: "choose a model for this kind of target")
        }
        return TrainedModel(name: name, kind: kind, task: kind.task, parameters: params, features: features, target: target,
                            frame: frame.name, trainingRows: x.rows, dataHash: hash(x, y), prep: prep, fitted: fitted)
    }

    /// SHA-256 of the exact numbers the model saw: features row by row, then the target.
    static func hash(_ x: Matrix, _ y: TrainingData.Target) -> String {
        let hasher = SHA256Hasher()
        x.storage.withUnsafeBytes { hasher.update($0) }
        switch y {
        case .values(let v): v.withUnsafeBytes { hasher.update($0) }
        case .classes(let labels, let yi):
            hasher.update(Array(labels.joined(separator: "\u{1F}").utf8))
            yi.map(Int64.init).withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finish()
    }
}
