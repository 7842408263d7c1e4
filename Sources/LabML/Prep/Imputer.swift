import LabData

/// Fills missing values like scikit-learn's SimpleImputer: the mean, median or most
/// frequent value of the training rows, or a constant. Ties for most frequent go to
/// the smallest value, as in scikit-learn.
public struct Imputer: Sendable, Equatable, Codable {
    public enum Strategy: String, Sendable, Codable, CaseIterable {
        case mean, median
        case mostFrequent = "most_frequent"
        case constant
    }

    public let column: String
    public let strategy: Strategy
    public let fill: FillValue
    /// Also a 0/1 column `missingindicator_COLUMN` marking the rows that were missing (scikit-learn's
    /// add_indicator), learned only where the training rows had gaps. Nil in files written before the option.
    public let indicator: Bool?

    /// The name scikit-learn's MissingIndicator gives the column.
    public var indicatorColumn: String? { indicator == true ? "missingindicator_\(column)" : nil }

    public enum FillValue: Sendable, Equatable, Codable, CustomStringConvertible {
        case number(Double)
        case text(String)

        public var description: String {
            switch self {
            case .number(let x): return Column.canonicalText(x, type: x == x.rounded() ? .integer : .float)
            case .text(let s): return "\"\(s)\""
            }
        }
    }

    public static func fit(_ column: Column, strategy: Strategy, constant: String?, rows: TrainingRows, indicator: Bool = false) throws -> Imputer {
        // As scikit-learn's (features="missing-only"): an indicator only for a column with gaps in the training rows.
        let marked = indicator && rows.hasMissing(column)
        return Imputer(column: column.name, strategy: strategy, fill: try fillValue(column, strategy: strategy, constant: constant, rows: rows),
                       indicator: marked ? true : nil)
    }

    private static func fillValue(_ column: Column, strategy: Strategy, constant: String?, rows: TrainingRows) throws -> FillValue {
        let name = column.name
        if strategy == .constant {
            guard let constant else {
                throw DataError("with=constant needs value=", hint: "e.g. impute \(name) with=constant value=0")
            }
            if column.type == .string { return .text(constant) }
            guard let x = Double(constant), x.isFinite else {
                throw DataError("value=\(constant) is not a number, but '\(name)' is a \(column.type.rawValue) column",
                                hint: "give a number, e.g. value=0")
            }
            return .number(x)
        }
        if column.type == .string {
            guard strategy == .mostFrequent else {
                throw DataError("cannot take the \(strategy.rawValue) of text column '\(name)'",
                                hint: "use with=most_frequent or with=constant value=...")
            }
            guard case .strings(_, let levels) = column.data else { throw noValues(name, rows) }
            let counts = rows.levelCounts(of: column)
            // Most frequent; a tie goes to the smallest text, as scikit-learn's does.
            var best = -1
            for (code, n) in counts.enumerated() where n > 0 {
                if best < 0 || n > counts[best] || (n == counts[best] && levels[code] < levels[best]) { best = code }
            }
            guard best >= 0 else { throw noValues(name, rows) }
            return .text(levels[best])
        }
        var values = rows.values(of: column)
        guard !values.isEmpty else { throw noValues(name, rows) }
        let fill: Double
        switch strategy {
        case .mean: fill = Summation.mean(values)
        case .median: fill = Selection.median(&values)
        case .mostFrequent:
            values.sort()
            fill = mostFrequent(sorted: values)
        case .constant: fatalError("handled above")
        }
        return .number(fill)
    }

    private static func noValues(_ name: String, _ rows: TrainingRows) -> DataError {
        DataError("column '\(name)' has no values\(rows.isSplit ? " in the training rows" : "") to learn a fill value from",
                  hint: "every value is missing; drop the column (drop \(name)) or use with=constant value=...")
    }

    /// The most frequent of sorted values; the first (smallest) wins a tie.
    static func mostFrequent(sorted: [Double]) -> Double {
        var best = sorted[0], bestCount = 0, runStart = 0
        for i in 1...sorted.count where i == sorted.count || sorted[i] != sorted[runStart] {
            if i - runStart > bestCount {
                best = sorted[runStart]
                bestCount = i - runStart
            }
            runStart = i
        }
        return best
    }

    public func apply(to frame: Frame) throws -> Frame {
        let column = try frame.column(self.column)
        let filled = try filledColumn(column)
        guard let name = indicatorColumn else { return try frame.setting(filled) }
        if frame.index(of: name) != nil {
            throw DataError("imputing '\(self.column)' with an indicator would create column '\(name)', which already exists",
                            hint: "rename or drop that column first")
        }
        let marks = (0..<column.count).map { column.isMissing($0) ? 1.0 : 0.0 }
        return try frame.replacing(self.column, with: [filled, Column(name: name, type: .integer, values: marks)])
    }

    private func filledColumn(_ column: Column) throws -> Column {
        switch (column.data, fill) {
        case (.numbers(let v, let missing), .number(let x)):
            guard let missing else { return column }
            var values = v
            for r in missing.setIndices { values[r] = x }
            let type: ColumnType = column.type == .integer && x != x.rounded() ? .float : column.type
            return Column(name: column.name, type: type, values: values)
        case (.strings(let codes, let levels), .text(let s)):
            var levels = levels
            var code = levels.firstIndex(of: s).map(Int32.init)
            if code == nil {
                code = Int32(levels.count)
                levels.append(s)
            }
            return Column(name: column.name, codes: codes.map { $0 < 0 ? code! : $0 }, levels: levels)
        default:
            throw DataError("column '\(column.name)' is \(column.type.rawValue) here, but the imputer was fitted on different data",
                            hint: "apply the pipeline to data with the same columns and types it was fitted on")
        }
    }
}
