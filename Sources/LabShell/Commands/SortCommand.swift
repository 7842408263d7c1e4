import LabData

struct SortCommand: Command {
    static let spec = CommandSpec(
        "sort", aliases: ["arrange"], group: .reshape, summary: "Sort rows by one or more columns (missing values last)",
        positionals: [PositionalSpec("by", .sortKeys, help: "columns, each optionally followed by asc or desc (-fare: fare descending)")],
        changesState: true, examples: ["sort fare desc", "sort pclass age desc"])

    /// Direction words and whether they sort descending; the first of equally close words is suggested.
    static let directions: KeyValuePairs = ["desc": true, "descending": true, "asc": false, "ascending": false]

    static func descending(_ word: String) -> Bool? { directions.first { $0.key == word.lowercased() }?.value }

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        var keys: [SortKey] = []
        for word in args.words("by") {
            // The words SQL and pandas users reach for too: descending, ascending.
            if let direction = Self.descending(word), frame.index(of: word) == nil {
                guard !keys.isEmpty else { throw UsageError("'\(word)' must follow a column name", hint: "e.g. sort fare desc") }
                keys[keys.count - 1].descending = direction
            } else if word.hasPrefix("-"), word.count > 1, frame.index(of: word) == nil, frame.index(of: String(word.dropFirst())) != nil {
                // -fare: descending, as show sort=-fare and runs sort=-metric write it.
                keys.append(SortKey(signed: word))
            } else {
                if frame.index(of: word) == nil, !keys.isEmpty,
                   let direction = Suggestion.closest(to: word.lowercased(), in: Self.directions.map(\.key)).first {
                    throw UsageError("no column '\(word)' in frame '\(frame.name)' (did you mean \(Self.descending(direction)! ? "desc" : "asc")?)",
                                     hint: "each column may be followed by asc or desc, e.g. sort fare desc")
                }
                _ = try frame.column(word)
                keys.append(SortKey(word))
            }
        }
        // Scripts spell out every direction, the default asc included.
        context.recorded.positionals["by"] = keys.flatMap { [$0.column, $0.descending ? "desc" : "asc"] }
        var result = try frame.sorted(by: keys)
        return try reshaped(&result, alias: nil, verb: "sorted", &context)
    }
}
