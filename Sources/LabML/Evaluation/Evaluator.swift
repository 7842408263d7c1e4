import LabData

/// Runs a model on some rows of a frame and scores it with the metrics scikit-learn would
/// report for its task. Class labels are compared by their index in the model's classes, so
/// numeric labels keep numpy's order ("2" before "10") in every metric.
public enum Evaluator {
    /// Past this many rows the silhouette (quadratic in the rows) is taken on an even sample.
    public static let silhouetteRowLimit = 10_000

    /// The frame as the model expects it. `applied` is the preparation the frame has been through
    /// (its pipeline in the session): when the model's steps begin it, the frame is ready; when it
    /// was prepared by steps of its own and has every feature, it is taken as prepared by the user;
    /// otherwise (new data, the same file loaded again, a model imported in another session) the
    /// model's steps are run on a copy of it first.
    /// Only the steps that make or change the features run (and those of the target, with
    /// `withTarget`, to score the model): new data need not carry columns only other steps read.
    public static func prepared(_ frame: Frame, for model: TrainedModel, applied: PrepPipeline, withTarget: Bool = true) throws -> Frame {
        if applied.steps.starts(with: model.prep.steps) {
            try requireColumns(model.features, of: frame, for: model, beforeSteps: false)
            return frame
        }
        if !applied.isEmpty, model.features.allSatisfy({ frame.index(of: $0) != nil }) { return frame }
        try requireColumns(model.prep.rawColumns(for: model.features), of: frame, for: model, beforeSteps: !model.prep.steps.isEmpty)
        var out = frame
        for step in model.prep.steps(for: model.features + (withTarget && !model.target.isEmpty ? [model.target] : [])) {
            try Cancellation.check()
            out = try step.apply(to: out)
        }
        return out
    }

    /// Every column the model reads, named at once with what the model reads, rather than by
    /// whichever step or feature first misses one (a frame of another dataset misses them all).
    private static func requireColumns(_ needed: [String], of frame: Frame, for model: TrainedModel, beforeSteps: Bool) throws {
        let absent = needed.filter { frame.index(of: $0) == nil }
        guard !absent.isEmpty else { return }
        let list = absent.map { "'\($0)'" }.joined(separator: ", ")
        throw DataError("frame '\(frame.name)' has no column\(absent.count == 1 ? "" : "s") \(list), which model '\(model.name)' reads",
                        hint: "the model learned from frame '\(model.frame)' and reads \(needed.joined(separator: ", "))"
                            + (beforeSteps ? " (before its preparation steps)" : ""))
    }

