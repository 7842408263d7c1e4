import LabData
import LabML

struct ModelCommand: Command {
    static let spec = CommandSpec(
        "model", group: .models, summary: "Show a model: parameters, training data, features and what it learned",
        positionals: [PositionalSpec("name", .model, help: "a trained model (see `models`), or a registered one: NAME@alias, NAME/v3")],
        changesState: false, examples: ["model lr"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let m = try ModelReference.load(args.word("name")!, context)
        let params = m.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        var text = "\(m.name): \(m.kind.rawValue) \(m.task.rawValue)\(m.target.isEmpty ? "" : " of \(m.target)")\n"
        text += "parameters: \(params.isEmpty ? "(none)" : params)\n"
        text += "trained on: \(m.trainingRows) rows of frame '\(m.frame)', data sha256 \(m.dataHash)\n"
        let listed = m.features.count <= 12 ? m.features.joined(separator: ", ") : m.features.prefix(12).joined(separator: ", ") + ", …"
        text += "features (\(m.features.count)): \(listed)\n"
        text += "preparation: \(m.prep.steps.count) step\(m.prep.steps.count == 1 ? "" : "s")"
        if let classes = m.classes { text += "\nclasses: \(classes.joined(separator: ", "))" }
        if let note = m.trainingNote { text += "\nfit: \(note)" }
        if let e = context.state.evaluations[m.name] {
            let shown = e.metrics.prefix(4).map { "\($0.name) \(NumberFormat.fixed($0.value, decimals: 4))" }.joined(separator: ", ")
            text += "\nlast eval: \(shown) on \(EvaluationSupport.describe(e))"
        }
        guard let learned = m.learnedTable else { return .text(text) }
        let table = ResultTable(title: learned.title, columns: ["feature"] + learned.columns, numericColumns: Set(1...learned.columns.count),
                                rows: learned.rows.map { [.text($0.0)] + $0.1.map { .number($0, .float) } })
        return .group([.text(text), .table(table)])
    }
}
