import LabData

/// `runs where EXPR` and `sort=-metrics.roc_auc`: the shared expression language over a run's
/// `params.*`, `metrics.*` and `tags.*` (and `name`, `status`, `experiment`, `start`).
/// A param that reads as a number compares as one, so `params.C < 1` works.
public enum RunFilter {
    public static let fields = ["name", "status", "experiment", "start", "id"]

    /// The runs for which `text` is true (a missing value counts as false). A name that no run
    /// has (a mistyped metric) is an error with a suggestion, not a silent empty result.
    /// `known` lists the names that exist (`TrackingQueries.keys`) when `runs` were read with only some fields.
    public static func filter(_ runs: [RunRecord], where text: String, known: RunFields? = nil) throws -> [RunRecord] {
        let expression = try Expression.parse(text)
        try checkNames(in: expression.root, known: known ?? names(in: runs), empty: runs.isEmpty)
        return try RunTable.matches(expression, runs: runs, text: text).map { runs[$0] }
    }

    /// Sorted by a field (`-` first for descending); runs without the value go last.
    public static func sort(_ runs: [RunRecord], by key: String, known: RunFields? = nil) throws -> [RunRecord] {
        let descending = key.hasPrefix("-")
        let field = descending ? String(key.dropFirst()) : key
        guard let path = FieldPath(field) else { throw unknownField(field) }
        try checkKnown(path, known: known ?? names(in: runs), empty: runs.isEmpty)
        // Positions are sorted, not the runs: moving a run copies all its dictionaries.
        let values = runs.map { value(path, in: $0) }
        return runs.indices.sorted { a, b in
            switch (values[a], values[b]) {
            case (nil, nil): return a < b
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?):
                if x == y { return a < b }
                return descending ? less(y, x) : less(x, y)
            }
        }.map { runs[$0] }
    }

    /// The value of `params.C`, `metrics.roc_auc`, `tags.x` or a plain field, if the run has it.
    public static func value(of field: String, in run: RunRecord) -> Value? {
        FieldPath(field).flatMap { value($0, in: run) }
    }

    /// A number for plotting: metrics, numeric params and tags, the start time.
    public static func number(of field: String, in run: RunRecord) -> Double? {
        switch value(of: field, in: run) {
        case .number(let x)?: return x
        default: return nil
        }
    }

    /// Checks that `field` names something at least one run has.
    public static func checkField(_ field: String, runs: [RunRecord], known: RunFields? = nil, empty: Bool? = nil) throws {
        guard let path = FieldPath(field) else { throw unknownField(field) }
        try checkKnown(path, known: known ?? names(in: runs), empty: empty ?? runs.isEmpty)
    }

    /// The params, metrics and tags a condition and some field names (`-metrics.roc_auc`, `params.C`) read.
    public static func fields(where text: String?, _ names: [String]) throws -> RunFields {
        var out = RunFields()
        func add(_ path: FieldPath?) {
            switch path {
            case .params(let k)?: out.params.insert(k)
            case .metrics(let k)?: out.metrics.insert(k)
            case .tags(let k)?: out.tags.insert(k)
            case .plain?, nil: break
            }
        }
        for name in names { add(FieldPath(name.hasPrefix("-") ? String(name.dropFirst()) : name)) }
        if let text {
            func walk(_ node: ExpressionNode) {
                if let p = path(of: node) { add(p) }
                node.children.forEach(walk)
            }
            walk(try Expression.parse(text).root)
        }
        return out
    }

    /// Checks every name a condition and some fields (`-metrics.roc_auc`) use against the names
    /// that exist, before lab.db narrows the runs: a typo is an error even when no run is left.
    /// With no runs to look at (`empty`), only the shape of each name is checked.
    public static func check(where text: String?, fields names: [String], known: RunFields, empty: Bool) throws {
        if let text { try checkNames(in: try Expression.parse(text).root, known: known, empty: empty) }
        for name in names { try checkField(name.hasPrefix("-") ? String(name.dropFirst()) : name, runs: [], known: known, empty: empty) }
    }

    /// The parts of a condition lab.db answers from its index: `metrics.K` compared with a number,
    /// joined to the rest by a top-level `and`. The runs they keep are a superset of the runs the
    /// whole condition keeps, which `filter` then decides. `!=` is left to `filter`: lab.db keeps
    /// NaN as NULL, which no SQL comparison is true for, while NaN != 1 is.
    public static func metricBounds(where text: String) throws -> [MetricBound] {
        func number(_ node: ExpressionNode) -> Double? {
            switch node {
            case .literal(.number(let x)) where x.isFinite: return x
            case .unary(.negate, .literal(.number(let x))) where x.isFinite: return -x
            default: return nil
            }
        }
        func comparison(_ op: ExpressionNode.BinaryOperator, flipped: Bool) -> MetricBound.Comparison? {
            switch op {
            case .equal: return .equal
            case .less: return flipped ? .greater : .less
            case .lessOrEqual: return flipped ? .greaterOrEqual : .lessOrEqual
            case .greater: return flipped ? .less : .greater
            case .greaterOrEqual: return flipped ? .lessOrEqual : .greaterOrEqual
            default: return nil
            }
        }
        func bounds(_ node: ExpressionNode) -> [MetricBound] {
            guard case .binary(let op, let left, let right) = node else { return [] }
            if op == .and { return bounds(left) + bounds(right) }
            if case .metrics(let key)? = path(of: left), let x = number(right), let c = comparison(op, flipped: false) {
                return [MetricBound(key: key, comparison: c, value: x)]
            }
            if case .metrics(let key)? = path(of: right), let x = number(left), let c = comparison(op, flipped: true) {
                return [MetricBound(key: key, comparison: c, value: x)]
            }
            return []
        }
        return bounds(try Expression.parse(text).root)
    }

    static func names(in runs: [RunRecord]) -> RunFields {
        RunFields(params: Set(runs.flatMap { $0.params.keys }), metrics: Set(runs.flatMap { $0.metrics.keys }), tags: Set(runs.flatMap { $0.tags.keys }))
    }

    enum FieldPath: Equatable {
        case params(String), metrics(String), tags(String), plain(String)

        init?(_ text: String) {
            let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                switch parts[0] {
                case "params": self = .params(parts[1])
                case "metrics": self = .metrics(parts[1])
                case "tags": self = .tags(parts[1])
                default: return nil
                }
            } else if RunFilter.fields.contains(text) {
                self = .plain(text)
            } else {
                return nil
            }
        }
    }

    static func value(_ path: FieldPath, in run: RunRecord) -> Value? {
        switch path {
        case .metrics(let k): return run.metrics[k].map { .number($0) }
        case .params(let k): return run.params[k].map(typed)
        case .tags(let k): return run.tags[k].map(typed)
        case .plain("name"): return .string(run.name)
        case .plain("status"): return .string(run.status.rawValue)
        case .plain("experiment"): return .string(run.experimentName)
        case .plain("id"): return .string(run.id)
        case .plain("start"): return .number(Double(run.startMs))
        case .plain: return nil
        }
    }

    static func typed(_ text: String) -> Value {
        if let x = Double(text), x.isFinite { return .number(x) }
        if text == "true" || text == "false" { return .bool(text == "true") }
        return .string(text)
    }

    static func resolve(_ node: ExpressionNode, run: RunRecord) throws -> Value? {
        guard let path = path(of: node) else { return nil }
        return value(path, in: run) ?? .missing
    }

    static func path(of node: ExpressionNode) -> FieldPath? {
        switch node {
        case .member(.identifier(let group), let name, nil): return FieldPath("\(group).\(name)")
        case .identifier(let name): return FieldPath(name)
        default: return nil
        }
    }

    static func checkNames(in node: ExpressionNode, known: RunFields, empty: Bool) throws {
        if case .member(.identifier(let group), let name, nil) = node {
            guard let path = FieldPath("\(group).\(name)") else { throw unknownField("\(group).\(name)") }
            try checkKnown(path, known: known, empty: empty)
            return
        }
        if case .identifier(let name) = node, FieldPath(name) == nil { throw unknownField(name) }
        for child in node.children { try checkNames(in: child, known: known, empty: empty) }
    }

    static func checkKnown(_ path: FieldPath, known all: RunFields, empty: Bool) throws {
        let (group, key, known): (String, String, Set<String>)
        switch path {
        case .plain: return
        case .metrics(let k): (group, key, known) = ("metrics", k, all.metrics)
        case .params(let k): (group, key, known) = ("params", k, all.params)
        case .tags: return  // a tag is often looked for on runs that do not have it yet
        }
        guard !empty, !known.contains(key) else { return }
        let names = known.sorted()
        var suggestion = Suggestion.didYouMean(key, in: names)
        // `auc` for `roc_auc`: a name that is the last or first part of a known one.
        if suggestion.isEmpty, let near = names.first(where: { $0.hasSuffix("_" + key) || $0.hasPrefix(key + "_") }) {
            suggestion = " (did you mean '\(near)'?)"
        }
        throw DataError("no run has \(group).\(key)\(suggestion.replacingFirst("'", with: "'\(group)."))",
                         hint: names.isEmpty ? "these runs have no \(group)" : "\(group): \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", ..." : "")")
    }

    static func unknownField(_ field: String) -> DataError {
        DataError("'\(field)' is not a run field\(Suggestion.didYouMean(field, in: fields + ["params.", "metrics.", "tags."]))",
                   hint: "use params.NAME, metrics.NAME, tags.NAME, or one of: \(fields.joined(separator: ", "))")
    }

    static func less(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.number, _): return true
        case (_, .number): return false
        default: return text(a) < text(b)
        }
    }

    static func text(_ v: Value) -> String {
        switch v {
        case .number(let x): return String(x)
        case .string(let s): return s
        case .bool(let b): return String(b)
        case .missing: return ""
        }
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced (nothing else touched).
    func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let i = firstIndex(of: target) else { return self }
        var s = self
        s.replaceSubrange(i...i, with: replacement)
        return s
    }
}
