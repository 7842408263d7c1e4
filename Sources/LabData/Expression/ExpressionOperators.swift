#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Arithmetic and comparison operators over operands.
extension ExpressionEvaluator {
    // MARK: - Types

    private static let dateArithmeticHint =
        "dates support date + days, date - days and date - date; datetimes the same with seconds"

    /// The result type of an arithmetic operator, or a type error. An untyped `missing`
    /// fits whatever the other side needs.
    private func arithmeticType(_ op: ExpressionNode.BinaryOperator, _ a: Operand, _ b: Operand) throws -> ColumnType? {
        let symbol = op.rawValue
        guard let lt = a.type ?? b.type, let rt = b.type ?? a.type else { return nil }
        if lt == .string || rt == .string {
            if lt == .string && rt == .string {
                if op == .add { return .string }
                throw Self.typeError(symbol, a, b, hint: "text can only be joined with '+' or compared")
            }
            throw Self.typeError(symbol, a, b, hint: "arithmetic works on numbers; text columns can be compared or joined with '+'")
        }
        if lt.isArithmetic && rt.isArithmetic {
            if op == .divide { return .float }
            return lt != .float && rt != .float ? .integer : .float
        }
        switch (lt, rt, op) {
        case (.date, .integer, .add), (.integer, .date, .add), (.date, .integer, .subtract): return .date
        case (.date, .date, .subtract): return .integer
        case (.datetime, _, .add) where rt.isArithmetic: return .datetime
        case (_, .datetime, .add) where lt.isArithmetic: return .datetime
        case (.datetime, _, .subtract) where rt.isArithmetic: return .datetime
        case (.datetime, .datetime, .subtract): return .float
        default:
            if a.type == nil || b.type == nil { return lt }  // date + missing and the like
            throw Self.typeError(symbol, a, b, hint: Self.dateArithmeticHint)
        }
    }

    // MARK: - Arithmetic

    func arithmetic(_ op: ExpressionNode.BinaryOperator, _ a: Operand, _ b: Operand, right: ExpressionNode) throws -> Operand {
        let type = try arithmeticType(op, a, b)
        if a.isMissingConstant || b.isMissingConstant || type == nil {
            return .allMissing(type, like: [a, b], rowCount: rowCount)
        }
        guard let type else { return .missing(nil) }
        if type == .string { return concatenate(a, b) }
        guard let x = a.numericSide, let y = b.numericSide else { return .missing(type) }

        let vector = a.isVector || b.isVector
        let n = vector ? rowCount : 1
        let missing = ExpressionKernels.union(a.missingMask, b.missingMask)

        if op == .divide || op == .modulo {
            let hasZero: Bool
            switch y {
            case .constant(let c): hasZero = c == 0
            case .vector(let v): hasZero = ExpressionKernels.contains(v) { $0 == 0 }
            }
            if hasZero, let at = failure(vector: vector, missing: missing, where: { y.value(at: $0) == 0 }) {
                let what = op == .divide ? "division" : "modulo"
                if case .literal = right {
                    throw DataError("\(what) by zero\(at.suffix)", hint: "the divisor is the constant 0; divide by a non-zero number")
                }
                throw DataError(
                    "\(what) by zero\(at.suffix)",
                    hint: "filter out rows where the divisor is 0 first, e.g. filter \(Self.guardText(right)) != 0")
            }
        }

        var values: [Double]
        switch op {
        case .add: values = ExpressionKernels.map2(x, y, count: n) { $0 + $1 }
        case .subtract: values = ExpressionKernels.map2(x, y, count: n) { $0 - $1 }
        case .multiply: values = ExpressionKernels.map2(x, y, count: n) { $0 * $1 }
        case .divide: values = ExpressionKernels.map2(x, y, count: n) { $0 / $1 }
        case .modulo:
            // Floored, as in Python: the result takes the divisor's sign (-7 % 3 == 2).
            values = ExpressionKernels.map2(x, y, count: n) { p, q in
                let r = p.truncatingRemainder(dividingBy: q)
                return r != 0 && (r < 0) != (q < 0) ? r + q : r + 0  // + 0 turns -0 into 0
            }
        case .power:
            if case .constant(2) = y {
                values = ExpressionKernels.map2(x, y, count: n) { p, _ in p * p }
            } else {
                values = ExpressionKernels.map2(x, y, count: n) { pow($0, $1) }
            }
        default:
            return .missing(type)
        }

        if ExpressionKernels.containsNonFinite(values),
           let at = failure(vector: vector, missing: missing, where: { !values[$0].isFinite }) {
            throw nonFiniteError(op, x.value(at: at.index), y.value(at: at.index), at)
        }

        var resultType = type
        if type == .integer && !ExpressionKernels.allExactIntegers(values, missing: missing) {
            resultType = .float  // 2 ** -1, or a sum past 2^53
        }
        return .numeric(values, missing: missing, type: resultType, vector: vector)
    }

