import LabData

/// The distinct values of a column in the training rows, sorted as scikit-learn sorts
/// categories (numbers numerically, text by code points), as text for column names.
enum Categories {
    static let defaultLimit = 1000

    /// One-hot encoding refuses missing values (impute first) unless asked to make them a category;
    /// ordinal codes keep them missing, as scikit-learn does. The categories are the values only.
    static func fit(_ column: Column, rows: TrainingRows, limit: Int, verb: String, allowMissing: Bool = false) throws -> [String] {
        if column.missingCount > 0, !allowMissing {
            throw DataError("column '\(column.name)' has \(column.missingCount) missing value\(column.missingCount == 1 ? "" : "s")",
                            hint: "impute it first, e.g. impute \(column.name) with=most_frequent; or make them a category of their own: encode \(column.name) missing=category")
        }
        let categories: [String]
        if case .strings(_, let levels) = column.data {
            let counts = rows.levelCounts(of: column)
            categories = levels.indices.filter { counts[$0] > 0 }.map { levels[$0] }
                .sorted { $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
        } else {
            categories = Array(Set(rows.values(of: column))).sorted().map { Column.canonicalText($0, type: column.type) }
        }
        if categories.count > limit {
            throw DataError("column '\(column.name)' has \(categories.count) distinct values, more than the \(limit) \(verb) accepts",
                            hint: "a column like this is rarely a category; if it is, raise the limit with max_levels=\(categories.count)")
        }
        if categories.isEmpty {
            throw DataError("column '\(column.name)' has no values in the training rows", hint: "check the split and the column")
        }
        return categories
    }

    /// Each row's category index: -1 where missing, -2 for a value not among `categories`.
    /// Text columns map each distinct level once, not each row.
    static func indices(of column: Column, in categories: [String]) -> [Int32] {
        var index: [String: Int32] = [:]
        for (i, c) in categories.enumerated() { index[c] = Int32(i) }
        switch column.data {
        case .strings(let codes, let levels):
            let map = levels.map { index[$0] ?? -2 }
            return codes.map { $0 < 0 ? -1 : map[Int($0)] }
        case .numbers(let v, let m):
            var byValue: [Double: Int32] = [:]
            return v.indices.map { r in
                if m?[r] ?? false { return -1 }
                if let i = byValue[v[r]] { return i }
                let i = index[Column.canonicalText(v[r], type: column.type)] ?? -2
                byValue[v[r]] = i
                return i
            }
        }
    }

    /// Each row's category index as `indices(of:in:)` gives it, refusing unseen values when `unknown` is `.error`.
    static func checkedIndices(of column: Column, in categories: [String], unknown: OneHotEncoder.Unknown,
                               ignoredMeans: String) throws -> [Int32] {
        let indices = indices(of: column, in: categories)
        let unseen = unseen(column, indices)
        if unknown == .error, !unseen.isEmpty {
            throw DataError("column '\(column.name)' has values the encoder never saw: \(unseen.prefix(5).joined(separator: ", "))",
                            hint: "refit on data that has them, or encode with unknown=ignore (\(ignoredMeans))")
        }
        return indices
    }

    /// The texts of the values not among the categories, for error messages.
    static func unseen(_ column: Column, _ indices: [Int32]) -> [String] {
        var seen = Set<String>()
        for r in indices.indices where indices[r] == -2 { if let t = column.text(at: r) { seen.insert(t) } }
        return seen.sorted()
    }
}
