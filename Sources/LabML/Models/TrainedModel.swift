import LabData

/// The learned part of a model, by kind.
public enum FittedModel: Sendable, Equatable, Codable {
    case linear(LinearModel)
    case logistic(LogisticModel)
    case tree(DecisionTree)
    case forest(RandomForest)
    case boost(GradientBoosting)
    case knn(KNearestNeighbors)
    case naiveBayes(GaussianNaiveBayes)
    case kmeans(KMeans)
    case pca(PCA)
}

/// What a model says about some rows.
public enum Prediction: Sendable, Equatable {
    case values([Double])
    /// The predicted label of each row and the probability of every class: row r, column k is
    /// row r's probability of `classes[k]`.
    case classes(classes: [String], labels: [Int], probabilities: Matrix)
    /// The cluster (0-based) of each row.
    case clusters([Int])
    /// Coordinates along each component: `columns[c][r]` is row r's value on the component named `names[c]`.
    case components(names: [String], columns: [[Double]])
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
    /// The predicted column; empty for kinds that learn without one (k-means, PCA).
    public let target: String
    public let frame: String
    public let trainingRows: Int
    public let dataHash: String
    public let prep: PrepPipeline
    public let fitted: FittedModel
    /// The categories of each text feature (boost's categorical=), in the order that numbers them;
    /// nil when every feature is numbers.
    public let featureLevels: [String: [String]]?

    public init(name: String, kind: ModelKind, task: ModelTask, parameters: [String: String], features: [String], target: String,
                frame: String, trainingRows: Int, dataHash: String, prep: PrepPipeline, fitted: FittedModel, featureLevels: [String: [String]]? = nil) {
        self.name = name
        self.kind = kind
        self.task = task
        self.parameters = parameters
        self.features = features
        self.target = target
        self.frame = frame
        self.trainingRows = trainingRows
        self.dataHash = dataHash
        self.prep = prep
        self.fitted = fitted
        self.featureLevels = featureLevels
    }

    /// The feature matrix of `rows` of `frame` (all rows when nil), as this model reads it.
    public func featureMatrix(_ frame: Frame, rows: [Int]?) throws -> Matrix {
        try checkNumbersAreNumbers(frame)
        return try TrainingData.matrix(frame, features: features, rows: rows, missing: .init(kind), levels: featureLevels ?? [:])
    }

    /// A feature the model learned as numbers that new data holds as text (a `?` for missing in
    /// the file made the column text): said in those terms, with the values that are not numbers.
    private func checkNumbersAreNumbers(_ frame: Frame) throws {
        for name in features where featureLevels?[name] == nil {
            guard let j = frame.index(of: name), case .strings(_, let levels) = frame.columns[j].data else { continue }
            let odd = levels.filter { Double($0.trimmingBlanks()) == nil }
            let shown = odd.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (odd.count > 3 ? ", …" : "")
            let markers = odd.allSatisfy { !$0.contains(",") && !$0.isEmpty } && odd.count <= 5
            throw DataError("column '\(name)' of frame '\(frame.name)' holds text, where model '\(self.name)' learned numbers"
                                + (odd.isEmpty ? "" : " (values such as \(shown))"),
                            hint: markers && !odd.isEmpty
                                ? "if \(odd.count == 1 ? "it stands" : "they stand") for missing values, load the file again with na=\(CommandText.quoteIfNeeded(odd.joined(separator: ",")))"
                                : "the column must hold numbers, as it did in training")
        }
    }

    public var classes: [String]? {
        switch fitted {
        case .logistic(let m): return m.classes
        case .tree(let m): return m.classes
        case .forest(let m): return m.classes
        case .boost(let m): return m.classes
        case .knn(let m): return m.classes
        case .naiveBayes(let m): return m.classes
        case .linear, .kmeans, .pca: return nil
        }
    }

    public func predict(_ x: Matrix) -> Prediction {
        switch fitted {
        case .linear(let m): return .values(m.predict(x))
        case .logistic(let m): return Self.classes(m.classes, m.probabilityMatrix(x))
        case .tree(let m): return Self.outputs(m.classes, m.outputMatrix(x))
        case .forest(let m): return Self.outputs(m.classes, m.outputMatrix(x))
        case .boost(let m): return Self.outputs(m.classes, m.outputMatrix(x))
        case .knn(let m): return Self.classes(m.classes, m.probabilityMatrix(x))
        case .naiveBayes(let m): return Self.classes(m.classes, m.probabilityMatrix(x))
        case .kmeans(let m): return .clusters(m.predict(x))
        case .pca(let m): return .components(names: m.columnNames, columns: m.project(x))
        }
    }

    /// Class probabilities with their labels, or the single predicted value per row.
    static func outputs(_ classes: [String]?, _ outputs: Matrix) -> Prediction {
        guard let classes else { return .values(outputs.column(0)) }
        return Self.classes(classes, outputs)
    }

    static func classes(_ classes: [String], _ probabilities: Matrix) -> Prediction {
        .classes(classes: classes, labels: probabilities.argmaxPerRow(), probabilities: probabilities)
    }

    /// Learned coefficients for `model NAME` (linear and logistic); see `learnedTable` for every kind.
    public var coefficientTable: (columns: [String], rows: [(String, [Double])]) {
        guard let table = learnedTable else { return (["value"], []) }
        return (table.columns, table.rows)
    }

    /// The same model under another name (importing a saved model as NAME).
    public func renamed(_ newName: String) -> TrainedModel {
        TrainedModel(name: newName, kind: kind, task: task, parameters: parameters, features: features, target: target, frame: frame,
                     trainingRows: trainingRows, dataHash: dataHash, prep: prep, fitted: fitted, featureLevels: featureLevels)
    }
}
