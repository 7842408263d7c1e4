#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension Expression {
    /// Evaluates the expression over every row of `frame`, vectorised over whole columns.
    /// Missing values propagate; comparisons with a missing value are missing, and
    /// `and`/`or` follow three-valued (SQL) logic.
    public func evaluate(on frame: Frame, name: String = "expr") throws -> Column {
        let evaluator = ExpressionEvaluator(frame: frame, rowCount: frame.rowCount, resolver: nil)
        return try evaluator.column(from: try evaluator.evaluate(root), name: name)
    }

    /// The rows of `frame` where the expression is true; a missing result counts as false.
    /// The expression must give true/false values.
    public func filterMask(on frame: Frame) throws -> Bitmap {
        let evaluator = ExpressionEvaluator(frame: frame, rowCount: frame.rowCount, resolver: nil)
        let result = try evaluator.evaluate(root)
        let n = frame.rowCount
        switch result {
        case .number(let v, .boolean):
            return Bitmap(count: n, value: v != 0)
        case .missing(nil), .missing(.boolean):
            return Bitmap(count: n)
        case .numbers(let v) where v.type == .boolean:
            var mask = Bitmap(count: n)
            let missing = v.missing
            v.values.withUnsafeBufferPointer { xs in
                for i in 0..<n where xs[i] != 0 {
                    if let missing, missing[i] { continue }
                    mask[i] = true
                }
            }
            return mask
        default:
            throw DataError(
                "filter needs a condition that is true or false, but '\(text)' gives \(result.typeName) values",
                hint: "compare it with something, e.g. \(root.identifiers.first.map(ExpressionNode.renderName) ?? "x") > 0")
        }
    }

    /// Evaluates the expression to a single value, without a frame. `resolver` is asked
    /// for every identifier, every member call and every call that is not a built-in
    /// function; returning nil means "unknown here" and gives the usual error.
    public func evaluateValue(resolving resolver: (ExpressionNode) throws -> Value?) throws -> Value {
        try root.evaluateValue(resolving: resolver)
    }
}

extension ExpressionNode {
    /// See `Expression.evaluateValue(resolving:)`.
    public func evaluateValue(resolving resolver: (ExpressionNode) throws -> Value?) throws -> Value {
        try withoutActuallyEscaping(resolver) { resolver in
            let evaluator = ExpressionEvaluator(frame: nil, rowCount: 1, resolver: resolver)
            switch try evaluator.evaluate(self) {
            case .number(let v, .boolean): return .bool(v != 0)
            case .number(let v, _): return .number(v)
            case .string(let s): return .string(s)
            case .missing: return .missing
            case .numbers, .strings:
                throw DataError("'\(self)' does not give a single value")
            }
        }
    }
}

/// Where an evaluation error happened: a row (0-based here, reported 1-based) or, for a
/// computation between constants, every row.
enum FailureLocation {
    case row(Int)
    case everywhere

    var suffix: String {
        switch self {
        case .row(let r): return " in row \(r + 1)"
        case .everywhere: return ""
        }
    }

    /// The row to read input values from (0 for constants).
    var index: Int {
        switch self {
        case .row(let r): return r
        case .everywhere: return 0
        }
    }
}

/// Walks the tree bottom-up, computing each node for all rows at once.
struct ExpressionEvaluator {
    /// A row whose result cannot matter because the left side of an enclosing `and`
    /// is false there (or of an `or` is true): errors such as division by zero are not
    /// raised for it, so `b != 0 and a / b > 1` works as it reads.
    struct Guard {
        let operand: Operand
        let decidedWhen: Double
    }

    let frame: Frame?
    let rowCount: Int
    let resolver: ((ExpressionNode) throws -> Value?)?
    var guards: [Guard] = []

    init(frame: Frame?, rowCount: Int, resolver: ((ExpressionNode) throws -> Value?)?) {
        self.frame = frame
        self.rowCount = rowCount
        self.resolver = resolver
    }

