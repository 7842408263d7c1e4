import LabData

/// Each category becomes its index in the sorted categories (scikit-learn's OrdinalEncoder).
public struct OrdinalEncoder: Sendable, Equatable, Codable {
    public let column: String
    public let categories: [String]
    public let unknown: OneHotEncoder.Unknown

    public static func fit(_ column: Column, rows: TrainingRows, unknown: OneHotEncoder.Unknown, limit: Int) throws -> OrdinalEncoder {
        let categories = try Categories.fit(column, rows: rows, limit: limit, verb: "ordinal encoding", allowMissing: true)
        return OrdinalEncoder(column: column.name, categories: categories, unknown: unknown)
    }

    public func apply(to frame: Frame) throws -> Frame {
        let source = try frame.column(column)
        let indices = try Categories.checkedIndices(of: source, in: categories, unknown: unknown, ignoredMeans: "unseen values become missing")
        var missing = Bitmap(count: indices.count)
        let values = indices.enumerated().map { r, i -> Double in
            if i < 0 { missing[r] = true; return 0 }
            return Double(i)
        }
        return try frame.setting(Column(name: column, type: .integer, values: values, missing: missing))
    }
}
