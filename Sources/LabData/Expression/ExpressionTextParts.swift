/// replace(), slice(), split(), extract() and matches(): the parts of a text a feature is made
/// of (a title inside a name, a deck letter inside a cabin), as pandas' `str` methods cut them:
/// by code point, like Python. Each runs once per distinct value, as the other text functions.
extension ExpressionEvaluator {
    func textPart(_ function: ExpressionFunction, _ values: [Operand], _ args: [ExpressionNode]) throws -> Operand {
        let x = try requireText(function, values[0])
        switch function {
        case .replace:
            let old = try text(values, 1, args, function), new = try text(values, 2, args, function)
            return mappedText(x) { Self.replacing(Array($0.unicodeScalars), Array(old.unicodeScalars), with: new) }
        case .slice:
            let start = try whole(values, 1, args, function), stop = values.count > 2 ? try whole(values, 2, args, function) : nil
            return mappedText(x) { Self.slice(Array($0.unicodeScalars), start, stop) }
        case .split:
            let separator = try text(values, 1, args, function), index = try whole(values, 2, args, function)
            guard !separator.isEmpty else {
                throw DataError("split's separator is empty", hint: "cut at a character or more, e.g. split(name, \",\", 0)")
            }
            let parts = Array(separator.unicodeScalars)
            return mappedText(x) { Self.pieces(Array($0.unicodeScalars), at: parts).element(at: index) }
        case .extract:
            let regex = try pattern(values, args, function)
            // A pattern over a million distinct values takes seconds: Ctrl-C stops it between values.
            let out = mappedText(x) { level in
                guard !Cancellation.isRequested, let match = try? regex.firstMatch(in: level) else { return nil }
                // The first group when the pattern has one (pandas' str.extract), else the whole match.
                let output = match.output
                return (output.count > 1 ? output[1].substring : output[0].substring).map(String.init)
            }
            try Cancellation.check()
            return out
        default:
            let regex = try pattern(values, args, function)
            let out = perLevelBoolean(x) { !Cancellation.isRequested && (try? regex.firstMatch(in: $0)) != nil }
            try Cancellation.check()
            return out
        }
    }

    private func text(_ values: [Operand], _ i: Int, _ args: [ExpressionNode], _ function: ExpressionFunction) throws -> String {
        guard case .string(let s) = values[i] else {
            throw DataError("\(function.rawValue)'s argument \(i + 1) must be text in quotes, got \(args[i])", hint: "usage: \(function.usage)")
        }
        return s
    }

    private func whole(_ values: [Operand], _ i: Int, _ args: [ExpressionNode], _ function: ExpressionFunction) throws -> Int {
        guard case .number(let x, _) = values[i], x.rounded() == x, x.magnitude < 1e9 else {
            throw DataError("\(function.rawValue)'s argument \(i + 1) must be a whole number, got \(args[i])", hint: "usage: \(function.usage)")
        }
        return Int(x)
    }

    /// A regular expression read as Python's re reads it: by code point.
    private func pattern(_ values: [Operand], _ args: [ExpressionNode], _ function: ExpressionFunction) throws -> Regex<AnyRegexOutput> {
        let source = try text(values, 1, args, function)
        do {
            return try Regex(source).matchingSemantics(.unicodeScalar)
        } catch {
            throw DataError("\"\(source)\" is not a regular expression: \(error)",
                            hint: "e.g. \(function.rawValue)(name, \", ([A-Za-z]+)[.]\"): a backslash is written twice, \"\\\\d+\"")
        }
    }

    /// Every non-overlapping `old` replaced, left to right; an empty `old` is put between every
    /// two code points and at both ends, as Python's str.replace does.
    static func replacing(_ text: [Unicode.Scalar], _ old: [Unicode.Scalar], with new: String) -> String {
        var out = String.UnicodeScalarView()
        let replacement = Array(new.unicodeScalars)
        if old.isEmpty {
            out.append(contentsOf: replacement)
            for c in text {
                out.append(c)
                out.append(contentsOf: replacement)
            }
            return String(out)
        }
        var i = 0
        while i < text.count {
            if occurs(old, in: text, at: i) {
                out.append(contentsOf: replacement)
                i += old.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Whether `part` (not empty) stands in `text` from position `i`.
    private static func occurs(_ part: [Unicode.Scalar], in text: [Unicode.Scalar], at i: Int) -> Bool {
        text[i] == part[0] && i + part.count <= text.count && text[i..<(i + part.count)].elementsEqual(part)
    }

    /// Python's text[start:stop]: negative positions count from the end, and both are clamped to the text.
    static func slice(_ text: [Unicode.Scalar], _ start: Int, _ stop: Int?) -> String {
        let n = text.count
        func clamp(_ k: Int) -> Int { k < 0 ? Swift.max(0, n + k) : Swift.min(k, n) }
        let (from, to) = (clamp(start), clamp(stop ?? n))
        guard from < to else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text[from..<to])
        return String(out)
    }

    /// The text cut at every `separator` (Python's str.split(sep)).
    static func pieces(_ text: [Unicode.Scalar], at separator: [Unicode.Scalar]) -> [String] {
        var parts: [String] = [], current = String.UnicodeScalarView(), i = 0
        while i < text.count {
            if occurs(separator, in: text, at: i) {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                i += separator.count
            } else {
                current.append(text[i])
                i += 1
            }
        }
        parts.append(String(current))
        return parts
    }
}

private extension Array where Element == String {
    /// Element i, counting from the end when negative; nil past either end (pandas' .str[i] gives NaN).
    func element(at i: Int) -> String? {
        let k = i < 0 ? count + i : i
        return k >= 0 && k < count ? self[k] : nil
    }
}
