import LabData
import LabML
import LabOps

struct ModelsCommand: Command {
    static let spec = CommandSpec(
        "models", group: .models, summary: "List the trained models", changesState: false, examples: ["models"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let state = context.state
        let unloaded = ModelFiles.names(in: context.environment.stateDirectory).filter { state.models[$0] == nil }
        let savedNote = unloaded.isEmpty ? nil : "saved in .opslab/models, not in this session: \(unloaded.joined(separator: ", ")) (import NAME brings one in)"
        guard !state.modelOrder.isEmpty else {
            return .message("no models yet; e.g. train logistic target=survived" + (savedNote.map { "\n" + $0 } ?? ""))
        }
        let rows = state.modelOrder.compactMap { state.models[$0] }.map { m -> [Cell] in
            [.text(m.name), .text(m.kind.rawValue), .text(m.task.rawValue), .text(m.target), .number(Double(m.features.count), .integer),
             .number(Double(m.trainingRows), .integer), .text(m.frame)]
        }
        return .table(ResultTable(columns: ["name", "kind", "task", "target", "features", "rows", "frame"], numericColumns: [4, 5], rows: rows, note: savedNote))
    }
}
