/// year(), month(), day(), weekday() and hour() of dates (days since 1970-01-01) and datetimes
/// (seconds since 1970-01-01T00:00:00Z): whole numbers, for grouping and features by season,
/// weekday or time of day; and date(), a datetime's day as a date (for grouping by day).
extension ExpressionEvaluator {
    func datePart(_ function: ExpressionFunction, _ x: Operand) throws -> Operand {
        guard let type = x.type else { return .missing(.integer) }
        guard type == .date || type == .datetime else {
            throw DataError("cannot apply '\(function.rawValue)' to \(type.rawValue)",
                            hint: "\(function.rawValue) works on dates and datetimes (ISO text such as 2015-06-01 loads as a date); usage: \(function.usage)")
        }
        let isDate = type == .date
        // Far beyond any calendar anyone means (date arithmetic gone astray): no day to name.
        let limit = isDate ? 1e8 : 1e8 * 86_400
        if let at = failure(vector: x.isVector, missing: x.missingMask, where: { !(Swift.abs(x.number(at: $0)) < limit) }) {
            throw DataError("\(function.rawValue) of a \(type.rawValue) out of range (\(ExpressionNode.formatNumber(x.number(at: at.index))))\(at.suffix)",
                            hint: "dates run to about 270,000 years either side of 1970")
        }
        if function == .date {
            return mapped(x, type: .date) { isDate ? $0.rounded(.down) : ($0 / 86_400).rounded(.down) }
        }
        return mapped(x, type: .integer) { value in
            let days = isDate ? value.rounded(.down) : (value / 86_400).rounded(.down)
            switch function {
            case .hour: return isDate ? 0 : ((value - days * 86_400) / 3600).rounded(.down)
            // 1970-01-01 was a Thursday (3, counting from Monday 0).
            case .weekday: return Double(((Int(days) % 7) + 10) % 7)
            default:
                let civil = DateParsing.civil(days: Int(days))
                return Double(function == .year ? civil.year : function == .month ? civil.month : civil.day)
            }
        }
    }
}
