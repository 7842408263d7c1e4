import LabData

/// Turns `train KIND [target=...] [params]` into a trained model: checks the parameters
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
            case .integerOrNone(let lo, let hi):
                if text.lowercased() == "none" { out[spec.name] = "none"; continue }
                guard let v = Int(text), v >= lo, v <= hi else {
                    throw DataError("\(spec.name)=\(text) is not valid for \(kind.rawValue): expected none or an integer from \(lo) to \(hi)",
                                    hint: spec.help)
                }
                out[spec.name] = String(v)
            case .columns:
                var seen = Set<String>()
                let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
                guard !names.isEmpty else {
                    throw DataError("\(spec.name)= names no column", hint: "give column names separated by commas, or none")
                }
                out[spec.name] = names == ["none"] ? "none" : names.joined(separator: ",")
            case .featureCount:
                guard FeatureCount(text) != nil else {
                    throw DataError("\(spec.name)=\(text) is not valid for \(kind.rawValue): expected sqrt, log2, none, a fraction in (0, 1] such as 0.5, or a count such as 3",
                                    hint: spec.help)
                }
                out[spec.name] = text
            }
        }
        // Defaults that follow another parameter are resolved here, so scripts record the value used.
        for spec in specs where given[spec.name] == nil {
            if let value = kind.dependentDefault(spec.name, given: out) { out[spec.name] = value }
        }
        return out
    }

    /// Trains `kind`; `target` is required by supervised kinds and refused by the others
    /// (k-means and PCA learn from the features alone).
    /// `rows` picks the rows to learn from (cross-validation folds); by default the split's training rows, or all.
    public static func train(_ kind: ModelKind, name: String, frame: Frame, target: String?, features requested: [String]?,
                             parameters given: [String: String], prep: PrepPipeline, rows: [Int]? = nil) throws -> TrainedModel {
        let params = try parameters(for: kind, given: given)
        let task = kind.task(parameters: params)
        if task.needsTarget {
            guard let target else {
                throw DataError("\(kind.rawValue) learns to predict a column: name it with target=",
                                hint: "e.g. train \(kind.rawValue) target=COLUMN")
            }
            guard frame.index(of: target) != nil else { throw unknownTarget(target, in: frame) }
        } else if let target {
            throw DataError("\(kind.rawValue) learns from the features alone; target=\(target) has no use here",
                            hint: "leave out target= (choose the input columns with features=)")
        }
        // The phase the benchmark sets beside scikit-learn's fit: from the frame's columns to the fitted model.
        return try PhaseTimes.measure("fit") {
            try fit(kind, params: params, task: task, name: name, frame: frame, target: target, features: requested, prep: prep, rows: rows)
        }
    }

    /// The frame's unknown-column error, pointing at the columns a target usually is when none is
    /// close to the name given: its few text columns, which are what a classifier usually predicts.
    public static func unknownTarget(_ target: String, in frame: Frame) -> DataError {
        let error = frame.unknownColumn(target)
        guard Suggestion.closest(to: target, in: frame.columnNames).isEmpty else { return error }
        let labels = frame.columns.filter { $0.type == .string }.map(\.name)
        guard !labels.isEmpty, labels.count <= 5 else { return error }
        let those = labels.count == 1 ? "the text column \(labels[0]) is" : "the text columns \(labels.joined(separator: ", ")) are"
        return DataError(error.message, hint: "target= names the column to predict: \(those) what a classifier predicts. \(error.hint ?? "")")
    }

    /// Checks the features as `train` reads them, on all of `rows` at once: `cv`, `tune` and the
    /// curves train on parts of those rows, and a missing value reported in "837 rows" (one fold's
    /// share) would puzzle. Throws what `train` would throw about them.
    public static func checkFeatures(_ kind: ModelKind, frame: Frame, target: String?, features requested: [String]?,
                                     parameters given: [String: String], prep: PrepPipeline, rows: [Int]) throws {
        let params = try parameters(for: kind, given: given)
        let task = kind.task(parameters: params)
        let (features, categorical) = try resolvedFeatures(params, frame: frame, target: target, requested: requested, prep: prep)
        let levels = TrainingData.textLevels(frame, features: categorical.map { features[$0] }, rows: rows)
        _ = try TrainingData.matrix(frame, features: features, rows: rows, missing: .init(kind, training: task), levels: levels)
    }

    /// The feature names a model trains on (the columns asked for, one-hot names resolved, or every
    /// usable column), and which of them categorical= makes categorical.
    private static func resolvedFeatures(_ params: [String: String], frame: Frame, target: String?, requested: [String]?,
                                         prep: PrepPipeline) throws -> (names: [String], categorical: [Int]) {
        // Text columns named in categorical= join the default features.
        let categoricalNames = params["categorical"].map { $0 == "none" ? [] : $0.split(separator: ",").map(String.init) } ?? []
        let features = try TrainingData.featureNames(frame, target: target, requested: try requested.map { try encodedNames($0, frame: frame, prep: prep) },
                                                     includingText: categoricalNames)
        return (features, try categoricalFeatures(categoricalNames, features: features, frame: frame, target: target))
    }

    private static func fit(_ kind: ModelKind, params: [String: String], task: ModelTask, name: String, frame: Frame, target: String?,
                            features requested: [String]?, prep: PrepPipeline, rows: [Int]?) throws -> TrainedModel {
        let (features, categorical) = try resolvedFeatures(params, frame: frame, target: target, requested: requested, prep: prep)
        let training = rows ?? TrainingRows(frame).rows ?? Array(0..<frame.rowCount)
        let levels = TrainingData.textLevels(frame, features: categorical.map { features[$0] }, rows: training)
        // The target's problems are reported after the features' (the matrix is checked first).
        let coded = Result { try target.map { try TrainingData.target(frame, name: $0, rows: training, task: task, kind: kind) } }
        // The data hash takes the other core while the features are read and the model fits (it is
        // quick on loaded columns, whose digests are known; new columns take about 8 ms per 10 MB).
        // Kinds that read the features in bulk read them from the columns, without a feature matrix;
        // so does boost, which bins them.
        let (fitted, dataHash) = try Parallel.alongside({ hash(frame, features: features, rows: training, target: target, (try? coded.get()) ?? nil) }) {
            let checkingFinite = !ModelFitting.readsColumnsOnce(kind, features: features.count)
            let columns = ModelFitting.fitsOnColumns.contains(kind)
                ? ColumnsAtRows(frame, features: features, rows: training, checkingFinite: checkingFinite) : nil
            let values = kind == .boost ? try TrainingData.values(frame, features: features, rows: training, levels: levels) : nil
            // Without usable columns, the matrix build names the first unusable feature.
            let x = columns == nil && values == nil
                ? try TrainingData.matrix(frame, features: features, rows: training, missing: .init(kind, training: task), levels: levels) : nil
            let y = try coded.get()
            if training.isEmpty, frame.rowCount == 0 { throw DataError.noRows(in: frame.name, "to learn from") }
            if training.count <= 1 { throw DataError("only \(training.count) training row\(training.count == 1 ? "" : "s")", hint: "a model needs more rows to learn from") }
            if let columns, let fitted = try ModelFitting.fitOnColumns(kind, parameters: params, x: columns, y: y) { return fitted }
            if let values {
                return try ModelFitting.fitBoost(parameters: params, x: values, y: y, target: target ?? "", categorical: categorical, features: features)
            }
            return try ModelFitting.fit(kind, parameters: params, x: x ?? TrainingData.matrix(frame, features: features, rows: training, missing: .init(kind, training: task), levels: levels),
                                        y: y, target: target ?? "", categorical: categorical, features: features)
        }
        return TrainedModel(name: name, kind: kind, task: task, parameters: params, features: features, target: target ?? "",
                            frame: frame.name, trainingRows: training.count, dataHash: dataHash, prep: prep, fitted: fitted,
                            featureLevels: levels.isEmpty ? nil : levels)
    }

    /// The features named by categorical= (their indices in `features`), each checked: a column of
    /// the frame and among the features.
    static func categoricalFeatures(_ names: [String], features: [String], frame: Frame, target: String?) throws -> [Int] {
        try names.map { name in
            if let i = features.firstIndex(of: name) { return i }
            guard frame.index(of: name) != nil else {
                let columns = frame.columnNames.filter { $0 != target }
                throw DataError("categorical=\(name): no column '\(name)' in frame '\(frame.name)'\(Suggestion.didYouMean(name, in: columns))",
                                hint: "categorical= names features: \(features.joined(separator: ", "))")
            }
            if name == target { throw DataError("categorical=\(name) names the target", hint: "categorical= names features, not the column predicted") }
            throw DataError("categorical=\(name) is not one of the features", hint: "add it to features=, or leave it out of categorical=")
        }
    }

    /// Requested features with each one-hot encoded column (no longer in the frame) replaced by
    /// its indicator columns, so that `encode sex` then `features=sex,age` means what it says;
    /// a column named twice (`sex,sex_male`) is used once, where it first appears. A name close
    /// to an encoded column's (`islnd`) is refused with that name suggested.
    static func encodedNames(_ names: [String], frame: Frame, prep: PrepPipeline) throws -> [String] {
        let encoders = prep.steps.reversed().compactMap { step -> OneHotEncoder? in
            guard case .oneHot(let encoder) = step, encoder.outputColumns.contains(where: { frame.index(of: $0) != nil }) else { return nil }
            return encoder
        }
        let expanded = try names.flatMap { name -> [String] in
            guard frame.index(of: name) == nil else { return [name] }
            if let encoder = encoders.first(where: { $0.column == name }) {
                return encoder.outputColumns.filter { frame.index(of: $0) != nil }
            }
            if let close = Suggestion.closest(to: name, in: encoders.map(\.column)).first {
                throw DataError("no column '\(name)' in frame '\(frame.name)' (did you mean '\(close)'?)",
                                hint: "'\(close)' was one-hot encoded; its name stands for its columns " + encoders.first { $0.column == close }!.outputColumns.joined(separator: ", "))
            }
            return [name]
        }
        var seen = Set<String>()
        return expanded.filter { seen.insert($0).inserted }
    }

    /// SHA-256 identifying the data the model learned from: the feature and row counts (so that
    /// the same columns split differently into features and target hash differently), each
    /// feature column's content digest (`Column.contentDigest`) in the order named, the training
    /// rows, then the target column's digest (and a classifier's labels in class order). Rows in
    /// increasing order, as splits give them, are hashed as a bitmap over the frame's rows (a bit
    /// per row instead of eight bytes); other orders as the list of indices. A loaded column's
    /// digest is computed once, when its dataset version is recorded, so a fit on loaded columns
    /// hashes little more than the bitmap.
    static func hash(_ frame: Frame, features: [String], rows: [Int], target: String?, _ y: TrainingData.Target?) -> String {
        let hasher = SHA256Hasher()
        [Int64(features.count), Int64(rows.count)].withUnsafeBytes { hasher.update($0) }
        for name in features {
            // Text features are categories (boost's categorical=); with any other kind they fail the matrix build, and the hash is unused.
            guard let column = try? frame.column(name) else { continue }
            hasher.update(column.contentDigest)
        }
        hashRows(rows, of: frame.rowCount, into: hasher)
        if let target, let column = try? frame.column(target) {
            hasher.update(column.contentDigest)
            if case .classes(let labels, _)? = y { hasher.update(Array(labels.joined(separator: "\u{1F}").utf8)) }
        }
        return hasher.finish()
    }

    /// Increasing rows within the frame: u64 0, the frame's row count, then ceil(count / 64) u64
    /// words with bit r % 64 of word r / 64 set for each training row r. Otherwise u64 1, then
    /// each row index as an i64.
    static func hashRows(_ rows: [Int], of count: Int, into hasher: SHA256Hasher) {
        let increasing = zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 } && (rows.first ?? 0) >= 0 && (rows.last ?? 0) < count
        guard increasing else {
            [Int64(1)].withUnsafeBytes { hasher.update($0) }
            rows.map(Int64.init).withUnsafeBytes { hasher.update($0) }
            return
        }
        var words = [UInt64](repeating: 0, count: 2 + (count + 63) / 64)
        words[1] = UInt64(count)
        words.withUnsafeMutableBufferPointer { w in
            for r in rows { w[2 &+ r &>> 6] |= 1 &<< UInt64(r & 63) }
        }
        words.withUnsafeBytes { hasher.update($0) }
    }
}
