/// A parameter a model kind accepts, with the default written into scripts.
public struct ParameterSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(min: Double, max: Double)
        case integer(min: Int, max: Int)
        case choice([String])
        /// An integer in range, or the word `none` (scikit-learn's None: no limit).
        case integerOrNone(min: Int, max: Int)
        /// scikit-learn's max_features: sqrt, log2, none, a fraction such as 0.5, or a count such as 3.
        case featureCount
        /// Feature names, comma-separated, or the word `none`.
        case columns
    }
    public let name: String
    public let kind: Kind
    public let defaultValue: String
    public let help: String

    public init(_ name: String, _ kind: Kind, default defaultValue: String, help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }
}

/// What a model learns to do.
public enum ModelTask: String, Sendable, Codable {
    case classification, regression, clustering, decomposition

    /// Supervised tasks learn from a target column; the others from the features alone.
    public var needsTarget: Bool { self == .classification || self == .regression }
}

/// The model kinds `train` knows, each with its parameters and their scikit-learn defaults.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case linear, ridge, lasso, logistic
    case tree, forest, boost, knn
    case naiveBayes = "naive_bayes"
    case kmeans, pca

    /// Kinds that learn where rows with a missing feature value go, as scikit-learn's
    /// HistGradientBoosting, DecisionTree and RandomForest do, rather than needing the gaps imputed first.
    public var takesMissingValues: Bool { self == .boost || self == .tree || self == .forest }

    /// The scikit-learn family a kind follows, for messages that point there.
    public var scikitLearnName: String {
        switch self {
        case .linear: return "LinearRegression"
        case .ridge: return "Ridge"
        case .lasso: return "Lasso"
        case .logistic: return "LogisticRegression"
        case .tree: return "DecisionTree"
        case .forest: return "RandomForest"
        case .boost: return "HistGradientBoosting"
        case .knn: return "KNeighborsClassifier"
        case .naiveBayes: return "GaussianNB"
        case .kmeans: return "KMeans"
        case .pca: return "PCA"
        }
    }

    public var summary: String {
        switch self {
        case .linear: return "least squares linear regression (scikit-learn LinearRegression)"
        case .ridge: return "linear regression with an L2 penalty alpha (Ridge)"
        case .lasso: return "linear regression with an L1 penalty alpha, by coordinate descent (Lasso)"
        case .logistic: return "logistic regression, L2 penalty 1/C, binary or multinomial (LogisticRegression, lbfgs)"
        case .tree: return "CART decision tree; criterion=squared_error for regression (DecisionTreeClassifier/Regressor)"
        case .forest: return "random forest of bootstrapped trees, trained on both cores (RandomForestClassifier/Regressor)"
        case .boost: return "histogram gradient boosting; loss=squared_error for regression (HistGradientBoostingClassifier/Regressor)"
        case .knn: return "k nearest neighbours vote, euclidean (KNeighborsClassifier)"
        case .naiveBayes: return "Gaussian naive Bayes (GaussianNB)"
        case .kmeans: return "k-means clustering, k-means++ start; no target (KMeans)"
        case .pca: return "principal components of the centred features; no target (PCA)"
        }
    }

    /// The ways to predict a number, for messages that steer a regression away from a classifier.
    public static let regressionChoices = "linear, ridge, lasso, tree or forest with criterion=squared_error, boost with loss=squared_error"

    /// The parameter setting that makes this kind a regression, for kinds that learn either task.
    public var regressionSetting: String? {
        switch self {
        case .tree, .forest: return "criterion=squared_error"
        case .boost: return "loss=squared_error"
        default: return nil
        }
    }

    /// The task with default parameters; `task(parameters:)` for a given set.
    public var task: ModelTask { task(parameters: [:]) }

    /// Trees, forests and boosting learn either task: the criterion (or loss) says which.
    public func task(parameters: [String: String]) -> ModelTask {
        switch self {
        case .linear, .ridge, .lasso: return .regression
        case .logistic, .knn, .naiveBayes: return .classification
        case .tree, .forest: return parameters["criterion"] == "squared_error" ? .regression : .classification
        case .boost: return parameters["loss"] == "squared_error" ? .regression : .classification
        case .kmeans: return .clustering
        case .pca: return .decomposition
        }
    }

    public var parameters: [ParameterSpec] {
        switch self {
        case .linear: return []
        case .ridge: return [ParameterSpec("alpha", .number(min: 0, max: 1e12), default: "1.0", help: "L2 penalty strength")]
        case .lasso:
            return [ParameterSpec("alpha", .number(min: 0, max: 1e12), default: "1.0", help: "L1 penalty strength"),
                    ParameterSpec("max_iter", .integer(min: 1, max: 1_000_000), default: "1000", help: "coordinate descent passes at most"),
                    ParameterSpec("tol", .number(min: 0, max: 1), default: "0.0001", help: "stop when the duality gap is this small")]
        case .logistic:
            return [ParameterSpec("C", .number(min: 1e-12, max: 1e12), default: "1.0", help: "inverse penalty strength: larger C, weaker penalty"),
                    ParameterSpec("penalty", .choice(["l2", "none"]), default: "l2", help: "l2, or none for an unpenalised fit"),
                    ParameterSpec("max_iter", .integer(min: 1, max: 1_000_000), default: "100", help: "optimizer iterations at most"),
                    ParameterSpec("tol", .number(min: 0, max: 1), default: "0.0001",
                                  help: "stop once no gradient component of the mean loss is larger (scikit-learn's tol)")]
        case .tree:
            return [Self.criterion] + Self.treeShape + [Self.seed]
        case .forest:
            return [ParameterSpec("trees", .integer(min: 1, max: 10_000), default: "100", help: "how many trees (n_estimators)"),
                    Self.criterion] + Self.treeShape +
                   [ParameterSpec("max_features", .featureCount, default: "sqrt",
                                  help: "features tried per split: sqrt, log2, none, a fraction or a count (1.0 when criterion=squared_error)"),
                    ParameterSpec("bootstrap", .choice(["true", "false"]), default: "true", help: "train each tree on a bootstrap sample of the rows"),
                    Self.seed]
        case .boost:
            return [ParameterSpec("loss", .choice(["log_loss", "squared_error"]), default: "log_loss",
                                  help: "log_loss (classification) or squared_error (regression)"),
                    ParameterSpec("learning_rate", .number(min: 1e-6, max: 10), default: "0.1", help: "shrinkage of every tree's values"),
                    ParameterSpec("rounds", .integer(min: 1, max: 100_000), default: "100", help: "boosting rounds at most (max_iter)"),
                    ParameterSpec("max_leaf_nodes", .integer(min: 2, max: 100_000), default: "31", help: "leaves per tree at most"),
                    ParameterSpec("max_depth", .integerOrNone(min: 1, max: 1000), default: "none", help: "tree depth limit, or none"),
                    ParameterSpec("min_samples_leaf", .integer(min: 1, max: 1_000_000_000), default: "20", help: "rows every leaf keeps at least"),
                    ParameterSpec("l2_regularization", .number(min: 0, max: 1e12), default: "0.0", help: "L2 penalty on leaf values"),
                    ParameterSpec("max_bins", .integer(min: 2, max: 255), default: "255", help: "quantile bins per feature at most"),
                    ParameterSpec("categorical", .columns, default: "none",
                                  help: "features whose values are categories, not quantities: each split sends a set of them left (categorical_features)"),
                    ParameterSpec("early_stopping", .choice(["auto", "true", "false"]), default: "auto",
                                  help: "hold out validation rows and stop when their loss stops improving (auto: above 10,000 rows)"),
                    ParameterSpec("validation_fraction", .number(min: 1e-6, max: 0.999_999), default: "0.1",
                                  help: "share of the training rows held out for early stopping"),
                    ParameterSpec("n_iter_no_change", .integer(min: 1, max: 100_000), default: "10", help: "rounds without improvement before stopping"),
                    ParameterSpec("tol", .number(min: 0, max: 1), default: "0.0000001", help: "smallest validation loss improvement that counts"),
                    Self.seed]
        case .knn:
            return [ParameterSpec("k", .integer(min: 1, max: 1_000_000), default: "5", help: "neighbours that vote (n_neighbors)"),
                    ParameterSpec("weights", .choice(["uniform", "distance"]), default: "uniform",
                                  help: "uniform votes, or votes weighted by 1/distance")]
        case .naiveBayes:
            return [ParameterSpec("var_smoothing", .number(min: 0, max: 1), default: "0.000000001",
                                  help: "share of the largest feature variance added to every variance")]
        case .kmeans:
            return [ParameterSpec("k", .integer(min: 1, max: 100_000), default: "8", help: "number of clusters (n_clusters)"),
                    ParameterSpec("n_init", .integer(min: 1, max: 1000), default: "1", help: "k-means++ starts; the lowest inertia wins"),
                    ParameterSpec("max_iter", .integer(min: 1, max: 1_000_000), default: "300", help: "Lloyd iterations at most"),
                    ParameterSpec("tol", .number(min: 0, max: 1), default: "0.0001",
                                  help: "stop when the centres move less than this share of the mean feature variance"),
                    Self.seed]
        case .pca:
            return [ParameterSpec("components", .integer(min: 1, max: 100_000), default: "2", help: "principal components to keep (n_components)")]
        }
    }

    /// Defaults that depend on another parameter, as scikit-learn's classifier and regressor
    /// classes differ: a regression forest tries every feature at each split.
    func dependentDefault(_ name: String, given parameters: [String: String]) -> String? {
        if self == .forest, name == "max_features", task(parameters: parameters) == .regression { return "1.0" }
        return nil
    }

    private static let criterion = ParameterSpec("criterion", .choice(["gini", "entropy", "squared_error"]), default: "gini",
                                                 help: "split quality: gini or entropy (classification), squared_error (regression)")
    private static let treeShape = [
        ParameterSpec("max_depth", .integerOrNone(min: 1, max: 1000), default: "none", help: "tree depth limit, or none"),
        ParameterSpec("min_samples_split", .integer(min: 2, max: 1_000_000_000), default: "2", help: "rows a node needs to be split"),
        ParameterSpec("min_samples_leaf", .integer(min: 1, max: 1_000_000_000), default: "1", help: "rows every leaf keeps at least"),
    ]
    private static let seed = ParameterSpec("seed", .integer(min: 0, max: 4_294_967_295), default: "42",
                                            help: "seed of the random choices (random_state)")
}
