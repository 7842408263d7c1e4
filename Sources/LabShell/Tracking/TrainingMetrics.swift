import LabData
import LabML
import LabOps

/// The metrics a `train` run records: the per-step series of iterative fits (loss per L-BFGS
/// iteration, training and validation loss per boosting round), and, when the frame is split,
/// the model's scores on the test rows (scikit-learn's definitions), so runs can be ranked by
/// `best metric=auc` without a separate step.
enum TrainingMetrics {
    static func of(_ model: TrainedModel, frame: Frame) -> [MetricPoint] {
        let now = Clock.milliseconds()
        var out: [MetricPoint] = []
        func series(_ key: String, _ values: [Double]) {
            for (step, v) in values.enumerated() where v.isFinite { out.append(MetricPoint(key: key, value: v, step: step, timestampMs: now)) }
        }
        switch model.fitted {
        case .logistic(let m): series("loss", m.lossHistory)
        case .boost(let m):
            series("training_loss", m.trainingLoss)
            if let v = m.validationLoss { series("validation_loss", v) }
        default: break
        }
        for (key, value) in testScores(model, frame: frame) where value.isFinite {
            out.append(MetricPoint(key: key, value: value, step: 0, timestampMs: now))
        }
        return out
    }

    /// Scores on the rows a split marked `test`; none without a split or when they cannot be computed.
    static func testScores(_ model: TrainedModel, frame: Frame) -> [(String, Double)] {
        guard !model.target.isEmpty, let rows = testRows(frame), rows.count > 1,
              let x = try? model.featureMatrix(frame, rows: rows),
              let target = try? frame.column(model.target) else { return [] }
        switch model.predict(x) {
        case .values(let predicted):
            guard case .numbers(let v, let missing) = target.data, !rows.contains(where: { missing?[$0] ?? false }) else { return [] }
            let truth = rows.map { v[$0] }
            var out: [(String, Double)] = []
            if let r2 = try? Metrics.r2(truth, predicted) { out.append(("r2", r2.value)) }
            if let rmse = try? Metrics.rootMeanSquaredError(truth, predicted) { out.append(("rmse", rmse)) }
            if let mae = try? Metrics.meanAbsoluteError(truth, predicted) { out.append(("mae", mae)) }
            return out
        case .classes(let classes, let labels, let probabilities):
            guard !rows.contains(where: { target.isMissing($0) }) else { return [] }
            // Scored on class indices: the same answers as on the label texts, without hashing text per row.
            let truth = TrainingData.classIndices(target, rows: rows, classes: classes)
            var out: [(String, Double)] = []
            if let a = try? Metrics.accuracy(truth, labels) { out.append(("accuracy", a)) }
            if classes.count == 2, Set(truth).count == 2,
               let auc = try? Metrics.rocAUC(truth, probabilities.column(1), positive: 1) {
                out.append(("roc_auc", auc))
            }
            if let ll = try? Metrics.logLoss(truth, probabilities: probabilities, labels: Array(classes.indices)) {
                out.append(("log_loss", ll.value))
            }
            return out
        case .clusters, .components:
            return []
        }
    }

    static func testRows(_ frame: Frame) -> [Int]? {
        guard let split = try? frame.column(TrainingRows.splitColumn), case .strings(let codes, let levels) = split.data,
              let test = levels.firstIndex(of: "test") else { return nil }
        let code = Int32(test)
        return codes.indices.filter { codes[$0] == code }
    }
}
