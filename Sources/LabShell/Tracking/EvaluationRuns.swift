import Dispatch
import LabData
import LabML
import LabOps

/// The runs `eval`, `cv` and `tune` record, as `train` records its own: `eval` one run with the
/// scores and the ROC and precision-recall points; `cv` one run with the mean score and each
/// fold's as a step series; `tune` a parent run with the best mean and the winning model (so it
/// can be registered) and a child run per grid point, linked by MLflow's `mlflow.parentRunId` tag.
enum EvaluationRuns {
    static func eval(_ e: Evaluation, line: String, _ context: CommandContext) -> [CommandOutput] {
        let run = TrackedRun.start(name: "eval \(e.model)", context)
        var params = ["model": e.model, "frame": e.frame, "part": e.part, "rows": String(e.rows)]
        if let p = e.positive { params["pos"] = p }
        if let t = e.threshold { params["threshold"] = String(t) }
        var tags = ["opslab.model": e.model]
        // The frame scored, by content: with the training data's hash on the model's run, both ends are pinned.
        if let frame = context.state.frames[e.frame] { tags["opslab.eval_data_sha256"] = frame.contentHash }
        if let model = context.state.models[e.model], let trained = try? ModelReference.run(of: model, in: context.environment.stateDirectory) {
            tags["opslab.model_run"] = trained.id
        }
        var artifacts: [String: [UInt8]] = [:]
        if let (truth, scores, positive) = e.binaryScores {
            if let roc = try? Metrics.rocCurve(truth, scores, positive: positive) {
                artifacts["roc.csv"] = csv(["threshold", "fpr", "tpr"], [roc.thresholds, roc.falsePositiveRate, roc.truePositiveRate])
            }
            if let pr = try? Metrics.precisionRecallCurve(truth, scores, positive: positive) {
                artifacts["pr.csv"] = csv(["threshold", "precision", "recall"], [pr.thresholds + [.nan], pr.precision, pr.recall])
            }
        }
        return run.finish(line: line, params: params, metrics: e.metrics.map { MetricPoint(key: $0.name, value: $0.value) },
                          tags: tags, artifacts: artifacts, context)
    }

    /// `cv` and `tune` start their run before the work, so a process killed during it leaves a FAILED run.
    static func start(_ verb: String, _ kind: ModelKind, _ context: CommandContext) -> TrackedRun {
        TrackedRun.start(name: "\(verb) \(kind.rawValue)", context)
    }

    static func cv(_ run: TrackedRun, _ cv: CrossValidation, recipe: ModelRecipe, folds: Int, line: String, _ context: CommandContext) -> [CommandOutput] {
        var params = recipeParams(recipe)
        params["folds"] = String(folds)
        params["metric"] = cv.metric
        params["stratified"] = String(cv.stratified)
        return run.finish(line: line, params: params, metrics: foldMetrics(cv.metric, cv.folds.map(\.score)), context)
    }

    static func tune(_ parent: TrackedRun, _ search: GridSearch, recipe: ModelRecipe, model: TrainedModel, grid: String, folds: Int,
                     line: String, _ context: CommandContext) -> [CommandOutput] {
        var notes: [CommandOutput] = []
        if let parentID = parent.id {
            for (i, point) in search.points.enumerated() {
                let child = TrackedRun.start(name: "tune \(recipe.kind.rawValue) #\(i + 1)", context, parent: parentID)
                var params = recipeParams(recipe.with(point.parameters))
                params["folds"] = String(folds)
                params["metric"] = search.metric
                // One line for the whole grid: the children's notes would only repeat the parent's.
                let childNotes = child.finish(line: line, params: params, metrics: foldMetrics(search.metric, point.folds), context)
                notes += childNotes.filter { if case .warning = $0 { return true } else { return false } }
            }
        }
        var params = recipeParams(recipe.with(search.points[search.best].parameters))
        params.merge(model.parameters) { $1 }
        params["features"] = model.features.joined(separator: ",")
        params["grid"] = grid
        params["folds"] = String(folds)
        params["metric"] = search.metric
        let best = search.points[search.best].summary
        let tags = ["opslab.model": model.name, "opslab.kind": model.kind.rawValue, "opslab.frame": model.frame,
                    "opslab.data_sha256": model.dataHash, "opslab.training_rows": String(model.trainingRows)]
        let artifacts = (try? Registry.artifact(of: model)).map { [Registry.modelArtifact: $0] } ?? [:]
        let metrics = [MetricPoint(key: "cv_\(search.metric)", value: best.mean), MetricPoint(key: "cv_\(search.metric)_std", value: best.std)]
        return parent.finish(line: line, params: params, metrics: metrics, tags: tags, artifacts: artifacts, context)
            .map { note in
                guard case .message(let m) = note, m.hasPrefix("run ") else { return note }
                return .message(m + " with \(search.points.count) child run\(search.points.count == 1 ? "" : "s"), one per combination")
            } + notes
    }

    /// The parameters of a recipe as a run records them.
    static func recipeParams(_ recipe: ModelRecipe) -> [String: String] {
        var params = (try? Trainer.parameters(for: recipe.kind, given: recipe.parameters)) ?? recipe.parameters
        params["kind"] = recipe.kind.rawValue
        if let target = recipe.target { params["target"] = target }
        if let features = recipe.features { params["features"] = features.joined(separator: ",") }
        return params
    }

    /// The mean cross-validated score as `cv_METRIC`, its standard deviation, and the score of each
    /// fold as the step series `cv_METRIC_fold`. Named apart from the test-row metrics of `eval` and
    /// `train`, so `best metric=cv_roc_auc` ranks grid points and `best metric=roc_auc` test scores,
    /// never one against the other.
    static func foldMetrics(_ metric: String, _ scores: [Double]) -> [MetricPoint] {
        let s = MeanStd(scores)
        return scores.enumerated().map { MetricPoint(key: "cv_\(metric)_fold", value: $1, step: $0) }
            + [MetricPoint(key: "cv_\(metric)", value: s.mean), MetricPoint(key: "cv_\(metric)_std", value: s.std)]
    }

    /// The columns as CSV under `header`, each number as Swift prints it (shortest round-trip
    /// form; NaN left empty). Written as bytes, the two halves of the rows on two cores: curves of
    /// a 200,000-row test set hold hundreds of thousands of numbers, and building them as strings
    /// took most of an `eval`.
    static func csv(_ header: [String], _ columns: [[Double]]) -> [UInt8] {
        let count = columns.map(\.count).min() ?? 0
        let halves = count >= 20_000 ? [0..<(count / 2), (count / 2)..<count] : [0..<count]
        let parts = halves.map { _ in CSVPart() }
        DispatchQueue.concurrentPerform(iterations: halves.count) { h in
            var out: [UInt8] = []
            out.reserveCapacity(halves[h].count * columns.count * 20)
            for i in halves[h] {
                for (j, column) in columns.enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    if !column[i].isNaN { out.append(contentsOf: column[i].description.utf8) }
                }
                out.append(UInt8(ascii: "\n"))
            }
            parts[h].bytes = out
        }
        return Array((header.joined(separator: ",") + "\n").utf8) + parts.flatMap(\.bytes)
    }

    /// One half's bytes, written by its own thread.
    private final class CSVPart: @unchecked Sendable {
        var bytes: [UInt8] = []
    }
}