    /// How to name the divisor in a hint ("filter parch != 0").
    private static func guardText(_ node: ExpressionNode) -> String {
        switch node {
        case .identifier, .call, .literal: return node.description
        default: return "(\(node))"
        }
    }

    private func nonFiniteError(_ op: ExpressionNode.BinaryOperator, _ p: Double, _ q: Double, _ at: FailureLocation) -> DataError {
        let ps = ExpressionNode.formatNumber(p), qs = ExpressionNode.formatNumber(q)
        let shown = "\(p < 0 ? "(\(ps))" : ps) \(op.rawValue) \(q < 0 ? "(\(qs))" : qs)"
        if op == .power {
            if p == 0 && q < 0 {
                return DataError("'**' of 0 to a negative power (\(shown))\(at.suffix)",
                                 hint: "0 ** n is only defined for n >= 0; filter out the zeros first")
            }
            if p < 0 && q != q.rounded() {
                return DataError("'**' of a negative number to a fractional power (\(shown)) is not a real number\(at.suffix)",
                                 hint: "use a whole-number exponent, or abs() of the base")
            }
        }
        return DataError("'\(op.rawValue)' overflows (\(shown))\(at.suffix)",
                         hint: "the result is too large to represent; rescale the values first")
    }

    /// Text + text, row by row.
    private func concatenate(_ a: Operand, _ b: Operand) -> Operand {
        switch (a, b) {
        case (.string(let p), .string(let q)):
            return .string(p + q)
        case (.strings(let s), .string(let q)):
            // Appending the same suffix keeps levels distinct, so the codes stay as they are.
            return .strings(StringVector(codes: s.codes, levels: s.levels.map { $0 + q }))
        case (.string(let p), .strings(let s)):
            return .strings(StringVector(codes: s.codes, levels: s.levels.map { p + $0 }))
        case (.strings(let s), .strings(let t)):
            var index: [String: Int32] = [:]
            var pairs: [Int64: Int32] = [:]
            var levels: [String] = []
            var codes = [Int32](repeating: -1, count: rowCount)
            for i in 0..<rowCount {
                let c = s.codes[i], d = t.codes[i]
                guard c >= 0, d >= 0 else { continue }
                let key = Int64(c) << 32 | Int64(d)
                if let code = pairs[key] {
                    codes[i] = code
                    continue
                }
                let joined = s.levels[Int(c)] + t.levels[Int(d)]
                let code: Int32
                if let existing = index[joined] {
                    code = existing
                } else {
                    code = Int32(levels.count)
                    index[joined] = code
                    levels.append(joined)
                }
                pairs[key] = code
                codes[i] = code
            }
            return .strings(StringVector(codes: codes, levels: levels))
        default:
            return .missing(.string)
        }
    }

    // MARK: - Comparison

