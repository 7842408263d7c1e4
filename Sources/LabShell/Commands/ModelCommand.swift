import LabData
import LabML

struct ModelCommand: Command {
    static let spec = CommandSpec(
        "model", group: .models, summary: "Show a model: parameters, training data, features and what it learned",
        positionals: [PositionalSpec("name", .model, help: "a trained model (see `models`), or a registered one: NAME@alias, NAME/v3"),
                      PositionalSpec("rules", .keyword(["rules"]), optional: true,
                                     help: "a tree's (or one tree of a forest's) splits, as scikit-learn's export_text writes them")],
        keys: [KeySpec("top", .integer(min: 0, max: 1_000_000), default: "20",
                       help: "how many features to list in what it learned (0: all of them)"),
               KeySpec("depth", .integer(min: 0, max: 1000), default: "10", help: "rules: levels shown before a branch is summed up"),
               KeySpec("decimals", .integer(min: 0, max: 20), default: "2", help: "rules: digits after the point of thresholds and values"),
               KeySpec("tree", .integer(min: 1, max: 1_000_000), default: "1", help: "rules: which tree of a forest")],
        changesState: false, examples: ["model lr", "model gb top=0", "model t rules", "model rf rules tree=3 depth=4"],
        details: """
            `model NAME rules` prints a tree's splits (or one tree of a forest's, tree=) as scikit-learn's
            export_text does, line for line: `|--- age <= 9.50` sends rows with age 9.5 or less down the
            lines below it, and each leaf names its class (or a regression's mean value).
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let m = try ModelReference.load(args.word("name")!, context)
        if args.word("rules") != nil { return try ModelRules.output(m, args) }
        let params = m.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        var text = "\(m.name): \(m.kind.rawValue) \(m.task.rawValue)\(m.target.isEmpty ? "" : " of \(m.target)")\n"
        text += "parameters: \(params.isEmpty ? "(none)" : params)\n"
        text += "trained on: \(m.trainingRows) rows of frame '\(m.frame)', data sha256 \(m.dataHash)\n"
        let listed = m.features.count <= 12 ? m.features.joined(separator: ", ") : m.features.prefix(12).joined(separator: ", ") + ", …"
        text += "features (\(m.features.count)): \(listed)\n"
        text += "preparation: \(m.prep.steps.count) step\(m.prep.steps.count == 1 ? "" : "s")"
        if let classes = m.classes { text += "\nclasses: \(classes.joined(separator: ", "))" }
        if let note = m.trainingNote { text += "\nfit: \(note)" }
        if ModelRules.hasRules(m) { text += "\nsplits: `model \(args.word("name")!) rules` lists them" }
        if let categories = categoriesLine(m) { text += "\ncategories: \(categories)" }
        if let e = context.state.evaluations[m.name] {
            let shown = e.metrics.prefix(4).map { "\($0.name) \(NumberFormat.fixed($0.value, decimals: 4))" }.joined(separator: ", ")
            text += "\nlast eval: \(shown) on \(EvaluationSupport.describe(e))"
        }
        guard let learned = m.learnedTable else { return .text(text) }
        // A hundred one-hot columns would bury the rest: the first `top` features, then the summary rows.
        let top = args.int("top") ?? 20
        let features = learned.featureRows, summary = learned.summaryRows
        let shown = top == 0 ? features : Array(features.prefix(top))
        var table = ResultTable(title: learned.title, columns: ["feature"] + learned.columns, numericColumns: Set(1...learned.columns.count),
                                rows: (shown + summary).map { [.text($0.0)] + $0.1.map { .number($0, .float) } })
        // Importances (never below 0, one column) read best as bars; coefficients have signs.
        if learned.columns.count == 1, features.allSatisfy({ $0.1.allSatisfy { $0 >= 0 } }) { table.barsFor = 1 }
        if shown.count < features.count {
            let unused = features.dropFirst(shown.count).filter { $0.1.allSatisfy { $0 == 0 } }.count
            table.note = "\(features.count - shown.count) more feature\(features.count - shown.count == 1 ? "" : "s")"
                + (unused > 0 ? " (\(unused) of them with 0 everywhere)" : "") + "; `model \(args.word("name")!) top=0` lists them all"
        }
        return .group([.text(text), .table(table)])
    }

    /// boost's categorical features with their categories (in the order that numbers them), a
    /// few of each: "sex (female, male), pclass (1, 2, 3)".
    static func categoriesLine(_ m: TrainedModel) -> String? {
        guard case .boost(let b) = m.fitted, let categories = b.categories else { return nil }
        let listed = zip(m.features, categories).filter { !$0.1.isEmpty }.map { name, values -> String in
            let words = m.featureLevels?[name] ?? values.map { NumberFormat.significant($0) }
            return "\(name) (\(words.prefix(8).joined(separator: ", "))\(words.count > 8 ? ", … \(words.count) in all" : ""))"
        }
        return listed.joined(separator: ", ")
    }
}
