import LabData

/// A trained PCA as a preparation step (`train pca` records one): its components, learned on the
/// training rows, added as columns PC1..PCk to any frame with the same features, the training
/// frame, test rows and new data alike.
public struct PCAProjection: Sendable, Equatable, Codable {
    public let features: [String]
    public let model: PCA

    public init(features: [String], model: PCA) {
        self.features = features
        self.model = model
    }

    /// The projection of a trained PCA model, or nil for another kind.
    public init?(_ trained: TrainedModel) {
        guard case .pca(let m) = trained.fitted else { return nil }
        self.init(features: trained.features, model: m)
    }

    /// The frame with PC1..PCk set (replaced if present), one value per row.
    public func apply(to frame: Frame) throws -> Frame {
        let all = Array(0..<frame.rowCount)
        // Read straight from the columns. A feature that is not numbers or has a missing value
        // stops ColumnsAtRows; one that is not finite somewhere makes a coordinate non-finite (as
        // does a finite value too large for the coordinates, which stands). The matrix build names
        // such a feature.
        guard let columns = ColumnsAtRows(frame, features: features, rows: all, checkingFinite: false) else {
            _ = try TrainingData.matrix(frame, features: features, rows: all)
            throw DataError("the features of the PCA cannot be read", hint: "check them with `describe`")
        }
        let projected = model.project(columns: columns.sources)
        if !projected.allSatisfy({ $0.allSatisfy(\.isFinite) }) { _ = try TrainingData.matrix(frame, features: features, rows: all) }
        var out = frame
        for (values, name) in zip(projected, model.columnNames) {
            out = try out.setting(Column(name: name, type: .float, values: values))
        }
        return out
    }

    /// For the pipeline listing: what was learned, in one line.
    public var summary: String {
        let shares = model.explainedVarianceRatio.map { "\(($0 * 1000).rounded() / 10)%" }.joined(separator: ", ")
        return "\(model.components.count) components of \(features.count) features, explaining \(shares)"
    }
}
