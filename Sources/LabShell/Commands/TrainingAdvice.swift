import LabData
import LabML

/// What `train` says besides the model: the habits of a new practitioner that a fit can spot
/// (text columns left out, a dependent one-hot code, features on unequal scales) and the
/// command that fixes each.
enum TrainingAdvice {
    /// The text columns the default features left out, and how to use those that are categories
    /// (for boost, which can take them as they are, that first).
    static func textColumnsNote(_ frame: Frame, model: TrainedModel) -> String? {
        let text = TrainingData.textColumnsLeftOut(frame, target: model.target.isEmpty ? nil : model.target).filter { !model.features.contains($0.name) }
        guard !text.isEmpty else { return nil }
        // Rows without a value say nothing of how the values repeat.
        let identifiers = text.filter { TrainingData.looksLikeIdentifier(distinct: $0.distinct, rows: $0.present) }
        // Columns that give the class away are not worth encoding: named as leaks instead.
        let leaks = model.classes == nil ? [] : Self.leaks(frame, columns: text.map(\.name), target: model.target, rows: TrainingRows(frame).rows)
        let categoryColumns = text.filter { c in
            !TrainingData.looksLikeIdentifier(distinct: c.distinct, rows: c.present) && !leaks.contains { $0.column == c.name }
        }
        let categories = categoryColumns.map(\.name)
        // encode refuses gaps unless told to make them a category of their own.
        let gaps = categoryColumns.filter { $0.present < frame.rowCount }.map(\.name)
        func quoted(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }
        var note = "text column\(text.count == 1 ? "" : "s") \(quoted(text.map(\.name))) left out: models learn from numbers."
        if !categories.isEmpty {
            let them = categories.count < text.count ? quoted(categories) : categories.count == 1 ? "it" : "them"
            let each = gaps.isEmpty ? "one column per category"
                : "one column per category; the gaps in \(gaps.joined(separator: ", ")) become a category of their own"
            if model.kind == .boost {
                let named = (model.parameters["categorical"].map { $0 == "none" ? [] : [$0] } ?? []) + categories
                note += " To use \(them), train with categorical=\(named.joined(separator: ",")): boost splits on \(categories.count == 1 ? "its" : "their") "
                    + "categories as they are\(gaps.isEmpty ? "" : ", gaps included")."
            } else {
                note += " To use \(them), encode \(categories.joined(separator: " "))\(gaps.isEmpty ? "" : " missing=category") (\(each)) before training."
            }
        }
        note += leaks.map { " " + $0.text + ": likely filled in from the outcome (target leakage), best left out." }.joined()
        if let only = identifiers.first, identifiers.count == 1 {
            note += " '\(only.name)' has \(only.distinct) distinct values in \(only.present) rows: more like a name or an identifier than a category, best left out."
        } else if !identifiers.isEmpty {
            let each = identifiers.enumerated().map { i, c in "'\(c.name)' (\(c.distinct)\(i == 0 ? " distinct values" : "") in \(c.present)\(i == 0 ? " rows" : ""))" }
            note += " \(each.dropLast().joined(separator: ", ")) and \(each.last!) are more like names or identifiers than categories, best left out."
        }
        return note
    }

    /// The features that give the class away on the training rows: by having a value at all, or by
    /// their value alone through a handful of values.
    static func leakNote(_ model: TrainedModel, frame: Frame, rows: [Int]?) -> String? {
        guard model.classes != nil else { return nil }
        let leaks = Self.leaks(frame, columns: model.features, target: model.target, rows: rows)
        guard !leaks.isEmpty else { return nil }
        let names = leaks.map(\.column)
        return leaks.map(\.text).joined(separator: "; ")
            + ". A value recorded only once the outcome is known leaks the answer (target leakage): the model leans on it, and new rows "
            + "will not have it yet. If so, leave \(names.count == 1 ? "it" : "them") out (features=) or drop \(names.joined(separator: " "))"
    }

    /// Each column among `columns` that gives the class in `target` away, once, with what it does:
    /// "'body' has a value on 121 of 1047 training rows, and all of them have survived 0".
    private static func leaks(_ frame: Frame, columns: [String], target: String, rows: [Int]?) -> [(column: String, text: String)] {
        func percent(_ share: Double) -> String { "\(Int((share * 100).rounded(.down)))%" }
        let echoes = TargetEcho.find(frame, columns: columns, target: target, rows: rows).map { e in
            (e.column, "'\(e.column)' tells \(target) by its value alone on \(e.share == 1 ? "all" : percent(e.share)) of \(e.rows) training rows ("
                + e.pairs.map { "\($0.value): \($0.label)" }.joined(separator: ", ") + ")")
        }
        let present = PresenceLeak.find(frame, columns: columns, target: target, rows: rows).filter { p in !echoes.contains { $0.0 == p.column } }.map { p in
            (p.column, "'\(p.column)' \(p.present ? "has a value" : "is missing") on \(p.rows) of \(p.total) training rows, and "
                + "\(p.share == 1 ? "all of them have" : "\(percent(p.share)) of them have") \(target) \(p.label)")
        }
        return columns.compactMap { name in (echoes + present).first { $0.0 == name } }.map { (column: $0.0, text: $0.1) }
    }

    /// For a kind that takes missing values (boost, tree, forest): which features had them in the training
    /// rows, so a learner sees that nothing was imputed and what was done instead.
    static func missingValuesNote(_ model: TrainedModel, frame: Frame, rows: [Int]?) -> String? {
        guard model.kind.takesMissingValues else { return nil }
        let indices = rows ?? Array(0..<frame.rowCount)
        let gaps = model.features.compactMap { name -> String? in
            let count: Int
            switch (try? frame.column(name))?.data {
            case .numbers(let v, let missing)?: count = indices.reduce(0) { $0 + (missing?[$1] == true || v[$1].isNaN ? 1 : 0) }
            case .strings(let codes, _)?: count = indices.reduce(0) { $0 + (codes[$1] < 0 ? 1 : 0) }  // boost's categorical text features
            case nil: return nil
            }
            return count == 0 ? nil : "\(name) (\(count))"
        }
        guard !gaps.isEmpty else { return nil }
        return "missing values in \(gaps.joined(separator: ", ")) of \(indices.count) training rows: kept as they are; "
            + "each split learned which side they go (as scikit-learn's \(model.kind.scikitLearnName)), nothing was imputed"
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
