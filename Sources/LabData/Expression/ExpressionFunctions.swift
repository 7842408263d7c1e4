#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The built-in functions of the expression language. All work row by row and
/// propagate missing values (missing in, missing out).
public enum ExpressionFunction: String, Sendable, CaseIterable {
    case abs, exp, log, max, min, round, sqrt
    /// Parts of a date or datetime (ExpressionDateParts.swift).
    case year, month, day, weekday, hour, date
    /// Text (ExpressionTextFunctions.swift).
    case lower, upper, strip, len, contains, startswith, endswith
    case replace, slice, split, extract, matches
    /// Choices between values (ExpressionConditionals.swift).
    case conditional = "if", coalesce

    /// Looks a function up by name, ignoring case.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    public var usage: String {
        switch self {
        case .abs: return "abs(x)"
        case .exp: return "exp(x)"
        case .log: return "log(x)"
        case .sqrt: return "sqrt(x)"
        case .round: return "round(x) or round(x, digits)"
        case .min: return "min(a, b, ...)"
        case .max: return "max(a, b, ...)"
        case .year, .month, .day, .weekday, .hour: return "\(rawValue)(date)"
        case .date: return "date(datetime)"
        case .lower, .upper, .strip, .len: return "\(rawValue)(text)"
        case .contains, .startswith, .endswith: return "\(rawValue)(text, \"part\")"
        case .replace: return "replace(text, \"old\", \"new\")"
        case .slice: return "slice(text, start[, stop])"
        case .split: return "split(text, \"sep\", i)"
        case .extract, .matches: return "\(rawValue)(text, \"pattern\")"
        case .conditional: return "if(condition, then, else)"
        case .coalesce: return "coalesce(a, b, ...)"
        }
    }

    public var summary: String {
        switch self {
        case .abs: return "absolute value"
        case .exp: return "e to the power x"
        case .log: return "natural logarithm (x > 0)"
        case .sqrt: return "square root (x >= 0)"
        case .round: return "round half away from zero, to a whole number or to `digits` decimals"
        case .min: return "the smallest of the arguments, in each row"
        case .max: return "the largest of the arguments, in each row"
        case .year: return "a date's year"
        case .month: return "a date's month, 1 to 12"
        case .day: return "a date's day of the month, 1 to 31"
        case .weekday: return "a date's day of the week, Monday 0 to Sunday 6 (as pandas' dt.weekday)"
        case .hour: return "a datetime's hour (UTC), 0 to 23; 0 for a date"
        case .date: return "a datetime's day, as a date (UTC); a date as it is"
        case .lower: return "the text in lower case"
        case .upper: return "the text in upper case"
        case .strip: return "the text without spaces at either end"
        case .len: return "the number of characters"
        case .contains: return "whether the text contains the part (case matters)"
        case .startswith: return "whether the text starts with the part"
        case .endswith: return "whether the text ends with the part"
        case .replace: return "every old part of the text replaced by new (str.replace, regex=False)"
        case .slice: return "text[start:stop]: from 0, negative from the end, stop left out: to the end"
        case .split: return "part i (from 0, -1 the last) of the text cut at each sep; missing if none"
        case .extract: return "the first match of a regular expression (its first group); missing if none"
        case .matches: return "whether a regular expression matches anywhere in the text (str.contains)"
        case .conditional: return "then where the condition is true, else where it is false (missing where it is missing)"
        case .coalesce: return "the first of the arguments that is not missing, in each row"
        }
    }

    var arity: ClosedRange<Int> {
        switch self {
        case .abs, .exp, .log, .sqrt, .year, .month, .day, .weekday, .hour, .date, .lower, .upper, .strip, .len: return 1...1
        case .round: return 1...2
        case .contains, .startswith, .endswith, .extract, .matches: return 2...2
        case .slice: return 2...3
        case .replace, .split: return 3...3
        case .conditional: return 3...3
        case .min, .max, .coalesce: return 2...Int.max
        }
    }

    public static var names: [String] { allCases.map(\.rawValue) }

    /// "Functions:" and a line per function, for help pages.
    public static var helpList: String {
        let width = (allCases.map(\.usage.count).max() ?? 0) + 2
        return "Functions:" + allCases.map { f in
            "\n  " + f.usage + String(repeating: " ", count: width - f.usage.count) + f.summary
        }.joined()
    }
}

