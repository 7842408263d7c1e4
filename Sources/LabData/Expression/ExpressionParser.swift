/// Recursive-descent parser. Grammar, loosest binding first (as in Python):
///
///     expression  := or
///     or          := and (("or" | "||") and)*
///     and         := not (("and" | "&&") not)*
///     not         := ("not" | "!") not | comparison
///     comparison  := sum (compare-op sum)*               -- a < b < c means a < b and b < c
///                  | sum "is" ["not"] "missing"
///                  | sum ["not"] "in" "(" expression ("," expression)* [","] ")"
///     sum         := product (("+" | "-") product)*
///     product     := unary (("*" | "/" | "%") unary)*
///     unary       := ("-" | "+") unary | power
///     power       := postfix ["**" unary]                -- right-associative; -2 ** 2 is -(2 ** 2)
///     postfix     := primary ("." name ["(" arguments ")"])*
///     primary     := number | string | "true" | "false" | "missing"
///                  | name ["(" arguments ")"] | `quoted name` | "(" expression ")"
struct ExpressionParser {
    private let tokens: [ExpressionToken]
    private var index = 0

    static func parse(_ text: String) throws -> ExpressionNode {
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokenize(text))
        if parser.current.isEnd {
            throw DataError("empty expression", hint: "write something like: age > 30 and sex == \"female\"")
        }
        let node = try parser.parseExpression()
        guard parser.current.isEnd else {
            let t = parser.current
            let hint: String
            if t.isSymbol(")") {
                hint = "this ')' has no matching '('"
            } else if t.isKeyword("between") {
                // SQL's words, which this language spells otherwise.
                hint = "write a range as two comparisons: age >= 20 and age <= 30"
            } else if t.isKeyword("like") {
                hint = "text patterns: contains(name, \"Master\"), startswith(name, \"A\"), endswith(name, \"son\")"
            } else {
                hint = "is an operator such as 'and', '+' or '==' missing before it?"
            }
            throw DataError("unexpected \(t.quotedForMessage) at position \(t.position)", hint: hint).at(t.position)
        }
        if node.depthExceeds(maximumDepth) { throw tooDeep() }
        return node
    }

    /// Deeper trees are refused, so that neither parsing nor evaluation (both recursive)
    /// can exhaust the stack.
    static let maximumDepth = 200

    private static func tooDeep() -> DataError {
        DataError(
            "expression is nested too deeply (more than \(maximumDepth) levels)",
            hint: "split the work into several derive steps")
    }

    /// Counts recursive descents; see `maximumDepth`.
    private var nesting = 0

    private mutating func descend() throws {
        nesting += 1
        if nesting > Self.maximumDepth { throw Self.tooDeep() }
    }

    private init(tokens: [ExpressionToken]) {
        self.tokens = tokens
    }

    private var current: ExpressionToken { tokens[index] }
    private var next: ExpressionToken { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func advance() -> ExpressionToken {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    /// "expected X at position N, found Y", or "unexpected end of expression: expected X at position N".
    private func expected(_ what: String, hint: String? = nil) -> DataError {
        let t = current
        if t.isEnd {
            return DataError("unexpected end of expression: expected \(what) at position \(t.position)", hint: hint).at(t.position)
        }
        return DataError("expected \(what) at position \(t.position), found \(t.quotedForMessage)", hint: hint).at(t.position)
    }

    private mutating func expectSymbol(_ symbol: String, hint: String? = nil) throws {
        guard current.isSymbol(symbol) else { throw expected("'\(symbol)'", hint: hint) }
        _ = advance()
    }

    // MARK: - Levels

    private mutating func parseExpression() throws -> ExpressionNode {
        try descend()
        defer { nesting -= 1 }
        return try parseOr()
    }

    private mutating func parseOr() throws -> ExpressionNode {
        var left = try parseAnd()
        let saved = nesting
        defer { nesting = saved }
        while current.isKeyword("or") || current.isSymbol("||") {
            _ = advance()
            try descend()
            left = .binary(.or, left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws -> ExpressionNode {
        var left = try parseNot()
        let saved = nesting
        defer { nesting = saved }
        while current.isKeyword("and") || current.isSymbol("&&") {
            _ = advance()
            try descend()
            left = .binary(.and, left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws -> ExpressionNode {
        if current.isKeyword("not") || current.isSymbol("!") {
            _ = advance()
            try descend()
            defer { nesting -= 1 }
            return .unary(.not, try parseNot())
        }
        return try parseComparison()
    }

    private var comparisonOperator: ExpressionNode.BinaryOperator? {
        guard case .symbol(let s) = current.kind else { return nil }
        switch s {
        case "==", "=": return .equal
        case "!=", "<>": return .notEqual
        case "<": return .less
        case "<=": return .lessOrEqual
        case ">": return .greater
        case ">=": return .greaterOrEqual
        default: return nil
        }
    }

    private var startsMembershipOrMissingTest: Bool {
        current.isKeyword("is") || current.isKeyword("in") || (current.isKeyword("not") && next.isKeyword("in"))
    }

    private mutating func parseComparison() throws -> ExpressionNode {
        let first = try parseSum()
        if startsMembershipOrMissingTest {
            let node = try parseMembershipOrMissingTest(first)
            if comparisonOperator != nil || startsMembershipOrMissingTest {
                throw DataError(
                    "cannot chain \(current.quotedForMessage) after an 'is'/'in' test at position \(current.position)",
                    hint: "add parentheses, e.g. (x is missing) == false").at(current.position)
            }
            return node
        }
        if current.isKeyword("not") {
            throw DataError(
                "unexpected 'not' at position \(current.position)",
                hint: "did you mean 'not in (...)' or 'is not missing'? 'not' otherwise goes before a condition").at(current.position)
        }
        var comparisons: [ExpressionNode] = []
        var left = first
        let saved = nesting
        defer { nesting = saved }
        while let op = comparisonOperator {
            let at = current.position
            _ = advance()
            try descend()
            let right = try parseSum()
            if left == .literal(.missing) || right == .literal(.missing) {
                // x == missing would be false on every row (a missing value equals nothing), silently.
                throw DataError("cannot compare with missing at position \(at): a missing value equals nothing, so no row would match",
                                hint: "test for it with `is missing` or `is not missing`, e.g. age is missing").at(at)
            }
            comparisons.append(.binary(op, left, right))
            left = right
            if startsMembershipOrMissingTest {
                throw DataError(
                    "cannot chain \(current.quotedForMessage) after a comparison at position \(current.position)",
                    hint: "add parentheses, e.g. (a == b) is missing").at(current.position)
            }
        }
        guard var combined = comparisons.first else { return first }
        for c in comparisons.dropFirst() { combined = .binary(.and, combined, c) }
        return combined
    }

    private mutating func parseMembershipOrMissingTest(_ operand: ExpressionNode) throws -> ExpressionNode {
        if current.isKeyword("is") {
            _ = advance()
            var negated = false
            if current.isKeyword("not") {
                _ = advance()
                negated = true
            }
            guard current.isKeyword("missing") else {
                throw expected(
                    negated ? "'missing' after 'is not'" : "'missing' or 'not missing' after 'is'",
                    hint: "'is' only tests for missing values; compare values with ==")
            }
            _ = advance()
            return .isMissing(operand, negated: negated)
        }
        var negated = false
        if current.isKeyword("not") {
            _ = advance()
            negated = true
        }
        _ = advance()  // "in"
        try expectSymbol("(", hint: "list the values in parentheses, e.g. x in (1, 2, 3)")
        var items = [try parseListItem()]
        while current.isSymbol(",") {
            _ = advance()
            if current.isSymbol(")") { break }  // a trailing comma is fine
            items.append(try parseListItem())
        }
        try expectSymbol(")", hint: "separate the values with commas and close the list with ')'")
        return .inList(operand, items, negated: negated)
    }

    private mutating func parseListItem() throws -> ExpressionNode {
        if current.isSymbol(")") {
            throw expected("a value", hint: "an 'in' list needs at least one value, e.g. x in (1, 2)")
        }
        return try parseExpression()
    }

    private mutating func parseSum() throws -> ExpressionNode {
        var left = try parseProduct()
        let saved = nesting
        defer { nesting = saved }
        while true {
            try descend()
            if current.isSymbol("+") {
                _ = advance()
                left = .binary(.add, left, try parseProduct())
            } else if current.isSymbol("-") {
                _ = advance()
                left = .binary(.subtract, left, try parseProduct())
            } else {
                return left
            }
        }
    }

    private mutating func parseProduct() throws -> ExpressionNode {
        var left = try parseUnary()
        let saved = nesting
        defer { nesting = saved }
        while true {
            try descend()
            let op: ExpressionNode.BinaryOperator
            if current.isSymbol("*") { op = .multiply }
            else if current.isSymbol("/") { op = .divide }
            else if current.isSymbol("%") { op = .modulo }
            else { return left }
            _ = advance()
            left = .binary(op, left, try parseUnary())
        }
    }

    private mutating func parseUnary() throws -> ExpressionNode {
        if current.isSymbol("-") {
            _ = advance()
            try descend()
            defer { nesting -= 1 }
            let operand = try parseUnary()
            // Fold "-3" into a literal, but only for a plain non-negative number so that
            // printing and re-parsing the tree gives the same tree.
            if case .literal(.number(let v)) = operand, v.sign == .plus {
                return .literal(.number(-v))
            }
            return .unary(.negate, operand)
        }
        if current.isSymbol("+") {
            _ = advance()
            try descend()
            defer { nesting -= 1 }
            return try parseUnary()
        }
        return try parsePower()
    }

    private mutating func parsePower() throws -> ExpressionNode {
        let base = try parsePostfix()
        if current.isSymbol("**") {
            _ = advance()
            try descend()
            defer { nesting -= 1 }
            return .binary(.power, base, try parseUnary())
        }
        return base
    }

    private mutating func parsePostfix() throws -> ExpressionNode {
        var node = try parsePrimary()
        let saved = nesting
        defer { nesting = saved }
        while current.isSymbol(".") {
            _ = advance()
            try descend()
            guard case .identifier(let name, _) = current.kind else {
                throw expected("a name after '.'", hint: "member calls look like frame(\"titanic\").missing(\"age\")")
            }
            _ = advance()
            if current.isSymbol("(") {
                node = .member(target: node, name: name, arguments: try parseArguments())
            } else {
                node = .member(target: node, name: name, arguments: nil)
            }
        }
        return node
    }

    /// "(" [expression ("," expression)*] ")" — the current token is the "(".
    private mutating func parseArguments() throws -> [ExpressionNode] {
        _ = advance()
        var args: [ExpressionNode] = []
        if current.isSymbol(")") {
            _ = advance()
            return args
        }
        while true {
            args.append(try parseExpression())
            if current.isSymbol(",") {
                _ = advance()
                continue
            }
            try expectSymbol(")", hint: "separate arguments with commas and close the call with ')'")
            return args
        }
    }

    private mutating func parsePrimary() throws -> ExpressionNode {
        let t = current
        switch t.kind {
        case .number(let v):
            _ = advance()
            return .literal(.number(v))
        case .string(let s):
            _ = advance()
            return .literal(.string(s))
        case .identifier(let name, let quoted):
            if !quoted {
                switch name.lowercased() {
                case "true":
                    _ = advance()
                    return .literal(.bool(true))
                case "false":
                    _ = advance()
                    return .literal(.bool(false))
                case "missing":
                    _ = advance()
                    return .literal(.missing)
                case "and", "or", "in", "is", "not":
                    throw expected("a value", hint: "'\(name)' is a keyword; a column with that name needs backticks: `\(name)`")
                default:
                    break
                }
            }
            _ = advance()
            if !quoted && current.isSymbol("(") {
                return .call(name: name, arguments: try parseArguments())
            }
            return .identifier(name)
        case .symbol("("):
            _ = advance()
            let inner = try parseExpression()
            try expectSymbol(")", hint: "every '(' needs a matching ')'")
            return inner
        default:
            throw expected("a value", hint: "a value is a number, a \"string\", a column name, a function call or an expression in parentheses")
        }
    }
}
