#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// Settings of histogram gradient boosting, named after scikit-learn's.
public struct BoostOptions: Sendable, Equatable, Codable {
    public var learningRate = 0.1
    /// Boosting rounds at most (max_iter); a multiclass round grows one tree per class.
    public var rounds = 100
    public var maxLeafNodes: Int? = 31
    public var maxDepth: Int? = nil
    public var minSamplesLeaf = 20
    public var l2Regularization = 0.0
    public var maxBins = 255
    /// nil: 'auto', on when there are more than 10,000 training rows.
    public var earlyStopping: Bool? = nil
    public var validationFraction = 0.1
    public var iterationsWithoutChange = 10
    public var tolerance = 1e-7

    public init() {}
}

/// Histogram gradient boosting (scikit-learn's HistGradientBoostingClassifier / Regressor):
/// features binned into at most 255 quantile bins, leaf-wise trees on gradient histograms,
/// binary log-loss, multinomial log-loss (one tree per class per round) or squared error.
/// Early stopping holds out a seeded validation share (stratified for classes) and stops
/// when its loss has not improved by `tolerance` for `iterationsWithoutChange` rounds.
public struct GradientBoosting: Sendable, Equatable, Codable {
    /// The class labels, or nil for regression.
    public let classes: [String]?
    public let options: BoostOptions
    /// The constant raw score every prediction starts from, one per output.
    public let baseline: [Double]
    /// One tree per output per round.
    public let trees: [[BoostTree]]
    /// The mean training loss after each round; index 0 is the baseline's. Half squared error for
    /// regression, log-loss for classes (scikit-learn's train_score_, negated).
    public let trainingLoss: [Double]
    /// The same on the held-out validation rows, when early stopping was on.
    public let validationLoss: [Double]?
    public let stoppedEarly: Bool
    /// Each feature's share of the total loss reduction of all splits.
    public let featureImportances: [Double]
    /// Per feature, the categories of a categorical one, sorted (its bins, which category splits
    /// name by index); empty for the others. Nil when no feature is categorical.
    public let categories: [[Double]]?

    public var rounds: Int { trees.count }

    /// `categorical`: the features (indices) whose values are categories rather than quantities,
    /// as scikit-learn's categorical_features: any numbers (codes), at most `maxBins` distinct.
    /// `featureNames` name them in messages.
    public static func fit(_ x: Matrix, _ y: TrainingData.Target, options: BoostOptions, categorical: [Int] = [],
                           featureNames: [String] = [], seed: UInt64) throws -> GradientBoosting {
        try fit(FeatureValues(x), y, options: options, categorical: categorical, featureNames: featureNames, seed: seed)
    }

    /// The same from features as `FeatureValues` reads them (a frame's columns, without a matrix).
    static func fit(_ x: FeatureValues, _ y: TrainingData.Target, options: BoostOptions, categorical: [Int] = [],
                    featureNames: [String] = [], seed: UInt64) throws -> GradientBoosting {
        let categorical = Set(categorical).sorted()
        precondition(categorical.allSatisfy { (0..<x.featureCount).contains($0) })
        let categories = try categoriesOf(x, categorical: categorical, maxBins: options.maxBins, names: featureNames)
        guard let categories else { return try fit(x, y, options: options, categories: [], seed: seed) }
        // scikit-learn encodes the categorical features first, then the others (its ColumnTransformer's
        // order), and the first of equally good splits wins: grown in that order (binned so), then renamed back.
        let order = categorical + (0..<x.featureCount).filter { !categorical.contains($0) }
        let model = try fit(x.selecting(features: order), y, options: options, categories: order.map { categories[$0] }, seed: seed)
        var importances = [Double](repeating: 0, count: x.featureCount)
        for (f, share) in model.featureImportances.enumerated() { importances[order[f]] = share }
        return GradientBoosting(classes: model.classes, options: options, baseline: model.baseline,
                                trees: model.trees.map { $0.map { $0.remappingFeatures(order) } }, trainingLoss: model.trainingLoss,
                                validationLoss: model.validationLoss, stoppedEarly: model.stoppedEarly, featureImportances: importances,
                                categories: categories)
    }

