import LabData
import LabOps

struct VersionsCommand: Command {
    static let spec = CommandSpec(
        "versions", group: .data,
        summary: "List the dataset versions recorded in .opslab/lab.db (every load, sql result and store)",
        positionals: [PositionalSpec("name", .frame, optional: true, help: "only the versions of this dataset name")],
        changesState: false, examples: ["versions", "versions titanic"],
        details: """
            A version is the SHA-256 of a frame's content (column names, types and values; not its file
            formatting), so the same data loaded twice is one version. Compare two with `diff data A B`.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        let name = args.word("name")
        let versions = try DatasetVersions.list(name: name, in: directory)
        if versions.isEmpty {
            guard let name else { return .message("no dataset versions recorded yet; `load titanic` records one") }
            let names = Array(Set(try DatasetVersions.list(in: directory).map(\.name))).sorted()
            throw UsageError("no versions of '\(name)' recorded\(Suggestion.didYouMean(name, in: names))",
                             hint: names.isEmpty ? "nothing is recorded yet; load a dataset first" : "recorded names: \(names.joined(separator: ", "))")
        }
        let rows = versions.map { v -> [Cell] in
            [.number(Double(v.id), .integer), .text(v.name), .text(String(v.hash.prefix(12))), .number(Double(v.rows), .integer),
             .number(Double(v.columns), .integer), .text(v.recordedAt), .text(v.source)]
        }
        return .table(ResultTable(title: "dataset versions" + (name.map { " of \($0)" } ?? ""),
                                  columns: ["#", "name", "hash", "rows", "columns", "recorded", "source"],
                                  numericColumns: [0, 3, 4], rows: rows,
                                  note: "compare two with `diff data A B` (frame names or the first 6+ characters of a hash)"))
    }
}
