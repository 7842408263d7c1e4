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
        var index: [String: Int] = [:]
        for (i, c) in categories.enumerated() { index[c] = i }
        let texts = Categories.texts(of: source)
        var values = [Double](repeating: 0, count: texts.count)
        var missing = Bitmap(count: texts.count)
        var unseen: Set<String> = []
        for (r, t) in texts.enumerated() {
            guard let t else { missing[r] = true; continue }
            if let i = index[t] { values[r] = Double(i) } else { unseen.insert(t); missing[r] = true }
        }
        if unknown == .error, !unseen.isEmpty {
            throw DataError("column '\(column)' has values the encoder never saw: \(unseen.sorted().prefix(5).joined(separator: ", "))",
                            hint: "refit on data that has them, or encode with unknown=ignore (unseen values become missing)")
        }
        return try frame.setting(Column(name: column, type: .integer, values: values, missing: missing))
    }
}