    /// Each feature's categories (empty for the features not in `categorical`), or nil when none is.
    static func categoriesOf(_ x: FeatureValues, categorical: [Int], maxBins: Int, names: [String]) throws -> [[Double]]? {
        guard !categorical.isEmpty else { return nil }
        var categories = [[Double]](repeating: [], count: x.featureCount)
        for f in categorical {
            let values = Set((0..<x.rowCount).map { x[$0, f] }.filter { !$0.isNaN }).sorted()
            let feature = f < names.count ? "'\(names[f])'" : "\(f)"
            if values.isEmpty { throw DataError("categorical feature \(feature) has no values", hint: "leave it out of categorical=") }
            if values.count > maxBins {
                throw DataError("categorical feature \(feature) has \(values.count) categories; at most max_bins=\(maxBins) are taken",
                                hint: values.count <= 255 ? "raise max_bins to \(values.count) or more (up to 255), or leave it out of categorical="
                                    : "leave it out of categorical=: so many values are rarely categories (numbers left out of it are split as quantities)")
            }
            categories[f] = values
        }
        return categories
    }

    /// Categorical features (non-empty `categories`) first.
    private static func fit(_ x: FeatureValues, _ y: TrainingData.Target, options: BoostOptions, categories: [[Double]],
                            seed: UInt64) throws -> GradientBoosting {
        let (loss, targets, classes) = try lossAndTargets(y)
        let n = x.rowCount, p = x.featureCount
        let early = options.earlyStopping ?? (n > 10_000)
        // Without early stopping every row trains, in order: no list of them is made.
        var trainIndex: [Int] = [], validIndex: [Int] = []
        if early {
            (trainIndex, validIndex) = try validationSplit(y, fraction: options.validationFraction, seed: seed)
        }
        let yTrain = early ? trainIndex.map { targets[$0] } : targets
        let yValid = validIndex.map { targets[$0] }
        let nTrain = early ? trainIndex.count : n, nValid = validIndex.count
        guard nTrain >= 2 else { throw DataError("only \(nTrain) training row after holding out validation rows", hint: "use early_stopping=false") }

        // Categories come from every row (scikit-learn encodes them before holding out validation rows).
        let (binner, binnedTrain, columnsTrain) = FeatureBinner.fitAndBin(early ? x.selecting(rows: trainIndex) : x, maxBins: options.maxBins,
                                                                          seed: seed, categories: categories)
        let binnedValid = early ? binner.layouts(x.selecting(rows: validIndex), columnMajor: false).rows : []
        let helper = HelperThread()
        defer { helper.stop() }
        let grower = HistogramGrower(binned: binnedTrain, features: p, binner: binner,
                                     options: GrowerOptions(maxLeafNodes: options.maxLeafNodes, maxDepth: options.maxDepth,
                                                            minSamplesLeaf: options.minSamplesLeaf, l2: options.l2Regularization,
                                                            shrinkage: options.learningRate),
                                     helper: helper, categorical: categories.map { !$0.isEmpty }, columns: columnsTrain)
        let outputs = loss.outputs
        let baseline = loss.baseline(yTrain)
        var raw = Self.repeating(baseline, count: nTrain)
        var rawValid = Self.repeating(baseline, count: nValid)
        // Gradients and hessians go through these arrays except for the binary log-loss.
        var g = [Double](repeating: 0, count: loss == .binary ? 0 : outputs * nTrain)
        var h = [Double](repeating: 1, count: loss == .binary ? 0 : outputs * nTrain)
        var trainingLoss: [Double] = []
        var validationLoss: [Double] = early ? [loss.loss(raw: rawValid, y: yValid)] : []
        var trees: [[BoostTree]] = []
        var stopped = false
        let hessiansConstant = loss == .squaredError
        let progress = Progress.track("round", total: options.rounds)
        defer { progress?.end() }
        // The helper spins from here to the last round, taking half of each round's gradients and losses too.
        helper.wake()
        let halves: (((Int) -> Void) -> Void)? = helper.hasThread ? { helper.run($0) } : nil
        for finished in 0..<options.rounds {
            try Cancellation.check()
            progress?.set(finished)
            // The loss of the predictions so far comes with this round's gradients: for the binary
            // log-loss, in the pass that makes the tree's fixed-point pairs (`binaryTree`).
            let pass = loss == .binary ? nil : loss.gradients(raw: raw, y: yTrain, g: &g, h: &h, halves: halves)
            if let pass { trainingLoss.append(pass.meanLoss) }
            var round: [BoostTree] = []
            for k in 0..<outputs {
                let tree: BoostTree
                if let pass {
                    let gk = outputs == 1 ? g : Array(g[(k * nTrain)..<((k + 1) * nTrain)])
                    let hk = hessiansConstant ? nil : (outputs == 1 ? h : Array(h[(k * nTrain)..<((k + 1) * nTrain)]))
                    tree = grower.grow(gradients: gk, hessians: hk, tops: pass.tops)
                } else {
                    let meanLoss: Double
                    (tree, meanLoss) = Self.binaryTree(grower, raw: raw, y: yTrain)
                    trainingLoss.append(meanLoss)
                }
                raw.withUnsafeMutableBufferPointer { grower.applyLeaves(to: $0.baseAddress! + k * nTrain) }
                if early {
                    let lookup = CategoryLookup(tree)
                    binnedValid.withUnsafeBufferPointer { bins in
                        for i in 0..<nValid { rawValid[k * nValid + i] += tree.predict(binned: bins.baseAddress! + i * p, categories: lookup) }
                    }
                }
                round.append(tree)
            }
            trees.append(round)
            if early {
                validationLoss.append(loss.loss(raw: rawValid, y: yValid, halves: halves))
                if shouldStop(validationLoss, options) { stopped = true; break }
            }
        }
        trainingLoss.append(loss.loss(raw: raw, y: yTrain, halves: halves))
        return GradientBoosting(classes: classes, options: options, baseline: baseline, trees: trees, trainingLoss: trainingLoss,
                                validationLoss: early ? validationLoss : nil, stoppedEarly: stopped,
                                featureImportances: importances(trees, featureCount: p), categories: nil)
    }

