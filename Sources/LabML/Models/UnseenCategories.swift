import LabData

/// Values of a categorical feature (boost's categorical=) that training never saw: a model sends
/// them where it sends missing values, as scikit-learn does, which a user should hear about.
public struct UnseenCategories: Sendable, Equatable {
    public let feature: String
    /// How many rows hold one, and the first few distinct ones, in row order.
    public let rows: Int
    public let examples: [String]

    /// Per categorical feature of `model` with unseen values among the rows of `frame` (prepared as the model expects).
    public static func find(_ model: TrainedModel, in frame: Frame) -> [UnseenCategories] {
        guard case .boost(let boost) = model.fitted, let categories = boost.categories else { return [] }
        return zip(model.features, categories).compactMap { name, known -> UnseenCategories? in
            guard !known.isEmpty, let column = try? frame.column(name) else { return nil }
            let words = Set(model.featureLevels?[name] ?? [])
            let numbers = Set(known)
            // Whether each distinct value was seen, decided once per level (or per number), not per row.
            let (codes, seenLevel, values): ([Int32], [Bool], [Double])
            switch column.data {
            case .strings(let c, let levels): (codes, seenLevel, values) = (c, levels.map(words.contains), [])
            case .numbers(let v, _): (codes, seenLevel, values) = ([], [], v)
            }
            var seenNumber: [UInt64: Bool] = [:]
            var rows = 0, examples: [String] = []
            for r in 0..<frame.rowCount where !column.isMissing(r) {
                let seen: Bool
                if !codes.isEmpty {
                    seen = seenLevel[Int(codes[r])]
                } else if let known = seenNumber[values[r].bitPattern] {
                    seen = known
                } else {
                    // Codes are matched as numbers; a text feature's words read as numbers, by their text.
                    seen = model.featureLevels?[name] == nil ? numbers.contains(values[r]) || values[r].isNaN
                        : column.text(at: r).map(words.contains) ?? true
                    seenNumber[values[r].bitPattern] = seen
                }
                guard !seen else { continue }
                rows += 1
                if examples.count < 5, let text = column.text(at: r), !examples.contains(text) { examples.append(text) }
            }
            return rows == 0 ? nil : UnseenCategories(feature: name, rows: rows, examples: examples)
        }
    }
}
