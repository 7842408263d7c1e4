import LabData

/// One 0/1 column per category, named `column_category` as scikit-learn's
/// OneHotEncoder names them; the original column is replaced in place.
public struct OneHotEncoder: Sendable, Equatable, Codable {
    public enum Unknown: String, Sendable, Codable, CaseIterable { case ignore, error }

    public let column: String
    public let categories: [String]
    public let dropFirst: Bool
    public let unknown: Unknown
    /// Missing values as a category of their own, last, in a `COLUMN_nan` column (as scikit-learn's
    /// OneHotEncoder does), rather than refused when fitting. Nil in files written before the option: refused.
    public let missingCategory: Bool?

    private var keepsMissing: Bool { missingCategory == true }

    public var outputColumns: [String] {
        (dropFirst ? Array(categories.dropFirst()) : categories).map { "\(column)_\($0)" } + (keepsMissing ? ["\(column)_nan"] : [])
    }

    public static func fit(_ column: Column, rows: TrainingRows, dropFirst: Bool, unknown: Unknown, limit: Int,
                           missingCategory: Bool = false) throws -> OneHotEncoder {
        let categories = try Categories.fit(column, rows: rows, limit: limit, verb: "one-hot encoding", allowMissing: missingCategory)
        // As scikit-learn, a category is what the training rows hold: gaps only if they have some.
        let gaps = missingCategory && rows.hasMissing(column)
        return OneHotEncoder(column: column.name, categories: categories, dropFirst: dropFirst, unknown: unknown,
                             missingCategory: gaps ? true : nil)
    }

    public func apply(to frame: Frame) throws -> Frame {
        let source = try frame.column(column)
        let indices = try Categories.checkedIndices(of: source, in: categories, unknown: unknown, ignoredMeans: "unseen values become all zeros")
        let names = outputColumns
        for n in names where frame.index(of: n) != nil && n != column {
            throw DataError("encoding '\(column)' would create column '\(n)', which already exists", hint: "rename or drop that column first")
        }
        let first = dropFirst ? 1 : 0
        var outputs = [[Double]](repeating: [Double](repeating: 0, count: frame.rowCount), count: names.count)
        var missing = Bitmap(count: frame.rowCount)
        for (r, i) in indices.enumerated() {
            if i == -1 {
                if keepsMissing { outputs[names.count - 1][r] = 1 } else { missing[r] = true }
            } else if i >= first {
                outputs[Int(i) - first][r] = 1
            }
        }
        let newColumns = zip(names, outputs).map { Column(name: $0, type: .integer, values: $1, missing: keepsMissing ? nil : missing) }
        return try frame.replacing(column, with: newColumns)
    }
}

extension Frame {
    /// Puts `columns` where `name` was.
    public func replacing(_ name: String, with replacements: [Column]) throws -> Frame {
        guard let i = index(of: name) else { throw unknownColumn(name) }
        var cols = columns
        cols.replaceSubrange(i...i, with: replacements)
        return try Frame(name: self.name, columns: cols)
    }
}