    /// `only`: compute that metric alone (one already known to be computed for this model), for
    /// callers that score many times, as permutation importance does.
    public static func evaluate(_ model: TrainedModel, on frame: Frame, rows: EvaluationRows,
                                positive: String? = nil, threshold: Double? = nil, only: String? = nil) throws -> Evaluation {
        guard model.task != .decomposition else {
            throw DataError("a \(model.kind.rawValue) model has no predictions to score",
                            hint: "it has no target to score against; `train pca` and `model NAME` show the variance each component explains")
        }
        let x = try model.featureMatrix(frame, rows: rows.rows)
        if x.rows == 0 { throw DataError("no rows to evaluate \(model.name) on (\(rows.label) is empty)") }
        let make = { (metrics: [NamedMetric], warnings: [String], positive: String?, outcome: EvaluationOutcome) in
            Evaluation(model: model.name, part: rows.label, frame: frame.name, rows: x.rows, metrics: metrics,
                       warnings: Self.unique(warnings), positive: positive, threshold: threshold, outcome: outcome)
        }
        switch model.predict(x) {
        case .values(let predicted):
            guard case .values(let truth) = try TrainingData.target(frame, name: model.target, rows: rows.rows, task: .regression) else {
                throw DataError("target '\(model.target)' is not numeric in '\(frame.name)'")
            }
            let r2 = try Metrics.r2(truth, predicted)
            let metrics = [
                NamedMetric("r2", r2.value), NamedMetric("mse", try Metrics.meanSquaredError(truth, predicted)),
                NamedMetric("rmse", try Metrics.rootMeanSquaredError(truth, predicted)),
                NamedMetric("mae", try Metrics.meanAbsoluteError(truth, predicted)),
                NamedMetric("mape", try Metrics.meanAbsolutePercentageError(truth, predicted)),
            ].filter { only == nil || $0.name == only }
            return make(metrics, r2.warnings.map(\.message), nil, .regression(truth: truth, predicted: predicted))
        case .classes(let classes, var labels, var clamped):
            // Averaged probabilities (forests) can overshoot 1 by an ulp, which log loss and Brier would refuse.
            clamped.storage.withUnsafeMutableBufferPointer { values in
                for i in values.indices { values[i] = min(max(values[i], 0), 1) }
            }
            let probabilities = clamped.rowArrays
            let truth = try truthIndices(model, frame, rows: rows.rows, classes: classes)
            let positiveIndex = try positiveClass(positive, classes: classes)
            if let threshold {
                guard let k = positiveIndex, classes.count == 2 else {
                    throw DataError("a decision threshold applies to two-class models", hint: "\(model.name) has \(classes.count) classes")
                }
                guard threshold.isFinite, (0...1).contains(threshold) else {
                    throw DataError("threshold \(threshold) is not a probability", hint: "give a value between 0 and 1, e.g. at=0.3")
                }
                labels = probabilities.map { $0[k] >= threshold ? k : 1 - k }
            }
            let scored = try classificationMetrics(truth: truth, predicted: labels, probabilities: probabilities,
                                                   classes: classes, positive: positiveIndex, only: only)
            return make(scored.metrics, scored.warnings, positiveIndex.map { classes[$0] },
                        .classification(classes: classes, truth: truth.map { classes[$0] }, predicted: labels.map { classes[$0] },
                                        probabilities: probabilities))
        case .clusters(let assignments):
            guard case .kmeans(let kmeans) = model.fitted else { throw DataError("\(model.name) does not cluster") }
            let points = (0..<x.rows).map { Array(x.row($0)) }
            let centres = (0..<kmeans.centers.rows).map { Array(kmeans.centers.row($0)) }
            var metrics = [NamedMetric("inertia", try Metrics.inertia(points, assignments: assignments, centres: centres))]
            var warnings: [String] = []
            if Set(assignments).count >= 2 && Set(assignments).count < points.count {
                let step = max(1, (points.count + silhouetteRowLimit - 1) / silhouetteRowLimit)
                let sample = stride(from: 0, to: points.count, by: step).map { $0 }
                let silhouette = try Metrics.silhouetteScore(sample.map { points[$0] }, labels: sample.map { assignments[$0] })
                metrics.append(NamedMetric("silhouette", silhouette))
                if step > 1 { warnings.append("silhouette taken on every \(step)th row (\(sample.count) of \(points.count))") }
            } else {
                warnings.append("silhouette needs 2 to n-1 clusters among the rows; these rows fall in \(Set(assignments).count)")
            }
            return make(metrics, warnings, nil, .clustering(assignments: assignments))
        case .components:
            throw DataError("a \(model.kind.rawValue) model has no predictions to score")
        }
    }

