import LabData

/// Reads a kind's checked parameters (Trainer.parameters) and fits it on the training matrix.
enum ModelFitting {
    /// Kinds that read the features in bulk (`FeatureSource`): they fit straight from the
    /// frame's columns (`fitOnColumns`), without a feature matrix.
    static let fitsOnColumns: Set<ModelKind> = [.linear, .ridge, .lasso, .pca, .naiveBayes]

    /// Kinds whose fit reads the columns once through `CentredGram`, which notices values that are
    /// not finite: their columns need no finiteness pass of their own before the fit.
    static func readsColumnsOnce(_ kind: ModelKind, features: Int) -> Bool {
        kind == .ridge || kind == .pca || (kind == .lasso && features <= LinearModel.gramLassoFeatures)
    }

    /// The fit of a kind in `fitsOnColumns` from the columns; nil when the target does not suit
    /// the kind or a feature is not finite (the matrix path then says why).
    static func fitOnColumns(_ kind: ModelKind, parameters: [String: String], x: ColumnsAtRows, y: TrainingData.Target?) throws -> FittedModel? {
        do {
            return try fitOnColumnsAsGiven(kind, parameters: parameters, x: x, y: y)
        } catch is NonFiniteGram {
            return nil
        }
    }

    private static func fitOnColumnsAsGiven(_ kind: ModelKind, parameters: [String: String], x: ColumnsAtRows, y: TrainingData.Target?) throws -> FittedModel? {
        let p = Values(parameters)
        switch (kind, y) {
        case (.linear, .values(let v)?): return .linear(try LinearModel.ordinaryLeastSquares(source: x, v))
        case (.ridge, .values(let v)?): return .linear(try LinearModel.ridge(source: x, v, alpha: p.number("alpha")))
        case (.lasso, .values(let v)?):
            return .linear(try LinearModel.lasso(source: x, v, alpha: p.number("alpha"), maxIterations: p.integer("max_iter"), tolerance: p.number("tol")))
        case (.pca, nil): return .pca(try PCA.fit(source: x, components: p.integer("components")))
        case (.naiveBayes, .classes(let labels, let yi)?):
            return .naiveBayes(try GaussianNaiveBayes.fit(source: x, classes: labels, y: yi, varSmoothing: p.number("var_smoothing")))
        default: return nil
        }
    }

    /// `categorical`: the features (indices) boost takes as categories; `features`: their names, for messages.
    static func fit(_ kind: ModelKind, parameters: [String: String], x: Matrix, y: TrainingData.Target?, target: String,
                    categorical: [Int] = [], features: [String] = []) throws -> FittedModel {
        let p = Values(parameters)
        switch (kind, y) {
        case (.linear, .values(let v)?): return .linear(try LinearModel.ordinaryLeastSquares(x, v))
        case (.ridge, .values(let v)?): return .linear(try LinearModel.ridge(x, v, alpha: p.number("alpha")))
        case (.lasso, .values(let v)?):
            return .linear(try LinearModel.lasso(x, v, alpha: p.number("alpha"), maxIterations: p.integer("max_iter"), tolerance: p.number("tol")))
        case (.logistic, .classes(let labels, let yi)?):
            return .logistic(try LogisticModel.fit(x, classes: labels, y: yi, c: p.number("C"), penalized: p.text("penalty") == "l2",
                                                   maxIterations: p.integer("max_iter"), tolerance: p.number("tol")))
        case (.tree, let y?):
            return .tree(try DecisionTree.fit(x, y, options: try treeOptions(p, features: x.columns, maxFeatures: false), seed: p.seed))
        case (.forest, let y?):
            return .forest(try RandomForest.fit(x, y, trees: p.integer("trees"), options: try treeOptions(p, features: x.columns, maxFeatures: true),
                                                bootstrap: p.text("bootstrap") == "true", seed: p.seed))
        case (.boost, let y?):
            return .boost(try GradientBoosting.fit(x, y, options: boostOptions(p), categorical: categorical, featureNames: features, seed: p.seed))
        case (.knn, .classes(let labels, let yi)?):
            return .knn(try KNearestNeighbors.fit(x, classes: labels, y: yi, k: p.integer("k"),
                                                  weighting: p.text("weights") == "distance" ? .distance : .uniform))
        case (.naiveBayes, .classes(let labels, let yi)?):
            return .naiveBayes(try GaussianNaiveBayes.fit(x, classes: labels, y: yi, varSmoothing: p.number("var_smoothing")))
        case (.kmeans, nil):
            return .kmeans(try KMeans.fit(x, k: p.integer("k"), initializations: p.integer("n_init"), maxIterations: p.integer("max_iter"),
                                          tolerance: p.number("tol"), seed: p.seed))
        case (.pca, nil):
            return .pca(try PCA.fit(x, components: p.integer("components")))
        default:
            throw DataError("\(kind.rawValue) cannot learn target '\(target)'", hint: "choose a model for this kind of target")
        }
    }

    /// Boost from the frame's columns at the training rows (`TrainingData.values`), as `fit` from a matrix.
    static func fitBoost(parameters: [String: String], x: FeatureValues, y: TrainingData.Target?, target: String,
                         categorical: [Int], features: [String]) throws -> FittedModel {
        guard let y else { throw DataError("boost cannot learn target '\(target)'", hint: "choose a model for this kind of target") }
        let p = Values(parameters)
        return .boost(try GradientBoosting.fit(x, y, options: boostOptions(p), categorical: categorical, featureNames: features, seed: p.seed))
    }

    static func boostOptions(_ p: Values) -> BoostOptions {
        var o = BoostOptions()
        o.learningRate = p.number("learning_rate")
        o.rounds = p.integer("rounds")
        o.maxLeafNodes = p.integer("max_leaf_nodes")
        o.maxDepth = p.optionalInteger("max_depth")
        o.minSamplesLeaf = p.integer("min_samples_leaf")
        o.l2Regularization = p.number("l2_regularization")
        o.maxBins = p.integer("max_bins")
        o.earlyStopping = p.text("early_stopping") == "auto" ? nil : p.text("early_stopping") == "true"
        o.validationFraction = p.number("validation_fraction")
        o.iterationsWithoutChange = p.integer("n_iter_no_change")
        o.tolerance = p.number("tol")
        return o
    }

    static func treeOptions(_ p: Values, features: Int, maxFeatures: Bool) throws -> TreeOptions {
        guard let criterion = TreeCriterion(rawValue: p.text("criterion")) else {
            throw DataError("unknown criterion \(p.text("criterion"))", hint: "gini, entropy or squared_error")
        }
        let count = maxFeatures ? try FeatureCount(p.text("max_features"))!.resolve(features) : nil
        return TreeOptions(criterion: criterion, maxDepth: p.optionalInteger("max_depth"), minSamplesSplit: p.integer("min_samples_split"),
                           minSamplesLeaf: p.integer("min_samples_leaf"), maxFeatures: count)
    }

    /// Typed access to parameters Trainer.parameters has already checked.
    struct Values {
        let raw: [String: String]
        init(_ raw: [String: String]) { self.raw = raw }
        func text(_ name: String) -> String { raw[name]! }
        func number(_ name: String) -> Double { Double(raw[name]!)! }
        func integer(_ name: String) -> Int { Int(raw[name]!)! }
        func optionalInteger(_ name: String) -> Int? { raw[name] == "none" ? nil : Int(raw[name]!)! }
        var seed: UInt64 { UInt64(raw["seed"]!)! }
    }
}
