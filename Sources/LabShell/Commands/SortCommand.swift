import LabData

struct SortCommand: Command {
    static let spec = CommandSpec(
        "sort", aliases: ["arrange"], group: .reshape, summary: "Sort rows by one or more columns (missing values last)",
        positionals: [PositionalSpec("by", .sortKeys, help: "columns, each optionally followed by asc or desc")],
        changesState: true, examples: ["sort fare desc", "sort pclass age desc"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        var keys: [SortKey] = []
        for word in args.words("by") {
            if word == "desc" || word == "asc" {
                guard !keys.isEmpty else { throw UsageError("'\(word)' must follow a column name", hint: "e.g. sort fare desc") }
                keys[keys.count - 1].descending = word == "desc"
            } else {
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
