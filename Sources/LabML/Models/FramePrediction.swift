import LabData

extension TrainedModel {
    /// What the model says about every row of `frame`, which holds its features (prepared as the
    /// model expects: `Evaluator.prepared`). A feature that is not numbers, is missing somewhere or
    /// is not finite is named in the error.
    public func predict(frame: Frame) throws -> Prediction {
        let all = Array(0..<frame.rowCount)
        // A feature that is not numbers or has a missing value stops ColumnsAtRows; one that is not
        // finite somewhere makes an output non-finite. The matrix build then names it.
        if let x = ColumnsAtRows(frame, features: features, rows: all, checkingFinite: false), let prediction = predict(columns: x.sources) {
            return prediction
        }
        return predict(try featureMatrix(frame, rows: all))
    }

    /// The prediction from the feature columns (one array per feature, in order), with no
    /// row-major copy of them; nil for the kinds that walk rows, and when an output (k-means: a
    /// distance) is not finite. A feature value that is not finite always makes one so (NaN stays
    /// NaN; an infinity times a weight is infinite, or NaN for a weight of 0), and so do finite
    /// values too large for the scores: both go the matrix way.
    func predict(columns: [[Double]]) -> Prediction? {
        switch fitted {
        case .linear(let m):
            let values = m.predict(columns: columns)
            return values.allSatisfy(\.isFinite) ? .values(values) : nil
        case .logistic(let m):
            // Probabilities squash infinite scores to 0 or 1: the scores are checked.
            let scores = m.decisionScores(columns: columns)
            return scores.storage.allSatisfy(\.isFinite) ? Self.classes(m.classes, LogisticModel.probabilityMatrix(scores: scores)) : nil
        case .naiveBayes(let m):
            let probabilities = m.probabilityMatrix(columns: columns)
            return probabilities.storage.allSatisfy(\.isFinite) ? Self.classes(m.classes, probabilities) : nil
        case .pca(let m):
            let projected = m.project(columns: columns)
            return projected.allSatisfy { $0.allSatisfy(\.isFinite) } ? .components(names: m.columnNames, columns: projected) : nil
        case .kmeans(let m): return m.predict(columns: columns).map(Prediction.clusters)
        case .tree, .forest, .boost, .knn: return nil
        }
    }
}
