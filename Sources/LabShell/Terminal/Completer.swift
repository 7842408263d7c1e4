#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData
import LabOps

/// TAB completion driven by the command specs: verbs, the verb's `key=` names and
/// choices, dataset and frame names, the current frame's columns, file paths, and from
/// lab.db (when given its folder) run ids and registered models (`NAME@alias`, `NAME/v2`).
public struct Completer {
    public let table: CommandTable
    public let state: SessionState
    public let catalog: DatasetCatalog
    /// Lesson ids, for `lesson ID`.
    public let lessons: [String]
    public let stateDirectory: String?

    public init(table: CommandTable, state: SessionState, catalog: DatasetCatalog, lessons: [String] = [], stateDirectory: String? = nil) {
        self.table = table
        self.state = state
        self.catalog = catalog
        self.lessons = lessons
        self.stateDirectory = stateDirectory
    }

    /// Candidates for the word being typed at the end of `line`, and that word.
    /// The candidates replace `word`, the text at the end of `line` being completed.
    public func complete(_ line: String) -> (word: String, candidates: [String]) {
        if let quote = openQuote(in: line) {
            // Inside "…": a path with spaces, except in an expression, where quotes hold a text value.
            if let verb = line.split(separator: " ").first, let spec = table.command(for: String(verb))?.spec,
               spec.positionals.contains(where: { $0.kind == .expression }) {
                return ("", [])
            }
            let partial = String(line[line.index(after: quote)...])
            return ("\"" + partial, paths(partial).map { "\"" + $0 + ($0.hasSuffix("/") ? "" : "\" ") })
        }
        let endsWithSpace = line.last.map { $0 == " " || $0 == "\t" } ?? true
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var current = endsWithSpace ? "" : (words.last ?? "")
        let before = endsWithSpace ? words : Array(words.dropLast())
        if let verb = before.first, let spec = table.command(for: verb)?.spec,
           spec.positionals.contains(where: { $0.kind == .expression }) {
            // In an expression a name can follow `(`, `,` or an operator without a space.
            current = String(line.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
        }
        guard let verb = before.first else {
            let verbs = table.commands.flatMap { [$0.spec.verb] + $0.spec.aliases }
            return (current, filter(verbs, current))
        }
        guard let spec = table.command(for: verb)?.spec else { return (current, []) }

        if let eq = current.firstIndex(of: "=") {
            let key = String(current[..<eq])
            let value = String(current[current.index(after: eq)...])
            guard let keySpec = spec.key(key) else { return (current, []) }
            let prefix = key + "="
            switch keySpec.type {
            case .choice(let options): return (current, filter(options, value).map { prefix + $0 })
            case .flag: return (current, filter(["true", "false"], value).map { prefix + $0 })
            case .column: return (current, filter(columns, value).map { prefix + $0 })
            case .frame: return (current, filter(state.frameOrder, value).map { prefix + $0 })
            case .columns:
                let done = value.contains(",") ? String(value[...value.lastIndex(of: ",")!]) : ""
                let partial = String(value.dropFirst(done.count))
                return (current, filter(columns, partial).map { prefix + done + $0 })
            default: return (current, [])
            }
        }

        let typedKeys = Set(before.compactMap { w in w.firstIndex(of: "=").map { String(w[..<$0]) } })
        let keyCandidates = spec.keys.map { $0.name + "=" }.filter { !typedKeys.contains(String($0.dropLast())) }
        let positionalWords = before.dropFirst().filter { !$0.contains("=") }
        var candidates: [String] = []
        if let p = nextPositional(spec, typed: positionalWords.count) {
            candidates = positionalCandidates(p.kind, current)
        }
        if spec.positionals.contains(where: { $0.kind == .expression }) {
            return (current, filter(columns + ExpressionWords.all, current))
        }
        if spec.acceptsColumnPairs {
            candidates += filter(columns.map { $0 + "=" }, current)
        }
        if !current.hasPrefix("/") && !current.hasPrefix(".") {
            candidates += filter(keyCandidates, current)
            if spec.acceptsAlias && !before.contains("as") { candidates += filter(["as"], current) }
        }
        return (current, Array(uniqued(candidates)))
    }

    /// Whether the word at the end of `line` is an item of a list of columns (`features=a,b`):
    /// its completion is not followed by a space, as a comma and another item may come.
    public func completesListItem(_ line: String) -> Bool {
        guard let last = line.split(separator: " ", omittingEmptySubsequences: false).last, let eq = last.firstIndex(of: "="),
              let verb = line.split(separator: " ").first, let spec = table.command(for: String(verb))?.spec,
              let key = spec.key(String(last[..<eq])) else { return false }
        return key.type == .columns
    }

    private var columns: [String] { state.current?.columnNames ?? [] }

    /// Only an existing lab.db is read: completing must never create one.
    private var labDirectory: String? {
        stateDirectory.flatMap { FileIO.exists($0 + "/" + LabDatabase.fileName) ? $0 : nil }
    }

    /// Short ids of the runs, newest first.
    private var runIDs: [String] {
        guard let dir = labDirectory, let runs = try? TrackingQueries.runs(in: dir, includeDeleted: true, reading: .rowsOnly) else { return [] }
        return runs.reversed().map { String($0.id.prefix(8)) }
    }

    /// `NAME@alias` and `NAME/vN` of every registered model.
    private var registered: [String] {
        guard let dir = labDirectory, let models = try? Registry.models(in: dir) else { return [] }
        return models.flatMap { m in m.aliases.keys.sorted().map { "\(m.name)@\($0)" } + m.versions.map { "\(m.name)/v\($0.version)" } }
    }

    /// The position of a double quote that is still open at the end of the line.
    private func openQuote(in line: String) -> String.Index? {
        var open: String.Index?
        var escaped = false
        for i in line.indices {
            let c = line[i]
            if escaped { escaped = false; continue }
            if c == "\\" && open != nil { escaped = true; continue }
            if c == "\"" { open = open == nil ? i : nil }
        }
        return open
    }

    private func nextPositional(_ spec: CommandSpec, typed: Int) -> PositionalSpec? {
        var index = 0
        for p in spec.positionals {
            if p.variadic || p.kind == .sortKeys { return p }
            if index == typed { return p }
            index += 1
        }
        return nil
    }

    private func positionalCandidates(_ kind: ArgumentKind, _ current: String) -> [String] {
        switch kind {
        case .column: return filter(columns, current)
        case .sortKeys: return filter(columns + ["asc", "desc"], current)
        case .frame: return filter(state.frameOrder, current)
        case .keyword(let words): return filter(words, current)
        case .verb: return filter(table.verbs, current)
        case .model: return filter(state.modelOrder + registered, current)
        case .run: return filter(runIDs, current)
        case .lesson: return filter(lessons + ["save"], current)
        case .source:
            if current.contains("/") || current.hasPrefix(".") { return quotedIfSpaced(paths(current)) }
            return filter(catalog.names, current) + quotedIfSpaced(paths(current))
        case .path: return quotedIfSpaced(paths(current))
        case .name, .expression, .text, .condition, .value: return []
        }
    }

    /// A path with a space must be typed in quotes to stay one word.
    private func quotedIfSpaced(_ paths: [String]) -> [String] {
        paths.map { $0.contains(" ") ? "\"" + $0 + ($0.hasSuffix("/") ? "" : "\" ") : $0 }
    }

    private func filter(_ options: [String], _ prefix: String) -> [String] {
        options.filter { $0.hasPrefix(prefix) }
    }

    /// Files and folders matching a partial path; folders end in `/`.
    func paths(_ partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let dirPart = slash.map { String(partial[...$0]) } ?? ""
        let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let dir = dirPart.isEmpty ? "." : dirPart
        guard let handle = opendir(dir) else { return [] }
        defer { closedir(handle) }
        var out: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
            guard name.hasPrefix(namePart) else { continue }
            let full = dirPart + name
            out.append(FileIO.isDirectory(full) ? full + "/" : full)
        }
        return out.sorted()
    }
}

/// Keeps the first occurrence of each string, in order.
func uniqued(_ xs: [String]) -> [String] {
    var seen = Set<String>()
    return xs.filter { seen.insert($0).inserted }
}

/// Words of the expression language offered by completion after filter/derive.
enum ExpressionWords {
    static let all = ["and", "or", "not", "is", "missing", "in"] + ExpressionFunction.names.map { $0 + "(" }
}
