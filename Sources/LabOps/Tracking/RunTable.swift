import LabData

/// `runs where EXPR` over thousands of runs at frame speed: the fields the condition reads
/// become the columns of a frame (one row per run), `params.C` in the tree becomes the column
/// `params.C`, and the expression is evaluated once over whole columns instead of once per run.
enum RunTable {
    /// The rows (run indices) where `expression` is true; a missing result counts as false.
    static func matches(_ expression: Expression, runs: [RunRecord], text: String) throws -> [Int] {
        var columns: [String: Column] = [:]
        let root = try rewrite(expression.root) { path, name in
            let values = runs.map { RunFilter.value(path, in: $0) }
            // A field none of these runs has is missing whatever it is compared with (a number or text).
            guard values.contains(where: { if case .missing? = $0 { return false } else { return $0 != nil } }) else { return .literal(.missing) }
            if columns[name] == nil { columns[name] = column(name, values, text: runs.map { rawText(path, $0) }) }
            return .identifier(name)
        }
        let frame = try Frame(name: "runs", columns: columns.keys.sorted().map { columns[$0]! }
                              + [Column(name: "_row", type: .integer, values: runs.indices.map(Double.init))])
        let result = try Expression(root).evaluate(on: frame, name: "where")
        guard result.type == .boolean, case .numbers(let v, let missing) = result.data else {
            throw DataError("runs where needs a condition that is true or false, but '\(text)' gives a value",
                            hint: "compare it with something, e.g. metrics.roc_auc > 0.8")
        }
        return v.indices.filter { v[$0] != 0 && !(missing?[$0] ?? false) }
    }

    /// The tree with every run field (`params.C`, `metrics.roc_auc`, `name`) replaced by what `use`
    /// makes of it (the column name it is given, or a constant).
    static func rewrite(_ node: ExpressionNode, _ use: (RunFilter.FieldPath, String) -> ExpressionNode) throws -> ExpressionNode {
        if let path = RunFilter.path(of: node) { return use(path, path.columnName) }
        func r(_ n: ExpressionNode) throws -> ExpressionNode { try rewrite(n, use) }
        switch node {
        case .literal, .identifier: return node
        case .unary(let op, let x): return .unary(op, try r(x))
        case .binary(let op, let a, let b): return .binary(op, try r(a), try r(b))
        case .call(let name, let arguments): return .call(name: name, arguments: try arguments.map(r))
        case .member(let target, let name, let arguments): return .member(target: try r(target), name: name, arguments: try arguments?.map(r))
        case .isMissing(let x, let negated): return .isMissing(try r(x), negated: negated)
        case .inList(let x, let items, let negated): return .inList(try r(x), try items.map(r), negated: negated)
        }
    }

    /// Numbers when every value present reads as one (so `params.C < 1` compares numbers), else text.
    static func column(_ name: String, _ values: [Value?], text: [String?]) -> Column {
        var numbers = [Double](repeating: 0, count: values.count)
        var missing = Bitmap(count: values.count)
        var allNumbers = true, allBooleans = true
        for (i, v) in values.enumerated() {
            switch v {
            case .number(let x)?: numbers[i] = x; allBooleans = false
            case .bool(let b)?: numbers[i] = b ? 1 : 0; allNumbers = false
            case .string?: allNumbers = false; allBooleans = false
            case .missing?, nil: missing[i] = true
            }
        }
        if allNumbers { return Column(name: name, type: .float, values: numbers, missing: missing) }
        if allBooleans { return Column(name: name, type: .boolean, values: numbers, missing: missing) }
        return Column(name: name, strings: text)
    }

    /// A field as the run holds it (a param's text exactly as logged).
    static func rawText(_ path: RunFilter.FieldPath, _ run: RunRecord) -> String? {
        switch path {
        case .params(let k): return run.params[k]
        case .tags(let k): return run.tags[k]
        case .metrics(let k): return run.metrics[k].map { String($0) }
        case .plain: return RunFilter.value(path, in: run).map(RunFilter.text)
        }
    }
}

extension RunFilter.FieldPath {
    var columnName: String {
        switch self {
        case .params(let k): return "params.\(k)"
        case .metrics(let k): return "metrics.\(k)"
        case .tags(let k): return "tags.\(k)"
        case .plain(let k): return k
        }
    }
}