extension ExpressionEvaluator {
    func call(_ name: String, _ args: [ExpressionNode], _ node: ExpressionNode) throws -> Operand {
        guard let function = ExpressionFunction(name: name) else {
            if let resolver, let value = try resolver(node) { return .constant(value) }
            let names = ExpressionFunction.names
            throw DataError(
                "unknown function '\(name)'\(Suggestion.didYouMean(name.lowercased(), in: names))",
                hint: "functions are: \(names.sorted().joined(separator: ", "))")
        }
        guard function.arity.contains(args.count) else {
            let expected: String
            switch function.arity {
            case 1...1: expected = "1 argument"
            case 1...2: expected = "1 or 2 arguments"
            case 2...2: expected = "2 arguments"
            case 2...3: expected = "2 or 3 arguments"
            case 3...3: expected = "3 arguments"
            default: expected = "at least \(function.arity.lowerBound) arguments"
            }
            throw DataError(
                "\(function.rawValue) takes \(expected), got \(args.count)",
                hint: "usage: \(function.usage)")
        }
        // The branches of `if` are evaluated knowing the condition (ExpressionConditionals.swift).
        if function == .conditional { return try conditional(args) }
        let values = try args.map { try evaluate($0) }
        switch function {
        case .log, .exp, .sqrt: return try transcendental(function, values[0])
        case .abs: return try absolute(values[0])
        case .round: return try round(values[0], digits: values.count > 1 ? values[1] : nil, args: args)
        case .min, .max: return try extremum(function, values)
        case .year, .month, .day, .weekday, .hour, .date: return try datePart(function, values[0])
        case .lower, .upper, .strip, .len, .contains, .startswith, .endswith: return try textFunction(function, values, args)
        case .replace, .slice, .split, .extract, .matches: return try textPart(function, values, args)
        case .coalesce: return try coalesce(values)
        case .conditional: return try conditional(args)
        }
    }

    private func requireArithmetic(_ function: ExpressionFunction, _ x: Operand) throws -> ColumnType? {
        guard let type = x.type else { return nil }
        guard type.isArithmetic else {
            throw DataError("cannot apply '\(function.rawValue)' to \(type.rawValue)", hint: "\(function.rawValue) works on numbers; usage: \(function.usage)")
        }
        return type
    }

    /// Applies `f` to a numeric operand, keeping its missing mask.
    func mapped(_ x: Operand, type: ColumnType, _ f: (Double) -> Double) -> Operand {
        switch x {
        case .numbers(let v):
            return .numbers(NumericVector(values: ExpressionKernels.map(v.values, f), missing: v.missing, type: type))
        case .number(let c, _):
            return .number(f(c), type)
        default:
            return .allMissing(type, like: [x], rowCount: rowCount)
        }
    }

    private func transcendental(_ function: ExpressionFunction, _ x: Operand) throws -> Operand {
        guard try requireArithmetic(function, x) != nil, !x.isMissingConstant else {
            return .allMissing(.float, like: [x], rowCount: rowCount)
        }
        let result: Operand
        switch function {
        case .log: result = mapped(x, type: .float) { cMathLog($0) }
        case .exp: result = mapped(x, type: .float) { cMathExp($0) }
        default: result = mapped(x, type: .float) { $0.squareRoot() }
        }
        let values: [Double]
        switch result {
        case .numbers(let v): values = v.values
        case .number(let c, _): values = [c]
        default: return result
        }
        if ExpressionKernels.containsNonFinite(values),
           let at = failure(vector: x.isVector, missing: x.missingMask, where: { !values[$0].isFinite }) {
            let input = x.number(at: at.index)
            let shown = ExpressionNode.formatNumber(input)
            switch function {
            case .log:
                throw DataError(
                    input <= 0 ? "log of a non-positive value (\(shown))\(at.suffix)" : "log of \(shown) is not finite\(at.suffix)",
                    hint: "log needs values > 0; filter them first, or use log(x + 1) for counts")
            case .exp:
                throw DataError(
                    "exp overflows for value \(shown)\(at.suffix)",
                    hint: "exp(x) is too large to represent for x above about 709; rescale x first")
            default:
                throw DataError(
                    "sqrt of a negative value (\(shown))\(at.suffix)",
                    hint: "sqrt needs values >= 0; filter them first, or use sqrt(abs(x))")
            }
        }
        return result
    }

