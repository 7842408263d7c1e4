import LabData

/// How to train a model, without the data: what `cv`, `tune` and the curves fit again and again.
public struct ModelRecipe: Sendable, Equatable {
    public var kind: ModelKind
    public var target: String?
    public var features: [String]?
    public var parameters: [String: String]
    public var prep: PrepPipeline

    public init(kind: ModelKind, target: String?, features: [String]?, parameters: [String: String], prep: PrepPipeline) {
        self.kind = kind
        self.target = target
        self.features = features
        self.parameters = parameters
        self.prep = prep
    }

    public func train(_ frame: Frame, rows: [Int]?, name: String = "fold") throws -> TrainedModel {
        try Trainer.train(kind, name: name, frame: frame, target: target, features: features, parameters: parameters, prep: prep, rows: rows)
    }

    /// Runs `body`, which trains and scores on parts of the rows `all` gives (a fold's share of the
    /// training rows). What is wrong in the features is then said of all of those rows, as `train`
    /// says it: "1 missing value in 837 rows" would puzzle someone whose split has 1047 training
    /// rows. No cost when nothing is wrong.
    public func onPart<T>(of frame: Frame, rows all: () -> [Int], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DataError {
            try Trainer.checkFeatures(kind, frame: frame, target: target, features: features, parameters: parameters, prep: prep, rows: all())
            throw error
        }
    }

    public func with(_ changes: [String: String]) -> ModelRecipe {
        var copy = self
        copy.parameters.merge(changes) { $1 }
        return copy
    }

    /// The rows cross-validation works in: the split's training rows, or every row.
    public static func learningRows(_ frame: Frame) -> [Int] {
        TrainingRows(frame).rows ?? Array(0..<frame.rowCount)
    }

    /// Each row's class index, for stratified folds; nil for tasks without classes.
    func classCodes(_ frame: Frame, rows: [Int]) throws -> [Int]? {
        let task = kind.task(parameters: (try? Trainer.parameters(for: kind, given: parameters)) ?? parameters)
        guard task == .classification, let target else { return nil }
        guard case .classes(_, let y) = try TrainingData.target(frame, name: target, rows: rows, task: .classification) else { return nil }
        return y
    }
}

/// Mean and population standard deviation (numpy's default, as scikit-learn's reports use).
public struct MeanStd: Sendable, Equatable {
    public let mean: Double
    public let std: Double

    public init(_ values: [Double]) {
        let m = Summation.mean(values)
        mean = m
        std = (Summation.sum(values.map { ($0 - m) * ($0 - m) }) / Double(values.count)).squareRoot()
    }
}

/// The value of `metric` in an evaluation, or an error naming the metrics there are.
func metricValue(_ e: Evaluation, _ metric: String) throws -> Double {
    if let v = e.value(metric) { return v }
    let names = e.metrics.map(\.name)
    throw DataError("metric '\(metric)' is not computed for this model\(Suggestion.didYouMean(metric, in: names))",
                    hint: "metrics here: \(names.joined(separator: ", "))")
}
