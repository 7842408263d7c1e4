import LabData

/// Matches the tokens of a command line against a command's spec.
public enum ArgumentParser {
    public static func parse(_ spec: CommandSpec, tokens: [Token], line: String) throws -> Arguments {
        var args = Arguments()
        var words: [Token] = []
        var rest = Array(tokens.dropFirst())
        let chars = Array(line)

        // Everything from the expression's first token on is raw text, never keys or words.
        if let exprIndex = spec.positionals.firstIndex(where: { $0.kind == .expression }) {
            let before = spec.positionals[..<exprIndex].filter { p in
                if case .keyword(let k) = p.kind, k == ["="] { return false }
                return true
            }.count
            let hasEquals = spec.positionals[..<exprIndex].contains { $0.kind == .keyword(["="]) }
            var consumed = 0
            var exprStart: Int?
            var index = 0
            while index < rest.count {
                let t = rest[index]
                if consumed == before {
                    if hasEquals {
                        guard case .word("=") = t.kind else {
                            throw UsageError("expected '=' after \(args.positionals.values.flatMap { $0 }.last ?? "the name")",
                                             hint: "usage: \(spec.shortSynopsis)")
                        }
                        index += 1
                        exprStart = index < rest.count ? rest[index].start : chars.count
                    } else {
                        exprStart = t.start
                    }
                    break
                }
                if hasEquals, consumed == before - 1, case .pair(let key, _, _) = t.kind {
                    // `derive x=fare*2`: the lexer saw a pair; split it back into name and expression.
                    args.positionals[spec.positionals[consumed].name] = [key]
                    consumed += 1
                    exprStart = t.start + key.count + 1
                    break
                }
                // `derive = 3`: the '=' where the name should be.
                guard case .word(let w) = t.kind, !(hasEquals && w == "=") else {
                    throw UsageError("expected \(spec.positionals[consumed].name.uppercased()) before \(hasEquals ? "'='" : "the expression")",
                                     hint: "usage: \(spec.shortSynopsis)   e.g. \(spec.examples.first ?? spec.verb)")
                }
                args.positionals[spec.positionals[consumed].name] = [w]
                consumed += 1
                index += 1
            }
            let expression = exprStart.map { String(chars[min($0, chars.count)...]).trimmingCharacters() } ?? ""
            if expression.isEmpty {
                throw UsageError("\(spec.verb) needs an expression", hint: "usage: \(spec.shortSynopsis)   e.g. \(spec.examples.first ?? "")")
            }
            if consumed < before {
                throw UsageError("missing \(spec.positionals[consumed].name.uppercased())", hint: "usage: \(spec.shortSynopsis)")
            }
            args.expression = expression
            if let exprStart {
                args.expressionColumn = exprStart + chars[min(exprStart, chars.count)...].prefix { $0 == " " || $0 == "\t" }.count + 1
            }
            return args
        }

        if spec.acceptsAlias, let asIndex = rest.firstIndex(where: { $0.kind == .word("as") }) {
            guard asIndex + 1 < rest.count else {
                throw UsageError("'as' needs a name after it", hint: "e.g. \(spec.verb) ... as mydata")
            }
            guard case .word(let alias) = rest[asIndex + 1].kind else {
                throw UsageError("'\(rest[asIndex + 1].text)' is not a valid name after 'as'", hint: "use letters, digits and _, starting with a letter, e.g. as my_data")
            }
            try validateName(alias, what: "name")
            args.alias = alias
            rest.removeSubrange(asIndex...(asIndex + 1))
        }

        for t in rest {
            switch t.kind {
            case .pair(let key, let value, let quoted):
                if let keySpec = spec.key(key) {
                    if args.typedKeys.contains(key) { throw UsageError("\(key)= given twice") }
                    args.keys[key] = try validate(value, quoted: quoted, for: keySpec, verb: spec.verb)
                    args.typedKeys.insert(key)
                } else if spec.acceptsColumnPairs {
                    try validateName(value, what: "new column name")
                    args.columnPairs.append((key, value))
                } else {
                    let known = spec.keys.map(\.name)
                    let expected = known.isEmpty
                        ? "\(spec.verb) takes no key=value options; usage: \(spec.shortSynopsis)" + (spec.examples.first.map { "   e.g. \($0)" } ?? "")
                        : "\(spec.verb) takes: " + known.map { "\($0)=" }.joined(separator: ", ")
                    throw UsageError("unknown option '\(key)=' for \(spec.verb)\(Suggestion.didYouMean(key, in: known))", hint: expected)
                }
            case .word(let word) where word.count > 1 && word.hasSuffix("=") && (spec.key(String(word.dropLast())) != nil || spec.acceptsColumnPairs):
                // `name=` with nothing after it.
                let key = String(word.dropLast())
                if let keySpec = spec.key(key) { throw UsageError("\(key)= needs a value", hint: keySpec.help) }
                throw UsageError("\(key)= needs the new name after it", hint: "e.g. \(spec.verb) \(key)=new_name")
            case .word(let word) where spec.key(word)?.type == .flag:
                // A flag named on its own is set: `cv logistic stratified` is `stratified=true`.
                if args.typedKeys.contains(word) { throw UsageError("\(word) given twice") }
                args.keys[word] = "true"
                args.typedKeys.insert(word)
            default:
                words.append(t)
            }
        }
        for k in spec.keys where args.keys[k.name] == nil {
            if let d = k.defaultValue { args.keys[k.name] = d }
        }

        var index = 0
        for p in spec.positionals {
            if p.kind == .sortKeys {
                var keys: [String] = []
                while index < words.count {
                    keys.append(words[index].text)
                    index += 1
                }
                if keys.isEmpty, !p.optional { throw missing(p, spec) }
                args.positionals[p.name] = keys
                continue
            }
            if p.variadic {
                // `show 5`: a lone number where a condition could start is the bare-number option's, below.
                if p.kind == .condition, index == words.count - 1, Double(words[index].text) != nil, spec.bareNumberKey != nil { continue }
                var values: [String] = []
                while index < words.count {
                    values.append(try check(words[index], against: p, spec: spec))
                    index += 1
                }
                if values.isEmpty, !p.optional { throw missing(p, spec) }
                args.positionals[p.name] = values
                continue
            }
            if index < words.count {
                if case .keyword(let allowed) = p.kind, p.optional, !allowed.contains(words[index].text) {
                    // `show 5 where age > 70`: a number just before the keyword is the bare-number option's.
                    guard index + 1 < words.count, allowed.contains(words[index + 1].text), Double(words[index].text) != nil,
                          let key = spec.bareNumberKey else { continue }
                    if args.typedKeys.contains(key.name) { throw givenTwice(key, words[index].text, args, spec) }
                    args.keys[key.name] = try validate(words[index].text, quoted: false, for: key, verb: spec.verb)
                    args.typedKeys.insert(key.name)
                    index += 1
                }
                args.positionals[p.name] = [try check(words[index], against: p, spec: spec)]
                index += 1
            } else if !p.optional {
                throw missing(p, spec)
            }
        }
        // `undo 3`, `show 5`: a number last on the line, where the command has one numeric option
        // (or marks one as taking it), is its value.
        let numeric = spec.bareNumberCandidates
        if index == words.count - 1, Double(words[index].text) != nil, numeric.count == 1, !args.typedKeys.contains(numeric[0].name) {
            args.keys[numeric[0].name] = try validate(words[index].text, quoted: false, for: numeric[0], verb: spec.verb)
            args.typedKeys.insert(numeric[0].name)
            index += 1
        }
        for k in spec.keys where k.required && args.keys[k.name] == nil {
            throw UsageError("\(spec.verb) needs \(k.name)=: \(k.help)", hint: "usage: \(spec.shortSynopsis)   e.g. \(spec.examples.first ?? spec.verb)")
        }
        if index < words.count {
            let extra = words[index].text
            // `store m to out.db`: an option written as a word, its value apart.
            if spec.keys.contains(where: { $0.name == extra }) {
                let value = index + 1 < words.count ? Lexer.quoteIfNeeded(words[index + 1].text) : "…"
                throw UsageError("unexpected '\(extra)' after \(spec.verb): an option is written \(extra)=VALUE, with no spaces (did you mean \(extra)=\(value)?)",
                                 hint: "usage: \(spec.shortSynopsis)")
            }
            // A number besides the one numeric option, given as well: it goes with a name.
            if Double(extra) != nil, numeric.count == 1 {
                if index == words.count - 1, args.typedKeys.contains(numeric[0].name) { throw givenTwice(numeric[0], extra, args, spec) }
                throw UsageError("unexpected '\(extra)' after \(spec.verb): a number goes with its option's name (did you mean \(numeric[0].name)=\(extra)?)",
                                 hint: "usage: \(spec.shortSynopsis)")
            }
            if let advice = spec.strayWordAdvice?(extra) {
                throw UsageError("unexpected '\(extra)' after \(spec.verb): \(advice)", hint: "usage: \(spec.shortSynopsis)")
            }
            throw UsageError("unexpected '\(extra)' after \(spec.verb)", hint: "usage: \(spec.shortSynopsis)")
        }
        if spec.acceptsColumnPairs, args.columnPairs.isEmpty {
            throw UsageError("\(spec.verb) needs at least one OLD=NEW pair", hint: "usage: \(spec.shortSynopsis)   e.g. \(spec.examples.first ?? "")")
        }
        return args
    }

