import LabData
import LabML

struct ModelsCommand: Command {
    static let spec = CommandSpec(
        "models", group: .models, summary: "List the trained models", changesState: false, examples: ["models"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let state = context.state
        guard !state.modelOrder.isEmpty else { return .message("no models yet; e.g. train logistic target=survived") }
        let rows = state.modelOrder.compactMap { state.models[$0] }.map { m -> [Cell] in
            [.text(m.name), .text(m.kind.rawValue), .text(m.task.rawValue), .text(m.target), .number(Double(m.features.count), .integer),
             .number(Double(m.trainingRows), .integer), .text(m.frame)]
        }
        return .table(ResultTable(columns: ["name", "kind", "task", "target", "features", "rows", "frame"], numericColumns: [4, 5], rows: rows))
    }
}
