/// One named number in an evaluation, in the order scikit-learn users read them.
public struct NamedMetric: Sendable, Equatable, Codable {
    public let name: String
    public let value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// What a model got right and wrong on some rows, kept so the curves, the confusion matrix
/// and other thresholds can be drawn from it without predicting again.
public enum EvaluationOutcome: Sendable, Equatable {
    case regression(truth: [Double], predicted: [Double])
    /// `probabilities[r][k]` is row r's probability of `classes[k]`.
    case classification(classes: [String], truth: [String], predicted: [String], probabilities: [[Double]])
    case clustering(assignments: [Int])
}

/// A model's quality on some rows: the metrics scikit-learn would report for its task, with
/// whatever scikit-learn would have warned about.
public struct Evaluation: Sendable, Equatable {
    public let model: String
    /// Which rows: "test", "valid", "train", or "all rows of FRAME".
    public let part: String
    public let frame: String
    public let rows: Int
    public let metrics: [NamedMetric]
    public let warnings: [String]
    /// The positive class of a two-class model (the one precision, recall and the curves are about).
    public let positive: String?
    /// The decision threshold on the positive class's probability, when not the default argmax.
    public let threshold: Double?
    public let outcome: EvaluationOutcome

    public func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }

    /// The scores of the positive class against the truth, for a two-class model.
    public var binaryScores: (truth: [String], scores: [Double], positive: String)? {
        guard case .classification(let classes, let truth, _, let probabilities) = outcome, classes.count == 2,
              let positive, let k = classes.firstIndex(of: positive) else { return nil }
        return (truth, probabilities.map { $0[k] }, positive)
    }
}