    /// Each output's value `count` times, output after output (the raw scores' layout), written once.
    private static func repeating(_ values: [Double], count: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: values.count * count) { buffer, initialized in
            for (k, v) in values.enumerated() { (buffer.baseAddress! + k * count).initialize(repeating: v, count: count) }
            initialized = values.count * count
        }
    }

    /// A binary log-loss tree on raw scores `raw` and 0/1 labels `y`, and the mean loss of those
    /// scores, from one pass that computes each row's gradient, hessian and fixed-point pair.
    private static func binaryTree(_ grower: HistogramGrower, raw: [Double], y: [Double]) -> (BoostTree, Double) {
        var losses = [Double](repeating: 0, count: 2)
        let units = FixedPointPairs.binaryLogLoss(rows: y.count)
        let tree = raw.withUnsafeBufferPointer { r in
            y.withUnsafeBufferPointer { ys in
                losses.withUnsafeMutableBufferPointer { lb in
                    let lossOut = SharedBuffer(base: lb.baseAddress!)
                    return grower.grow(units: units) { range, pairs in
                        let (sums, loss) = units.fillBinaryLogLoss(raw: r.baseAddress!, y: ys.baseAddress!, range: range, rows: nil, pairs: pairs)
                        // The first half starts at row 0 (the fill is called for two halves).
                        lossOut[range.lowerBound == 0 ? 0 : 1] = loss
                        return sums
                    }
                }
            }
        }
        return (tree, (losses[0] + losses[1]) / Double(y.count))
    }

    /// `x` with each categorical feature's values replaced by their category's index, and by NaN
    /// where missing or never seen in training (scikit-learn treats those alike); other features as
    /// they are. `asBits`: the index as the Double's bit pattern (a tiny number), which a tree walk
    /// reads without a conversion (`TreeWalkTable`).
    public func categoryIndices(_ x: Matrix, asBits: Bool = false) -> Matrix {
        guard let categories else { return x }
        var storage = x.storage
        for (f, known) in categories.enumerated() where !known.isEmpty {
            known.withUnsafeBufferPointer { k in
                for r in 0..<x.rows {
                    let v = storage[r &* x.columns &+ f]
                    let i = FeatureBinner.binIndex(v, k)
                    storage[r &* x.columns &+ f] = i < k.count && k[i] == v ? (asBits ? Double(bitPattern: UInt64(i)) : Double(i)) : .nan
                }
            }
        }
        return Matrix(rows: x.rows, columns: x.columns, storage: storage)
    }

    /// Raw scores, one row per sample and one column per output.
    public func raw(_ x: Matrix) -> [[Double]] { rawMatrix(x).rowArrays }

    /// The same as one matrix.
    public func rawMatrix(_ x: Matrix) -> Matrix {
        let outputs = baseline.count
        guard x.rows > 0 else { return Matrix(rows: 0, columns: outputs) }
        let x = categoryIndices(x, asBits: true)
        // Each row's score starts from the baseline and adds its trees' values round by round.
        var flat = [Double](repeating: 0, count: x.rows * outputs)
        for r in 0..<x.rows { for k in 0..<outputs { flat[r &* outputs &+ k] = baseline[k] } }
        flat.withUnsafeMutableBufferPointer { buffer in
            let out = SharedBuffer(base: buffer.baseAddress!)
            for k in 0..<outputs {
                let values = trees.map { $0[k].value }
                TreeWalkTable(trees.map { ($0[k].feature, $0[k].threshold, $0[k].left, $0[k].right, $0[k].missingLeft) },
                              categorySplits: trees.map { $0[k].categorySplits }).walk(x) { start, count, t, leaves in
                    values[t].withUnsafeBufferPointer { v in
                        for r in 0..<count { out[(start + r) * outputs + k] += v[leaves[r]] }
                    }
                }
            }
        }
        return Matrix(rows: x.rows, columns: outputs, storage: flat)
    }

    /// Class probabilities (sigmoid or softmax of the raw scores), or the predicted values.
    public func outputs(_ x: Matrix) -> [[Double]] { outputMatrix(x).rowArrays }

    /// The same as one matrix, one row per sample.
    public func outputMatrix(_ x: Matrix) -> Matrix {
        let scores = rawMatrix(x)
        return classes == nil ? scores : LogisticModel.probabilityMatrix(scores: scores)
    }

    static func lossAndTargets(_ y: TrainingData.Target) throws -> (BoostLoss, [Double], [String]?) {
        switch y {
        case .values(let v): return (.squaredError, v, nil)
        case .classes(let labels, let yi):
            return (labels.count == 2 ? .binary : .multinomial(classes: labels.count), yi.map(Double.init), labels)
        }
    }

    /// scikit-learn's _should_stop on the validation loss: stop unless one of the last
    /// `iterationsWithoutChange` losses beat the one before them by more than `tolerance`.
    static func shouldStop(_ losses: [Double], _ options: BoostOptions) -> Bool {
        let reference = options.iterationsWithoutChange + 1
        guard losses.count >= reference else { return false }
        let target = losses[losses.count - reference] - options.tolerance
        return !losses.suffix(options.iterationsWithoutChange).contains { $0 < target }
    }

    /// A seeded hold-out of ceil(fraction × rows) rows, in proportion to the classes when there are classes.
    static func validationSplit(_ y: TrainingData.Target, fraction: Double, seed: UInt64) throws -> (train: [Int], valid: [Int]) {
        let n: Int
        var groups: [[Int]]
        switch y {
        case .values(let v): n = v.count; groups = [Array(0..<n)]
        case .classes(let labels, let yi):
            n = yi.count
            groups = Array(repeating: [], count: labels.count)
            for (i, c) in yi.enumerated() { groups[c].append(i) }
        }
        let count = Int((Double(n) * fraction).rounded(.up))
        guard count >= 1, count < n else {
            throw DataError("validation_fraction=\(fraction) leaves no rows to train on or validate with", hint: "use early_stopping=false")
        }
        let shares = Splitter.allocate(count, over: groups.map(\.count), total: n)
        var rng = SeededGenerator(seed: seed)
        var isValid = [Bool](repeating: false, count: n)
        for (g, rows) in groups.enumerated() {
            var rows = rows
            for i in 0..<min(shares[g], rows.count) {
                rows.swapAt(i, i + rng.below(rows.count - i))
                isValid[rows[i]] = true
            }
        }
        return ((0..<n).filter { !isValid[$0] }, (0..<n).filter { isValid[$0] })
    }

    static func importances(_ trees: [[BoostTree]], featureCount: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: featureCount)
        for round in trees {
            for tree in round {
                for node in tree.feature.indices where tree.feature[node] >= 0 { sum[Int(tree.feature[node])] += tree.gain[node] }
            }
        }
        let total = sum.reduce(0, +)
        return total > 0 ? sum.map { $0 / total } : sum
    }
}