    /// `==`, `<` and friends. Missing on either side gives missing. Text compares with
    /// text; a date or datetime compares with a date or datetime, or with a text
    /// constant in ISO form ("2013-06-01", "2013-06-01T12:00:00").
    func compare(_ op: ExpressionNode.BinaryOperator, _ a: Operand, _ b: Operand, operatorName: String? = nil) throws -> Operand {
        let symbol = operatorName ?? op.rawValue
        if a.isMissingConstant || b.isMissingConstant {
            return .allMissing(.boolean, like: [a, b], rowCount: rowCount)
        }
        var a = a, b = b
        if a.type == .string || b.type == .string {
            if a.type == .string && b.type == .string { return compareStrings(op, a, b) }
            // A text constant next to a date or datetime is read as a date.
            if case .string(let s) = a, let t = b.type, t == .date || t == .datetime {
                a = try Self.dateConstant(s, for: t, op: symbol)
            } else if case .string(let s) = b, let t = a.type, t == .date || t == .datetime {
                b = try Self.dateConstant(s, for: t, op: symbol)
            } else {
                throw Self.typeError(symbol, a, b, hint: "compare text with text (in quotes, e.g. sex == \"male\") and numbers with numbers")
            }
        }
        guard let lt = a.type, let rt = b.type else { return .missing(.boolean) }
        if lt != rt && !(lt.isArithmetic && rt.isArithmetic) {
            if lt == .date && rt == .datetime {
                a = Self.daysToSeconds(a)
            } else if lt == .datetime && rt == .date {
                b = Self.daysToSeconds(b)
            } else {
                throw Self.typeError(symbol, a, b, hint: lt == .date || rt == .date || lt == .datetime || rt == .datetime
                    ? "compare dates with dates, or with a date in quotes, e.g. day >= \"2013-06-01\""
                    : nil)
            }
        }
        guard let x = a.numericSide, let y = b.numericSide else { return .missing(.boolean) }
        let vector = a.isVector || b.isVector
        let n = vector ? rowCount : 1
        let values: [Double]
        switch op {
        case .equal: values = ExpressionKernels.map2(x, y, count: n) { $0 == $1 ? 1 : 0 }
        case .notEqual: values = ExpressionKernels.map2(x, y, count: n) { $0 != $1 ? 1 : 0 }
        case .less: values = ExpressionKernels.map2(x, y, count: n) { $0 < $1 ? 1 : 0 }
        case .lessOrEqual: values = ExpressionKernels.map2(x, y, count: n) { $0 <= $1 ? 1 : 0 }
        case .greater: values = ExpressionKernels.map2(x, y, count: n) { $0 > $1 ? 1 : 0 }
        case .greaterOrEqual: values = ExpressionKernels.map2(x, y, count: n) { $0 >= $1 ? 1 : 0 }
        default: return .missing(.boolean)
        }
        return .numeric(values, missing: ExpressionKernels.union(a.missingMask, b.missingMask), type: .boolean, vector: vector)
    }

    private static func daysToSeconds(_ x: Operand) -> Operand {
        switch x {
        case .numbers(let v):
            return .numbers(NumericVector(values: ExpressionKernels.map(v.values) { $0 * 86_400 }, missing: v.missing, type: .datetime))
        case .number(let d, _):
            return .number(d * 86_400, .datetime)
        default:
            return x
        }
    }

    /// "2013-06-01" or "2013-06-01T12:30:00[Z|+02:00]" as days (for a date) or seconds (for a datetime).
    static func dateConstant(_ text: String, for type: ColumnType, op: String) throws -> Operand {
        var s = text
        let seconds: Double? = s.withUTF8 { p -> Double? in
            guard let base = p.baseAddress, p.count > 0 else { return nil }
            if let days = DateParsing.parseDate(base, p.count) { return days * 86_400 }
            return DateParsing.parseDateTime(base, p.count)
        }
        guard let seconds else {
            throw DataError(
                "cannot compare \(type.rawValue) with \"\(text)\": not a valid date",
                hint: "write dates as \"YYYY-MM-DD\" and datetimes as \"YYYY-MM-DDTHH:MM:SS\" (operator '\(op)')")
        }
        return type == .date ? .number(seconds / 86_400, .date) : .number(seconds, .datetime)
    }

    private func compareStrings(_ op: ExpressionNode.BinaryOperator, _ a: Operand, _ b: Operand) -> Operand {
        let test: (String, String) -> Bool
        switch op {
        case .equal: test = { $0 == $1 }
        case .notEqual: test = { $0 != $1 }
        case .less: test = { $0 < $1 }
        case .lessOrEqual: test = { $0 <= $1 }
        case .greater: test = { $0 > $1 }
        default: test = { $0 >= $1 }
        }
        switch (a, b) {
        case (.string(let p), .string(let q)):
            return .number(test(p, q) ? 1 : 0, .boolean)
        case (.strings(let s), .string(let q)):
            return .numbers(stringLookup(s, s.levels.map { test($0, q) ? 1 : 0 }))
        case (.string(let p), .strings(let s)):
            return .numbers(stringLookup(s, s.levels.map { test(p, $0) ? 1 : 0 }))
        case (.strings(let s), .strings(let t)):
            // Rank every distinct string once; then rows compare as numbers.
            let all = Array(Set(s.levels).union(t.levels)).sorted()
            var rank: [String: Double] = [:]
            for (i, level) in all.enumerated() { rank[level] = Double(i) }
            let left = stringRanks(s, rank), right = stringRanks(t, rank)
            return (try? compare(op, .numbers(left), .numbers(right))) ?? .missing(.boolean)
        default:
            return .missing(.boolean)
        }
    }

    private func stringRanks(_ s: StringVector, _ rank: [String: Double]) -> NumericVector {
        let perLevel = s.levels.map { rank[$0] ?? 0 }
        var v = stringLookup(s, perLevel)
        v.type = .float
        return v
    }
}
