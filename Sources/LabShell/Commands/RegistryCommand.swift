import LabData
import LabOps

struct RegistryCommand: Command {
    static let spec = CommandSpec(
        "registry", group: .tracking, summary: "List registered models: versions, aliases, runs and their metrics",
        positionals: [PositionalSpec("name", .text, optional: true, help: "only this registered model")],
        changesState: false, examples: ["registry", "registry titanic_survival"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        let models = try args.word("name").map { [try Registry.model($0, in: directory)] } ?? Registry.models(in: directory)
        guard !models.isEmpty else { return .message("no registered models yet; register MODEL as NAME adds one") }
        var rows: [[Cell]] = []
        // Registered on one day: the time of day, the day in the title.
        let (day, times) = RunDisplay.columnTimes(models.flatMap { $0.versions.map(\.createdMs) })
        let versionRuns = try TrackingQueries.runs(ids: models.flatMap { $0.versions.map(\.runID) }, reading: RunReading(params: ["kind"], tags: []), in: directory)
        let runs = Dictionary(versionRuns.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for m in models {
            for v in m.versions {
                let run = runs[v.runID]
                let metrics = run.map { r in RunDisplay.commonMetrics([r], limit: 3).map { "\($0)=\(NumberFormat.significant(r.metrics[$0]!, digits: 4))" }.joined(separator: " ") } ?? ""
                rows.append([.text(m.name), .text("v\(v.version)"), .text(v.aliases.map { "@\($0)" }.joined(separator: " ")),
                             .text(RunDisplay.shortID(v.runID)), .text(run?.params["kind"] ?? ""), .text(times[rows.count]), .text(metrics)])
            }
        }
        return .table(ResultTable(title: "registered models" + (day.map { ", all on \($0) (UTC)" } ?? ""),
                                  columns: ["name", "version", "aliases", "run", "kind", day == nil ? "registered (UTC)" : "registered", "metrics"],
                                  rows: rows, note: "use one as NAME@alias or NAME/v2, e.g. predict NAME@champion"))
    }
}
