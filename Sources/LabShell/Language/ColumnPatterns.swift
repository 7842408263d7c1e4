import LabData

/// `select mean_* diagnosis`, `train ... features=worst_*`: a column name written with `*` (any
/// run of characters) or `?` (one character) stands for the current frame's columns it matches,
/// in the frame's order. Expanded before a command runs, so commands, their messages and saved
/// scripts see the names themselves.
enum ColumnPatterns {
    static func isPattern(_ word: String) -> Bool { word.contains("*") || word.contains("?") }

    /// Whether a command takes columns a pattern may stand for.
    static func apply(to spec: CommandSpec) -> Bool {
        spec.positionals.contains { $0.kind == .column && $0.variadic } || spec.keys.contains { $0.type == .columns }
    }

    static let helpNote = "Column names may hold * (any characters) and ? (one character): mean_* stands for every column whose name starts with mean_."

    /// Arguments with every pattern among column words and column-list options replaced by its matches.
    static func expand(_ args: Arguments, spec: CommandSpec, frame: Frame?) throws -> Arguments {
        var args = args
        for positional in spec.positionals where positional.kind == .column && positional.variadic {
            let words = args.words(positional.name)
            guard words.contains(where: isPattern) else { continue }
            args.positionals[positional.name] = try expanding(words, frame: frame)
        }
        // features=* means the inputs: a pattern leaves out the command's target.
        let target = args.keys["target"]
        for key in spec.keys where key.type == .columns {
            guard let names = args.list(key.name), names.contains(where: isPattern) else { continue }
            args.keys[key.name] = try expanding(names, frame: frame, except: target).joined(separator: ",")
        }
        return args
    }

    private static func expanding(_ words: [String], frame: Frame?, except excluded: String? = nil) throws -> [String] {
        guard let frame else {
            throw UsageError("'\(words.first(where: isPattern)!)' stands for columns, and no frame is loaded",
                             hint: "load a dataset first, e.g. `load titanic` (`datasets` lists them)")
        }
        var names: [String] = []
        for word in words {
            // A column whose name holds * or ? is itself.
            guard isPattern(word), !frame.columnNames.contains(word) else {
                names.append(word)
                continue
            }
            let matched = frame.columnNames.filter { $0 != excluded && matches($0, pattern: word) }
            if matched.isEmpty {
                throw UsageError("no column of '\(frame.name)' matches '\(word)'",
                                 hint: "* stands for any characters, ? for one; columns are: \(frame.columnNames.prefix(12).joined(separator: ", "))\(frame.columnCount > 12 ? ", … (`columns` lists them)" : "")")
            }
            names += matched.filter { !names.contains($0) }
        }
        return names
    }

    /// Whether `name` matches `pattern` as a whole (`*` any run, `?` one character; case matters).
    static func matches(_ name: String, pattern: String) -> Bool {
        let n = Array(name.unicodeScalars), p = Array(pattern.unicodeScalars)
        // Greedy matching with one backtrack point: the last star.
        var i = 0, j = 0, star = -1, resume = 0
        while i < n.count {
            if j < p.count, p[j] == "?" || p[j] == n[i] {
                i += 1
                j += 1
            } else if j < p.count, p[j] == "*" {
                star = j
                resume = i
                j += 1
            } else if star >= 0 {
                j = star + 1
                resume += 1
                i = resume
            } else {
                return false
            }
        }
        while j < p.count, p[j] == "*" { j += 1 }
        return j == p.count
    }
}
