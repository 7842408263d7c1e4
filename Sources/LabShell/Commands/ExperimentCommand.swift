import LabData
import LabOps

struct ExperimentCommand: Command {
    static let spec = CommandSpec(
        "experiment", group: .tracking, summary: "Switch the experiment new runs are recorded in (or list experiments)",
        positionals: [PositionalSpec("name", .text, optional: true, help: "the experiment (created when new); leave out to list them")],
        changesState: true, examples: ["experiment titanic", "experiment"],
        details: "Runs start in experiment 'Default' (id 0, as in MLflow). The choice is part of the session: saved scripts switch too.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let directory = context.environment.stateDirectory
        guard let name = args.word("name") else {
            context.changedState = false
            let counts = try TrackingQueries.runCounts(in: directory)
            let rows = try TrackingQueries.experiments(in: directory).map { e -> [Cell] in
                [.text(e.name == context.state.experiment ? "*" : ""), .text(e.id), .text(e.name),
                 .number(Double(counts[e.id] ?? 0), .integer)]
            }
            return .table(ResultTable(title: "experiments", columns: ["", "id", "name", "runs"], numericColumns: [3], rows: rows))
        }
        // Restoring a journal: the experiment was created the first time (and lab.db may be unusable now).
        guard context.recordsRuns else {
            context.state.experiment = name
            return .message("experiment '\(name)'")
        }
        let experiment = try Tracking.ensureExperiment(name, in: directory)
        context.state.experiment = experiment.name
        return .message("experiment '\(experiment.name)' (id \(experiment.id)): new runs are recorded here")
    }
}