    private func absolute(_ x: Operand) throws -> Operand {
        guard let type = try requireArithmetic(.abs, x) else { return x }
        return mapped(x, type: type == .float ? .float : .integer) { Swift.abs($0) }
    }

    /// round(x): half away from zero, an integer result. round(x, d): a float with d
    /// decimals (an integer input stays integer, rounded to tens etc. for negative d).
    private func round(_ x: Operand, digits: Operand?, args: [ExpressionNode]) throws -> Operand {
        var places: Int?
        if let digits {
            guard case .number(let d, let t) = digits, t == .integer || t == .boolean else {
                throw DataError(
                    "round's digits must be a whole-number constant, got \(args[1])",
                    hint: "usage: round(x) or round(x, 2)")
            }
            places = Int(d)
        }
        guard let type = try requireArithmetic(.round, x) else {
            return .missing(places == nil ? .integer : .float)
        }
        guard let places else {
            return mapped(x, type: .integer) { $0.rounded() }
        }
        let resultType: ColumnType = type == .float ? .float : .integer
        if places >= 0 && type != .float { return mapped(x, type: .integer) { $0 } }
        let scale = pow(10.0, Double(Swift.max(-400, Swift.min(400, places))))
        return mapped(x, type: resultType) { v in
            if scale == 0 { return 0 }
            let scaled = v * scale
            guard scale.isFinite, scaled.isFinite else { return v }
            return scaled.rounded() / scale
        }
    }

    /// min/max across arguments, row by row. Numbers mix freely (all integer gives integer);
    /// dates go with dates and datetimes with datetimes.
    private func extremum(_ function: ExpressionFunction, _ values: [Operand]) throws -> Operand {
        let name = function.rawValue
        var type: ColumnType?
        for v in values {
            guard let t = v.type else { continue }
            guard t != .string else {
                throw DataError("cannot apply '\(name)' to string", hint: "\(name) works on numbers and dates; usage: \(function.usage)")
            }
            let normalized: ColumnType = t == .boolean ? .integer : t
            guard let current = type else {
                type = normalized
                continue
            }
            if current == normalized { continue }
            if current.isArithmetic && normalized.isArithmetic {
                type = .float
            } else {
                throw DataError(
                    "cannot apply '\(name)' to \(current.rawValue) and \(t.rawValue)",
                    hint: "\(name) compares values of one kind: numbers with numbers, dates with dates")
            }
        }
        if values.contains(where: \.isMissingConstant) || type == nil {
            return .allMissing(type, like: values, rowCount: rowCount)
        }
        guard let type else { return .missing(nil) }
        let vector = values.contains(where: \.isVector)
        let n = vector ? rowCount : 1
        guard var side = values[0].numericSide else { return .missing(type) }
        var missing = values[0].missingMask
        for v in values.dropFirst() {
            guard let next = v.numericSide else { return .missing(type) }
            let combined = function == .min
                ? ExpressionKernels.map2(side, next, count: n) { Swift.min($0, $1) }
                : ExpressionKernels.map2(side, next, count: n) { Swift.max($0, $1) }
            side = vector ? .vector(combined) : .constant(combined[0])
            missing = ExpressionKernels.union(missing, v.missingMask)
        }
        switch side {
        case .vector(let v): return .numbers(NumericVector(values: v, missing: missing, type: type))
        case .constant(let c): return .number(c, type)
        }
    }
}

// The C library's log and exp, named so they cannot be confused with the enum cases above.
@inline(__always) private func cMathLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func cMathExp(_ x: Double) -> Double { exp(x) }
