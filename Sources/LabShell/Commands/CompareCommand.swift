import LabData
import LabOps

struct CompareCommand: Command {
    static let spec = CommandSpec(
        "compare", group: .tracking, summary: "Put runs side by side: params and metrics, differences marked",
        positionals: [PositionalSpec("ids", .run, variadic: true, help: "two or more runs: ids (unique prefixes), or models of this session")],
        keys: [KeySpec("all", .flag, default: "false", help: "show the rows that are equal too (default: differences and metrics)")],
        changesState: false, examples: ["compare 3f2a 9c1d", "compare 3f2a 9c1d 77ab all=true"],
        details: "Rows marked ≠ differ between the runs. Params that are the same everywhere are hidden unless all=true.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let ids = args.words("ids")
        guard ids.count >= 2 else { throw UsageError("compare needs at least two runs", hint: "e.g. compare 3f2a 9c1d (`runs` lists the ids)") }
        let runs = try ids.map { try ModelReference.namedRun($0, context) }
        let showAll = args.bool("all")
        var rows: [[Cell]] = []
        var hidden = 0
        func add(_ group: String, _ keys: [String], _ value: (RunRecord, String) -> Cell) {
            for key in keys {
                let cells = runs.map { value($0, key) }
                let differs = Set(cells.map { "\($0)" }).count > 1
                if !differs && !showAll && group == "params" { hidden += 1; continue }
                rows.append([.text(differs ? "≠" : ""), .text("\(group).\(key)")] + cells)
            }
        }
        add("params", Array(Set(runs.flatMap { $0.params.keys })).sorted()) { r, k in r.params[k].map { .text($0) } ?? .missing }
        add("metrics", Array(Set(runs.flatMap { $0.metrics.keys })).sorted()) { r, k in r.metrics[k].map { .number($0, .float) } ?? .missing }
        rows.append([.text(Set(runs.map(\.experimentName)).count > 1 ? "≠" : ""), .text("experiment")] + runs.map { .text($0.experimentName) })
        rows.append([.text(Set(runs.map { $0.tags["opslab.data_sha256"] ?? "" }).count > 1 ? "≠" : ""), .text("data sha256")]
                    + runs.map { $0.tags["opslab.data_sha256"].map { .text(String($0.prefix(12))) } ?? .missing })
        let columns = ["", "field"] + runs.map { "\(RunDisplay.shortID($0.id)) \($0.name)" }
        let note = hidden > 0 ? "\(hidden) param\(hidden == 1 ? "" : "s") equal in every run hidden (all=true shows them)" : nil
        return .table(ResultTable(title: "compare \(runs.count) runs (≠ marks a difference)", columns: columns,
                                  numericColumns: Set(2..<(2 + runs.count)), rows: rows, note: note))
    }
}
