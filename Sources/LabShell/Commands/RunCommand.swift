import LabData
import LabOps

struct RunCommand: Command {
    static let spec = CommandSpec(
        "run", group: .tracking, summary: "Show everything about one tracked run",
        positionals: [PositionalSpec("id", .run, help: "a run id, or a unique prefix of one (see `runs`), or a model of this session (its training run)")],
        changesState: false, examples: ["run 3f2a", "run 3f2a9c1d0b7e4e5f8a6b2c3d4e5f6a7b"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        let r = try ModelReference.namedRun(args.word("id")!, context)
        var text = "run \(r.id) '\(r.name)' in experiment '\(r.experimentName)' (id \(r.experimentID))\n"
        text += "status: \(RunDisplay.status(r)); started \(RunDisplay.time(r.startMs))"
        if r.endMs != nil { text += ", took \(RunDisplay.duration(r))" }
        if let parent = r.parentRunID { text += "\nparent run: \(parent)" }
        if let note = r.note { text += "\nnote: \(note)" }
        if !r.artifacts.isEmpty { text += "\nartifacts: \(r.artifacts.joined(separator: ", "))" }
        var parts: [CommandOutput] = [.text(text)]
        func table(_ title: String, _ pairs: [(String, Cell)], numeric: Bool) {
            guard !pairs.isEmpty else { return }
            parts.append(.table(ResultTable(title: title, columns: ["name", "value"], numericColumns: numeric ? [1] : [],
                                            rows: pairs.map { [.text($0.0), $0.1] })))
        }
        table("params", r.params.sorted { $0.key < $1.key }.map { ($0.key, .text($0.value)) }, numeric: false)
        var metricRows: [[Cell]] = []
        var series: [String] = []
        for (key, value) in r.metrics.sorted(by: { $0.key < $1.key }) {
            let history = try TrackingQueries.metricHistory(run: r.id, key: key, in: directory)
            metricRows.append([.text(key), .number(value, .float), .number(Double(history.count), .integer)])
            if history.count > 1 { series.append(key) }
        }
        if !metricRows.isEmpty {
            // Only a metric logged step by step (cv folds, boosting rounds) has a curve to plot.
            parts.append(.table(ResultTable(title: "metrics", columns: ["name", "latest", "steps"], numericColumns: [1, 2], rows: metricRows,
                                            note: series.first.map { "a series with several steps: plot run \(RunDisplay.shortID(r.id)) metric=\($0)" })))
        }
        table("tags", r.tags.filter { $0.key != Tracking.noteTag }.sorted { $0.key < $1.key }.map { ($0.key, .text($0.value)) }, numeric: false)
        if let lineage = try TrackingQueries.artifact(run: r.id, path: "lineage.lab", in: directory) {
            parts.append(.text("lineage (the commands that built the state):\n" + String(decoding: lineage, as: UTF8.self)
                .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")))
        }
        return .group(parts)
    }
}