    // MARK: - Dispatch

    func evaluate(_ node: ExpressionNode) throws -> Operand {
        try Cancellation.check()
        switch node {
        case .literal(let v):
            return .constant(v)
        case .identifier(let name):
            return try lookUp(name, node)
        case .unary(.negate, let x):
            return try negate(try evaluate(x))
        case .unary(.not, let x):
            return try logicalNot(try evaluate(x))
        case .binary(let op, let l, let r):
            if op.isComparison, let error = try unquotedText([l], beside: r) ?? unquotedText([r], beside: l) {
                throw error
            }
            let a = try evaluate(l)
            if op.isLogical {
                var inner = self
                inner.guards.append(Guard(operand: a, decidedWhen: op == .and ? 0 : 1))
                return try logical(op, a, try inner.evaluate(r))
            }
            let b = try evaluate(r)
            if op.isComparison { return try compare(op, a, b) }
            return try arithmetic(op, a, b, right: r)
        case .call(let name, let args):
            return try call(name, args, node)
        case .member(_, let name, let args):
            if let resolver, let value = try resolver(node) { return .constant(value) }
            let shown = args == nil ? ".\(name)" : ".\(name)(...)"
            throw DataError(
                "'\(shown)' is not supported here",
                hint: "member calls such as frame(\"titanic\").rows are for lesson checks; in filter and derive use columns, operators and functions like log(x)")
        case .isMissing(let x, let negated):
            return isMissing(try evaluate(x), negated: negated)
        case .inList(let x, let items, let negated):
            if let error = try unquotedText(items, beside: x) { throw error }
            let result = try membership(try evaluate(x), items.map { try evaluate($0) })
            return negated ? try logicalNot(result) : result
        }
    }

    private func lookUp(_ name: String, _ node: ExpressionNode) throws -> Operand {
        if let frame {
            guard let i = frame.index(of: name) else { throw frame.unknownColumn(name) }
            return Operand(frame.columns[i])
        }
        if let resolver, let value = try resolver(node) { return .constant(value) }
        throw DataError("unknown name '\(name)'", hint: "strings need quotes, e.g. \"\(name)\"")
    }

    /// `sex == male` or `sex in (male, female)`: a name that is not a column, next to
    /// text, is most likely text that lost its quotes. Nil when that is not the case.
    private func unquotedText(_ nodes: [ExpressionNode], beside other: ExpressionNode) throws -> DataError? {
        guard let frame else { return nil }
        for node in nodes {
            guard case .identifier(let name) = node, frame.index(of: name) == nil else { continue }
            if case .identifier(let otherName) = other, frame.index(of: otherName) == nil { return nil }
            guard try evaluate(other).type == .string else { return nil }
            return DataError(
                "no column '\(name)' in frame '\(frame.name)'",
                hint: "text values go in quotes, e.g. \(ExpressionNode.render(.string(name)))")
        }
        return nil
    }

    // MARK: - Results

    func column(from result: Operand, name: String) throws -> Column {
        let n = rowCount
        switch result {
        case .numbers(let v):
            return Column(name: name, type: v.type, values: ExpressionKernels.zeroingMissing(v.values, v.missing), missing: v.missing)
        case .strings(let s):
            return Column(name: name, codes: s.codes, levels: s.levels)
        case .number(let x, let type):
            return Column(name: name, type: type, values: [Double](repeating: x, count: n))
        case .string(let s):
            return Column(name: name, codes: [Int32](repeating: 0, count: n), levels: n > 0 ? [s] : [])
        case .missing(.string):
            return Column(name: name, codes: [Int32](repeating: -1, count: n), levels: [])
        case .missing(let type):
            return Column(name: name, type: type ?? .float, values: [Double](repeating: 0, count: n),
                          missing: Bitmap(count: n, value: true))
        }
    }

    // MARK: - Errors

