/// The syntax tree of an expression. Deliberately general: the same tree serves
/// row-wise evaluation over a frame (`filter`, `derive`) and, later, checks over
/// session state such as `frame("titanic").missing("age") == 0`.
public indirect enum ExpressionNode: Sendable, Hashable, CustomStringConvertible {
    /// A constant: a number, a string, true/false or `missing`.
    case literal(Value)
    /// A bare or backticked name; over a frame, a column.
    case identifier(String)
    case unary(UnaryOperator, ExpressionNode)
    case binary(BinaryOperator, ExpressionNode, ExpressionNode)
    /// `name(arguments)`; the name is kept as typed (function lookup ignores case).
    case call(name: String, arguments: [ExpressionNode])
    /// `target.name(arguments)`, or `target.name` (property style) when `arguments` is nil.
    case member(target: ExpressionNode, name: String, arguments: [ExpressionNode]?)
    /// `operand is missing`, or `operand is not missing` when negated.
    case isMissing(ExpressionNode, negated: Bool)
    /// `operand in (items)`, or `operand not in (items)` when negated.
    case inList(ExpressionNode, [ExpressionNode], negated: Bool)

    public enum UnaryOperator: String, Sendable, Hashable, CaseIterable {
        case negate = "-"
        case not = "not"
    }

    public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "**"
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case and = "and", or = "or"

        public var isArithmetic: Bool {
            switch self {
            case .add, .subtract, .multiply, .divide, .modulo, .power: return true
            default: return false
            }
        }

        public var isComparison: Bool {
            switch self {
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
            default: return false
            }
        }

        public var isLogical: Bool { self == .and || self == .or }

        /// Binding strength, as in Python: or < and < not < comparisons < + - < * / % < unary - < **.
        var precedence: Int {
            switch self {
            case .or: return 1
            case .and: return 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
            case .add, .subtract: return 5
            case .multiply, .divide, .modulo: return 6
            case .power: return 8
            }
        }
    }

    /// Words with a meaning of their own; a column with one of these names needs backticks.
    public static let keywords: Set<String> = ["and", "or", "not", "in", "is", "true", "false", "missing"]

    /// The direct sub-expressions, in source order.
    public var children: [ExpressionNode] {
        switch self {
        case .literal, .identifier: return []
        case .unary(_, let x): return [x]
        case .binary(_, let l, let r): return [l, r]
        case .call(_, let args): return args
        case .member(let target, _, let args): return [target] + (args ?? [])
        case .isMissing(let x, _): return [x]
        case .inList(let x, let items, _): return [x] + items
        }
    }

    /// Every identifier in the tree, each once, in order of first appearance.
    public var identifiers: [String] {
        var seen = Set<String>()
        var out: [String] = []
        func walk(_ node: ExpressionNode) {
            if case .identifier(let name) = node, seen.insert(name).inserted { out.append(name) }
            for child in node.children { walk(child) }
        }
        walk(self)
        return out
    }

    /// Whether the tree is more than `limit` levels deep (checked without recursion).
    func depthExceeds(_ limit: Int) -> Bool {
        var stack: [(ExpressionNode, Int)] = [(self, 1)]
        while let (node, depth) = stack.popLast() {
            if depth > limit { return true }
            for child in node.children { stack.append((child, depth + 1)) }
        }
        return false
    }

    // MARK: - Rendering

    /// Source text for the tree, with only the parentheses the grammar needs;
    /// parsing it gives back an equal tree.
    public var description: String { rendered }

    private var precedence: Int {
        switch self {
        case .binary(let op, _, _): return op.precedence
        case .unary(.not, _): return 3
        case .unary(.negate, _): return 7
        case .isMissing, .inList: return 4
        case .literal(.number(let v)) where v < 0 || (v == 0 && v.sign == .minus): return 7
        default: return 9
        }
    }

    private func wrapped(_ node: ExpressionNode, below minimum: Int) -> String {
        node.precedence < minimum ? "(\(node.rendered))" : node.rendered
    }

    private var rendered: String {
        switch self {
        case .literal(let v):
            return Self.render(v)
        case .identifier(let name):
            return Self.renderName(name)
        case .unary(.negate, let x):
            let inner = wrapped(x, below: 7)
            return inner.hasPrefix("-") ? "- " + inner : "-" + inner
        case .unary(.not, let x):
            return "not " + wrapped(x, below: 3)
        case .binary(let op, let l, let r):
            let p = op.precedence
            let left: String, right: String
            switch op {
            case .power:
                left = wrapped(l, below: 9)
                right = wrapped(r, below: 7)
            case _ where op.isComparison:
                left = wrapped(l, below: 5)
                right = wrapped(r, below: 5)
            default:
                left = wrapped(l, below: p)
                right = wrapped(r, below: p + 1)
            }
            return "\(left) \(op.rawValue) \(right)"
        case .call(let name, let args):
            return "\(name)(\(args.map(\.rendered).joined(separator: ", ")))"
        case .member(let target, let name, let args):
            let head = "\(wrapped(target, below: 9)).\(name)"
            guard let args else { return head }
            return "\(head)(\(args.map(\.rendered).joined(separator: ", ")))"
        case .isMissing(let x, let negated):
            return "\(wrapped(x, below: 5)) is \(negated ? "not " : "")missing"
        case .inList(let x, let items, let negated):
            return "\(wrapped(x, below: 5)) \(negated ? "not " : "")in (\(items.map(\.rendered).joined(separator: ", ")))"
        }
    }

    static func render(_ value: Value) -> String {
        switch value {
        case .number(let v): return formatNumber(v)
        case .bool(let b): return b ? "true" : "false"
        case .missing: return "missing"
        case .string(let s): return CommandText.quoted(s)
        }
    }

    static func renderName(_ name: String) -> String {
        let plain = name.first.map { $0 == "_" || $0.isLetter } ?? false
            && name.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
            && !keywords.contains(name.lowercased())
        return plain ? name : "`\(name)`"
    }

    /// 3 for 3.0, 1.5 for 1.5, 1e-07 style for tiny or huge values.
    static func formatNumber(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}
