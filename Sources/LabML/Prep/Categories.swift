import LabData

/// The distinct values of a column in the training rows, sorted as scikit-learn sorts
/// categories (numbers numerically, text by code points), as text for column names.
enum Categories {
    static let defaultLimit = 1000

    /// One-hot encoding refuses missing values (impute first); ordinal codes keep them missing, as scikit-learn does.
    static func fit(_ column: Column, rows: TrainingRows, limit: Int, verb: String, allowMissing: Bool = false) throws -> [String] {
        if column.missingCount > 0, !allowMissing {
            throw DataError("column '\(column.name)' has \(column.missingCount) missing value\(column.missingCount == 1 ? "" : "s")",
                            hint: "impute it first, e.g. impute \(column.name) with=most_frequent")
        }
        let categories: [String]
        if column.type == .string {
            categories = Array(Set(rows.strings(of: column))).sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
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

    /// Each row's value as the text used for categories (nil where missing).
    static func texts(of column: Column) -> [String?] {
        switch column.data {
        case .strings(let codes, let levels): return codes.map { $0 < 0 ? nil : levels[Int($0)] }
        case .numbers(let v, let m):
            return v.indices.map { (m?[$0] ?? false) ? nil : Column.canonicalText(v[$0], type: column.type) }
        }
    }
}
