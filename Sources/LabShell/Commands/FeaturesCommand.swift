import LabData
import LabML

struct FeaturesCommand: Command {
    static let spec = CommandSpec(
        "features", group: .prepare, summary: "Rank features by how much they say about the target, or keep the best k",
        positionals: [PositionalSpec("action", .keyword(["rank", "keep"]), optional: true,
                                     help: "rank: show the scores; keep: keep the top k features (left out: keep with k=, else rank)")],
        keys: [
            KeySpec("target", .column, help: "the column to predict (not needed for method=variance)"),
            KeySpec("method", .choice(FeatureScoring.Method.allCases.map(\.rawValue)), default: "f_test",
                    help: "f_test (ANOVA / correlation F), chi2 (non-negative features), mutual_info (class targets), variance"),
            KeySpec("k", .integer(min: 1, max: 100_000), help: "with keep: how many features to keep"),
            KeySpec("seed", .seed, default: "42", alwaysRecorded: true, help: "seed for mutual_info's tie-breaking jitter"),
        ],
        changesState: true,
        examples: ["features rank target=survived", "features target=survived", "features rank target=species method=mutual_info", "features keep k=5 target=survived"],
        details: "Scores come from the training rows (all rows before a split), as scikit-learn's SelectKBest would see them.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        var args = args
        if args.word("action") == nil {
            args.positionals["action"] = [args.int("k") != nil ? "keep" : "rank"]
            context.recorded.positionals["action"] = args.positionals["action"]
        }
        let method = FeatureScoring.Method(rawValue: args.string("method")!)!
        let targetName = args.string("target")
        if targetName == nil && method != .variance {
            throw UsageError("features \(args.word("action")!) method=\(method.rawValue) needs target=", hint: "e.g. features rank target=survived")
        }
        let features = try TrainingData.featureNames(frame, target: targetName, requested: nil)
        let rows = TrainingRows(frame).rows
        let x = try TrainingData.matrix(frame, features: features, rows: rows)
        let target = try targetName.map { name -> TrainingData.Target in
            let column = try frame.column(name)
            let task: ModelTask = column.type == .float ? .regression : .classification
            return try TrainingData.target(frame, name: name, rows: rows, task: task)
        }
        let scores = try FeatureScoring.scores(method, x: x, features: features, target: target, seed: args.seed())
            .sorted { ($0.score.isNaN ? -Double.infinity : $0.score) > ($1.score.isNaN ? -Double.infinity : $1.score) }
        if args.word("action") == "rank" {
            context.changedState = false
            let rows = scores.enumerated().map { i, s -> [Cell] in
                [.number(Double(i + 1), .integer), .text(s.feature), .number(s.score, .float), s.pValue.map { .number($0, .float) } ?? .missing]
            }
            var table = ResultTable(title: "\(method.rawValue) scores against \(targetName ?? "nothing (variance)")",
                                    columns: ["rank", "feature", "score", "p-value"], numericColumns: [0, 2, 3], rows: rows)
            table.barsFor = 2
            return .table(table)
        }
        guard let k = args.int("k") else { throw UsageError("features keep needs k=", hint: "e.g. features keep k=5 target=survived") }
        let kept = scores.prefix(k).map(\.feature)
        let dropped = scores.dropFirst(k).map(\.feature)
        let result = try frame.dropping(dropped)
        context.state.replaceCurrent(result)
        context.state.appendStep(.dropColumns(dropped), to: frame.name, fittedOnAllRows: rows == nil)
        return .frame(FrameSummary(verb: "kept \(kept.count) features in", name: frame.name, rows: result.rowCount, columns: result.columnCount,
                                   detail: kept.joined(separator: ", ")))
    }
}
