import LabData

/// The learned part of a model, by kind.
public enum FittedModel: Sendable, Equatable, Codable {
    case linear(LinearModel)
    case logistic(LogisticModel)
}

/// What a model says about some rows.
public enum Prediction: Sendable, Equatable {
    case values([Double])
    /// The predicted label of each row and the probability of every class (columns in `classes` order).
    case classes(classes: [String], labels: [Int], probabilities: [[Double]])
}

/// A trained model and everything needed to use, explain and reproduce it: its kind and
/// full parameters (defaults included), features, target, the preparation pipeline it
/// was trained after, and the hash of its training data.
public struct TrainedModel: Sendable, Equatable, Codable {
    public let name: String
    public let kind: ModelKind
    public let task: ModelTask
    public let parameters: [String: String]
    public let features: [String]
    public let target: String
    public let frame: String
    public let trainingRows: Int
    public let dataHash: String
    public let prep: PrepPipeline
    public let fitted: FittedModel

    public var classes: [String]? {
        if case .logistic(let m) = fitted { return m.classes }
        return nil
    }

    public func predict(_ x: Matrix) -> Prediction {
        switch fitted {
        case .linear(let m): return .values(m.predict(x))
        case .logistic(let m):
            let probabilities = m.probabilities(x)
            // argmax; the first class wins an exact tie, as numpy's argmax does.
            let labels = probabilities.map { row in row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }! }
            return .classes(classes: m.classes, labels: labels, probabilities: probabilities)
        }
    }

    /// Learned structure for `model NAME`: one row per feature (and the intercept), one column per output.
    public var coefficientTable: (columns: [String], rows: [(String, [Double])]) {
        switch fitted {
        case .linear(let m):
            return (["coefficient"], zip(features, m.coefficients).map { ($0, [$1]) } + [("(intercept)", [m.intercept])])
        case .logistic(let m):
            let columns = m.isBinary ? ["coefficient (\(m.classes[1]))"] : m.classes
            var rows: [(String, [Double])] = features.indices.map { f in (features[f], m.coefficients.map { $0[f] }) }
            rows.append(("(intercept)", m.intercepts))
            return (columns, rows)
        }
    }

    public var trainingNote: String? {
        switch fitted {
        case .logistic(let m):
            return m.converged ? "converged in \(m.iterations) iterations"
                : "did not converge in \(m.iterations) iterations: the classes may be perfectly separable, or the features need scaling"
        case .linear(let m):
            return m.iterations.map { "\($0) coordinate descent passes" }
        }
    }
}