    /// The first row where `failed` holds, skipping rows that are missing in `missing`
    /// or decided by an enclosing `and`/`or`. For a constant computation (`vector` false)
    /// the answer is `.everywhere` unless every row is decided.
    func failure(vector: Bool, missing: Bitmap?, where failed: (Int) -> Bool) -> FailureLocation? {
        if !vector {
            guard failed(0) else { return nil }
            if guards.isEmpty { return .everywhere }
            for i in 0..<rowCount where !isDecided(i) { return .everywhere }
            return nil
        }
        for i in 0..<rowCount where failed(i) {
            if let missing, missing[i] { continue }
            if isDecided(i) { continue }
            return .row(i)
        }
        return nil
    }

    private func isDecided(_ row: Int) -> Bool {
        for g in guards {
            let r = g.operand.isVector ? row : 0
            if !g.operand.isMissing(at: r), g.operand.number(at: r) == g.decidedWhen { return true }
        }
        return false
    }

    static func typeError(_ op: String, _ a: Operand, _ b: Operand, hint: String? = nil) -> DataError {
        DataError("cannot apply '\(op)' to \(a.typeName) and \(b.typeName)", hint: hint)
    }

    // MARK: - Unary

    private func negate(_ x: Operand) throws -> Operand {
        guard let type = x.type else { return x }
        guard type.isArithmetic else {
            throw DataError("cannot apply unary '-' to \(type.rawValue)", hint: "negation works on numbers")
        }
        let resultType: ColumnType = type == .float ? .float : .integer
        switch x {
        case .numbers(let v):
            return .numbers(NumericVector(values: ExpressionKernels.map(v.values) { -$0 }, missing: v.missing, type: resultType))
        case .number(let c, _):
            return .number(-c, resultType)
        default:
            return .missing(resultType)
        }
    }

    private func isMissing(_ x: Operand, negated: Bool) -> Operand {
        let set: Double = negated ? 0 : 1
        switch x {
        case .numbers, .strings:
            return .numbers(NumericVector(
                values: ExpressionKernels.values(from: x.missingMask, count: rowCount, setValue: set),
                missing: nil, type: .boolean))
        case .missing:
            return .number(set, .boolean)
        default:
            return .number(1 - set, .boolean)
        }
    }

    // MARK: - Logic

    private static let logicHint = "'and', 'or' and 'not' combine true/false conditions; compare first, e.g. age > 30 and fare < 10"

    func logicalNot(_ x: Operand) throws -> Operand {
        guard x.isBooleanLike else {
            throw DataError("cannot apply 'not' to \(x.typeName)", hint: Self.logicHint)
        }
        switch x {
        case .numbers(let v):
            return .numbers(NumericVector(values: ExpressionKernels.map(v.values) { 1 - $0 }, missing: v.missing, type: .boolean))
        case .number(let c, _):
            return .number(1 - c, .boolean)
        default:
            return .missing(.boolean)
        }
    }

    /// Three-valued `and`/`or`: false and missing is false, true or missing is true,
    /// anything else involving missing is missing.
    func logical(_ op: ExpressionNode.BinaryOperator, _ a: Operand, _ b: Operand) throws -> Operand {
        guard a.isBooleanLike, b.isBooleanLike else {
            throw Self.typeError(op.rawValue, a, b, hint: Self.logicHint)
        }
        // `decisive` settles the result whatever the other side is (false for and, true for or).
        let decisive: Double = op == .and ? 0 : 1
        switch (a, b) {
        case (.numbers(let x), .numbers(let y)):
            return .numbers(combine(x, y, decisive: decisive))
        case (.numbers(let x), _), (_, .numbers(let x)):
            let other = a.isVector ? b : a
            if case .number(let c, _) = other {
                // x and true = x; x and false = false (for or: x or false = x; x or true = true).
                return c == decisive ? .number(decisive, .boolean) : .numbers(x)
            }
            // x and missing: false where x is false, otherwise missing.
            let allMissing = NumericVector(values: [Double](repeating: 0, count: rowCount),
                                           missing: Bitmap(count: rowCount, value: true), type: .boolean)
            return .numbers(combine(x, allMissing, decisive: decisive))
        default:
            let p = a.isMissingConstant ? nil : a.number(at: 0)
            let q = b.isMissingConstant ? nil : b.number(at: 0)
            if p == decisive || q == decisive { return .number(decisive, .boolean) }
            if p == nil || q == nil { return .missing(.boolean) }
            return .number(1 - decisive, .boolean)
        }
    }