    /// accuracy … log loss, as scikit-learn computes them on class indices.
    /// `only`: that metric alone (the others are not computed).
    static func classificationMetrics(truth: [Int], predicted: [Int], probabilities: [[Double]], classes: [String],
                                      positive: Int?, only: String? = nil) throws -> (metrics: [NamedMetric], warnings: [String]) {
        let classCount = classes.count
        let all = Array(0..<classCount)
        let said = MetricWarningText(classes: classes, truth: truth, predicted: predicted, positive: classCount == 2 ? positive : nil)
        func wants(_ names: String...) -> Bool { only.map(names.contains) ?? true }
        var warnings: [String] = []
        var metrics: [NamedMetric] = []
        if wants("accuracy") { metrics.append(NamedMetric("accuracy", try Metrics.accuracy(truth, predicted))) }
        if wants("balanced_accuracy") {
            let balanced = try Metrics.balancedAccuracy(truth, predicted)
            metrics.append(NamedMetric("balanced_accuracy", balanced.value))
            warnings += said.texts(balanced.warnings)
        }
        let present = Set(truth)
        if classCount == 2, let p = positive {
            if wants("precision", "recall", "f1") {
                let s = try Metrics.precisionRecallFScore(truth, predicted, average: .binary, positive: p)
                metrics += [NamedMetric("precision", s.precision), NamedMetric("recall", s.recall), NamedMetric("f1", s.fScore)]
                warnings += said.texts(s.warnings)
            }
            let scores = probabilities.map { $0[p] }
            if present.count == 2 {
                if wants("roc_auc") { metrics.append(NamedMetric("roc_auc", try Metrics.rocAUC(truth, scores, positive: p))) }
                if wants("average_precision") {
                    let ap = try Metrics.averagePrecision(truth, scores, positive: p)
                    metrics.append(NamedMetric("average_precision", ap.value))
                    warnings += ap.warnings.map(\.message)
                }
            } else {
                warnings.append("only one class among these rows: ROC AUC and average precision are not defined")
            }
            if wants("brier") { metrics.append(NamedMetric("brier", try Metrics.brierScore(truth, probabilities: scores, positive: p))) }
        } else {
            for average in [Metrics.Average.macro, .weighted] {
                let names = ["precision", "recall", "f1"].map { "\($0)_\(average.rawValue)" }
                guard wants(names[0], names[1], names[2]) else { continue }
                let s = try Metrics.precisionRecallFScore(truth, predicted, average: average, labels: all)
                metrics += [NamedMetric(names[0], s.precision), NamedMetric(names[1], s.recall), NamedMetric(names[2], s.fScore)]
                warnings += said.texts(s.warnings)
            }
            if present.count == classCount {
                for average in [Metrics.MulticlassAverage.macro, .weighted] where wants("roc_auc_ovr_\(average.rawValue)") {
                    metrics.append(NamedMetric("roc_auc_ovr_\(average.rawValue)", try Metrics.rocAUC(truth, probabilities: probabilities, average: average, labels: all)))
                }
            } else {
                warnings.append("\(classCount - present.count) of \(classCount) classes have no rows here: one-vs-rest ROC AUC is not defined")
            }
        }
        if wants("log_loss") {
            let loss = try Metrics.logLoss(truth, probabilities: probabilities, labels: all)
            metrics.append(NamedMetric("log_loss", loss.value))
            warnings += loss.warnings.map(\.message)
        }
        // Each said once: the macro and weighted averages warn alike.
        return (metrics, warnings.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
    }

    /// Each row's true class as an index into the model's classes.
    static func truthIndices(_ model: TrainedModel, _ frame: Frame, rows: [Int]?, classes: [String]) throws -> [Int] {
        let column = try frame.column(model.target)
        let indices = rows ?? Array(0..<frame.rowCount)
        var index: [String: Int] = [:]
        for (i, c) in classes.enumerated() { index[c] = i }
        // A target holds few distinct values: each is looked up once (by its level, or by the
        // number's bits), not as a text made per row.
        let (codes, levelClass, values): ([Int32], [Int?], [Double])
        switch column.data {
        case .strings(let c, let levels): (codes, levelClass, values) = (c, levels.map { index[$0] }, [])
        case .numbers(let v, _): (codes, levelClass, values) = ([], [], v)
        }
        var known: [UInt64: Int] = [:]
        return try indices.map { r in
            if !codes.isEmpty, codes[r] >= 0, let i = levelClass[Int(codes[r])] { return i }
            if !values.isEmpty, !column.isMissing(r), let i = known[values[r].bitPattern] { return i }
            guard let label = column.text(at: r) else {
                throw DataError("target '\(model.target)' is missing in row \(r + 1) of '\(frame.name)'",
                                hint: "rows without an answer cannot be scored: filter \(model.target) is not missing")
            }
            guard let i = index[label] else {
                throw DataError("row \(r + 1) of '\(frame.name)' has class '\(label)', which \(model.name) never saw in training",
                                hint: "its classes: \(classes.joined(separator: ", "))")
            }
            if !values.isEmpty { known[values[r].bitPattern] = i }
            return i
        }
    }

    /// The positive class: the one named, or the second of two (scikit-learn's 1 of {0, 1}).
    static func positiveClass(_ name: String?, classes: [String]) throws -> Int? {
        guard let name else { return classes.count == 2 ? 1 : nil }
        guard classes.count == 2 else {
            throw DataError("pos= picks the positive class of a two-class model; this one has \(classes.count) classes",
                            hint: "leave pos= out: \(classes.count) classes are scored with macro and weighted averages and one-vs-rest ROC AUC")
        }
        guard let k = classes.firstIndex(of: name) else {
            throw DataError("pos=\(name) is not a class of this model\(Suggestion.didYouMean(name, in: classes))",
                            hint: "classes: \(classes.joined(separator: ", "))")
        }
        return k
    }

    static func unique(_ warnings: [String]) -> [String] {
        var seen = Set<String>()
        return warnings.filter { seen.insert($0).inserted }
    }
}