    /// `show 2 n=3`: the bare number and the named option say the same thing twice.
    private static func givenTwice(_ key: KeySpec, _ number: String, _ args: Arguments, _ spec: CommandSpec) -> UsageError {
        UsageError("\(key.name) given twice: '\(number)' and \(key.name)=\(args.keys[key.name] ?? "…"); give one",
                   hint: "usage: \(spec.shortSynopsis)")
    }

    private static func missing(_ p: PositionalSpec, _ spec: CommandSpec) -> UsageError {
        let usage = "usage: \(spec.shortSynopsis)   e.g. \(spec.examples.first ?? spec.verb)"
        // `register lr`: a fixed word and what follows it are missing; say both, as the usage writes them.
        if case .keyword(let words) = p.kind, words.count == 1, let at = spec.positionals.firstIndex(where: { $0.name == p.name }),
           at + 1 < spec.positionals.count {
            let next = spec.positionals[at + 1]
            return UsageError("\(spec.verb) needs '\(words[0]) \(next.name.uppercased())': \(next.help)", hint: usage)
        }
        return UsageError("\(spec.verb) needs \(p.name.uppercased()): \(p.help)", hint: usage)
    }

    private static func check(_ token: Token, against p: PositionalSpec, spec: CommandSpec) throws -> String {
        let text = token.text
        if case .keyword(let allowed) = p.kind, !allowed.contains(text) {
            let suggestion = Suggestion.didYouMean(text, in: allowed)
            if suggestion.isEmpty, let advice = spec.strayWordAdvice?(text) {
                throw UsageError("unexpected '\(text)' for \(spec.verb): \(advice)", hint: "usage: \(spec.shortSynopsis)")
            }
            throw UsageError("unexpected '\(text)' for \(spec.verb)\(suggestion)",
                             hint: allowed.count > 4 ? "expected one of: \(allowed.joined(separator: ", ")) (`help \(spec.verb)` says what each is)"
                                 : "expected \(allowed.joined(separator: " or ")); usage: \(spec.shortSynopsis)")
        }
        if p.kind == .name { try validateName(text, what: p.name) }
        if p.kind == .condition, case .quoted(let q) = token.kind {
            return "\"" + q.map { $0 == "\"" || $0 == "\\" ? "\\\($0)" : String($0) }.joined() + "\""
        }
        return text
    }