    private func combine(_ x: NumericVector, _ y: NumericVector, decisive: Double) -> NumericVector {
        let n = rowCount
        if x.missing == nil && y.missing == nil {
            let values = decisive == 0
                ? ExpressionKernels.map2(.vector(x.values), .vector(y.values), count: n) { Swift.min($0, $1) }
                : ExpressionKernels.map2(.vector(x.values), .vector(y.values), count: n) { Swift.max($0, $1) }
            return NumericVector(values: values, missing: nil, type: .boolean)
        }
        var values = [Double](repeating: 0, count: n)
        var missing = Bitmap(count: n)
        let xm = x.missing ?? Bitmap(count: n), ym = y.missing ?? Bitmap(count: n)
        xm.words.withUnsafeBufferPointer { xmw in
            ym.words.withUnsafeBufferPointer { ymw in
                x.values.withUnsafeBufferPointer { xs in
                    y.values.withUnsafeBufferPointer { ys in
                        for i in 0..<n {
                            let bit = UInt64(1) << UInt64(i & 63)
                            let xMissing = xmw[i >> 6] & bit != 0, yMissing = ymw[i >> 6] & bit != 0
                            if (!xMissing && xs[i] == decisive) || (!yMissing && ys[i] == decisive) {
                                values[i] = decisive
                            } else if xMissing || yMissing {
                                missing[i] = true
                            } else {
                                values[i] = 1 - decisive
                            }
                        }
                    }
                }
            }
        }
        return NumericVector(values: values, missing: missing, type: .boolean)
    }

    // MARK: - Membership

    /// `x in (a, b, ...)` is `x == a or x == b or ...` (so a missing x gives missing),
    /// with a fast path for a text column against text constants.
    private func membership(_ x: Operand, _ items: [Operand]) throws -> Operand {
        if case .strings(let s) = x {
            var wanted = Set<String>()
            for item in items {
                guard case .string(let v) = item else { wanted.removeAll(); break }
                wanted.insert(v)
            }
            if wanted.count > 0 || items.isEmpty {
                let hit = s.levels.map { wanted.contains($0) ? 1.0 : 0.0 }
                return .numbers(stringLookup(s, hit))
            }
        }
        var result: Operand?
        for item in items {
            let equal = try compare(.equal, x, item, operatorName: "in")
            result = try result.map { try logical(.or, $0, equal) } ?? equal
        }
        return result ?? .number(0, .boolean)
    }

    /// A boolean vector from a per-level answer; missing where the code is -1.
    func stringLookup(_ s: StringVector, _ perLevel: [Double]) -> NumericVector {
        let n = s.codes.count
        var missing: Bitmap?
        let values = [Double](unsafeUninitializedCapacity: n) { out, initialized in
            s.codes.withUnsafeBufferPointer { cs in
                perLevel.withUnsafeBufferPointer { lv in
                    for i in 0..<n {
                        let c = cs[i]
                        if c < 0 {
                            out[i] = 0
                            if missing == nil { missing = Bitmap(count: n) }
                            missing![i] = true
                        } else {
                            out[i] = lv[Int(c)]
                        }
                    }
                }
            }
            initialized = n
        }
        return NumericVector(values: values, missing: missing, type: .boolean)
    }
}
