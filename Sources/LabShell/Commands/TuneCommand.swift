import LabData
import LabML

struct TuneCommand: Command {
    static let spec = CommandSpec(
        "tune", group: .evaluate, summary: "Grid search: cross-validate every combination of parameters, keep the best as a model",
        positionals: [PositionalSpec("kind", .keyword(ModelKind.allCases.map(\.rawValue)), help: "the kind of model")],
        keys: [KeySpec("grid", .text, required: true, help: "parameters and values, e.g. \"C=0.1,1,10 max_depth=3..5\""),
               KeySpec("cv", .integer(min: 2, max: 100), help: "how many folds, as GridSearchCV's cv= (the same as folds=; cv= wins)")]
            + RecipeArguments.searchKeys + RecipeArguments.keys,
        acceptsAlias: true, aliasNames: "model", changesState: true,
        examples: ["tune logistic target=survived grid=\"C=0.01,0.1,1,10\" metric=auc", "tune tree target=survived grid=\"max_depth=2..8 min_samples_leaf=1,5\" as best_tree"],
        details: """
            Every combination is cross-validated on the training rows (like scikit-learn's GridSearchCV); the best mean \
            score wins (the lowest for losses), and that combination is trained on all training rows and kept as a model \
            (named by `as`, default tuned_KIND). Parameters outside the grid keep the values given or their defaults.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let kind = ModelKind(rawValue: args.word("kind")!)!
        // cv= (GridSearchCV's name) is folds= by another name: scripts record it as folds=.
        let folds = args.int("cv") ?? args.int("folds") ?? 5
        if args.int("cv") != nil {
            context.recorded.keys["folds"] = String(folds)
            context.recorded.keys["cv"] = nil
        }
        let (recipe, frame) = try RecipeArguments.recipe(args, kind: kind, context)
        let grid = try GridSearch.parse(args.string("grid")!)
        let run = EvaluationRuns.start("tune", kind, context)
        let search: GridSearch
        let model: TrainedModel
        let name = args.alias ?? "tuned_\(kind.rawValue)"
        do {
            search = try GridSearch.run(recipe, grid: grid, on: frame, folds: folds, seed: args.seed(),
                                        metric: args.string("metric").map(MetricNames.canonical))
            model = try recipe.with(search.points[search.best].parameters).train(frame, rows: nil, name: name)
        } catch {
            run.discard()
            throw error
        }
        let bestParameters = search.points[search.best].parameters
        context.state.putModel(model)
        let saved = Progress.activity("saving the model") { saveModelFile(model, context) }
        context.recorded.alias = name
        let greater = MetricGoal.greaterIsBetter(search.metric)
        let order = search.points.indices.sorted { a, b in
            let (x, y) = (search.points[a].summary.mean, search.points[b].summary.mean)
            return x == y ? a < b : (greater ? x > y : x < y)
        }
        // Equal means share the better rank, as scikit-learn's rank_test_score ranks them (1, 2, 2, 4).
        var ranks: [Int] = []
        for (position, i) in order.enumerated() {
            let tied = position > 0 && search.points[order[position - 1]].summary.mean == search.points[i].summary.mean
            ranks.append(tied ? ranks[position - 1] : position + 1)
        }
        let rows = order.enumerated().map { position, i -> [Cell] in
            let p = search.points[i]
            return [.number(Double(ranks[position]), .integer)] + grid.map { Cell.text(p.parameters[$0.name] ?? "") }
                + [.fixed(p.summary.mean, decimals: 4), .fixed(p.summary.std, decimals: 4)]
        }
        let title = "grid search of \(kind.rawValue) on \(frame.name): \(search.points.count) combinations × \(folds) folds, \(search.metric)"
        let best = bestParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let isSplit = TrainingRows(frame).isSplit
        return .group([
            .table(ResultTable(title: title, columns: ["rank"] + grid.map(\.name) + ["mean " + search.metric, "std"],
                               numericColumns: Set([0, grid.count + 1, grid.count + 2]), rows: rows)),
            isSplit
                ? .message("best: \(best) — trained on all \(model.trainingRows) training rows as '\(name)' (eval \(name) scores it on the test rows)")
                : .message("best: \(best) — trained on all \(model.trainingRows) rows as '\(name)'"),
        ] + (isSplit ? [] : [.warning("no split: the folds were cut from every row and '\(name)' was trained on them all, so no rows are left for an honest test score. Split first (split test=0.2).")])
          + (saved.map { [$0] } ?? [])
          + Progress.activity("recording the runs") {
              EvaluationRuns.tune(run, search, recipe: recipe, model: model, grid: args.string("grid")!, folds: folds,
                                  line: ArgumentParser.canonicalLine(spec, context.recorded), context)
          })
    }
}