    static func validateName(_ name: String, what: String) throws {
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw UsageError("'\(name)' is not a valid \(what)", hint: "use letters, digits and _, starting with a letter")
        }
    }

    static func validate(_ value: String, quoted: Bool, for key: KeySpec, verb: String) throws -> String {
        let bad = { (expected: String) in
            UsageError("\(key.name)=\(value) is not valid for \(verb): expected \(expected)", hint: key.help)
        }
        switch key.type {
        case .integer(let lo, let hi):
            guard let v = Int(value) else { throw bad("an integer") }
            guard v >= lo, v <= hi else { throw bad("an integer from \(lo) to \(hi)") }
            return String(v)
        case .number:
            guard let v = Double(value), v.isFinite else { throw bad("a number") }
            return value
        case .seed:
            guard let v = UInt64(value) else { throw bad("a non-negative integer seed") }
            return String(v)
        case .flag:
            switch value.lowercased() {
            case "true", "yes", "1", "on": return "true"
            case "false", "no", "0", "off": return "false"
            default: throw bad("true or false")
            }
        case .choice(let options):
            guard options.contains(value) else {
                // Among a few fixed words, the one a short value begins (method=z: zscore) is meant too.
                let starting = options.filter { !value.isEmpty && $0.lowercased().hasPrefix(value.lowercased()) }
                let suggestion = starting.count == 1 ? " (did you mean '\(starting[0])'?)" : Suggestion.didYouMean(value, in: options)
                throw UsageError("\(key.name)=\(value) is not valid for \(verb)\(suggestion)",
                                 hint: "expected one of: \(options.joined(separator: ", "))")
            }
            return value
        case .text, .columns, .column, .frame:
            return value
        }
    }

    /// The command as it goes into the journal and saved scripts: every default written out.
    public static func canonicalLine(_ spec: CommandSpec, _ args: Arguments) -> String {
        var parts = [spec.verb]
        for p in spec.positionals {
            if p.kind == .expression {
                parts.append(args.expression ?? "")
                continue
            }
            if case .keyword(let k) = p.kind, k == ["="] { parts.append("="); continue }
            parts.append(contentsOf: args.words(p.name).map(Lexer.quoteIfNeeded))
        }
        for (old, new) in args.columnPairs { parts.append("\(Lexer.quoteIfNeeded(old))=\(new)") }
        if let alias = args.alias { parts.append("as \(alias)") }
        for k in spec.keys {
            if let v = args.keys[k.name] { parts.append("\(k.name)=\(Lexer.quoteIfNeeded(v))") }
        }
        return parts.joined(separator: " ")
    }
}
