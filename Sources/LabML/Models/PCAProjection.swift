import LabData

/// PCA as a preparation step (the shell's `pca` command): components learned on the
/// training rows of the named (or every numeric) feature, then PC1..PCk added as columns
/// to any frame with those features, the training frame, test rows and new data alike.
public struct PCAProjection: Sendable, Equatable, Codable {
    public let features: [String]
    public let model: PCA

    /// Learns the components from the training rows (all rows when the frame is not split).
    public static func fit(_ frame: Frame, features requested: [String]?, components: Int) throws -> PCAProjection {
        let features = try TrainingData.featureNames(frame, target: nil, requested: requested)
        let x = try TrainingData.matrix(frame, features: features, rows: TrainingRows(frame).rows)
        return PCAProjection(features: features, model: try PCA.fit(x, components: components))
    }

    /// The frame with PC1..PCk set (replaced if present), one value per row.
    public func apply(to frame: Frame) throws -> Frame {
        let t = model.transform(try TrainingData.matrix(frame, features: features, rows: nil))
        var out = frame
        for (c, name) in model.columnNames.enumerated() {
            out = try out.setting(Column(name: name, type: .float, values: (0..<t.rows).map { t[$0, c] }))
        }
        return out
    }

    /// For the pipeline listing: what was learned, in one line.
    public var summary: String {
        let shares = model.explainedVarianceRatio.map { "\(($0 * 1000).rounded() / 10)%" }.joined(separator: ", ")
        return "\(model.components.count) components of \(features.count) features, explaining \(shares)"
    }
}
