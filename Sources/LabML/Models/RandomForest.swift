import Synchronization
import LabData

/// A random forest (scikit-learn's RandomForestClassifier / RandomForestRegressor): trees
/// grown on bootstrap samples, each trying `maxFeatures` random features per split, their
/// probabilities (or values) averaged. Tree t draws everything from the t-th seed of the
/// model's seed, so the forest is the same whichever core grows which tree.
public struct RandomForest: Sendable, Equatable, Codable {
    public let classes: [String]?
    public let trees: [CARTTree]
    public let options: TreeOptions
    public let bootstrap: Bool
    /// The mean over trees of each tree's normalised impurity decrease, normalised.
    public let featureImportances: [Double]

    public static func fit(_ x: Matrix, _ y: TrainingData.Target, trees count: Int, options: TreeOptions,
                           bootstrap: Bool, seed: UInt64) throws -> RandomForest {
        let (target, classes) = try DecisionTree.treeTarget(y, criterion: options.criterion, rows: x.rows)
        let sorted = PresortedFeatures(x)
        var seeds = SeededGenerator(seed: seed)
        let treeSeeds = (0..<count).map { _ in seeds.next() }
        let n = x.rows
        let slots = UnsafeMutablePointer<CARTTree?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
        defer { slots.deinitialize(count: count); slots.deallocate() }
        let results = SharedBuffer(base: slots)
        let progress = Progress.track("tree", total: count)
        defer { progress?.end() }
        let finished = Atomic<Int>(0)
        Parallel.forEach(count) { t in
            if Cancellation.isRequested { return }
            var rng = SeededGenerator(seed: treeSeeds[t])
            var weights: [Double]? = nil
            if bootstrap {
                var draws = [Double](repeating: 0, count: n)
                for _ in 0..<n { draws[rng.below(n)] += 1 }
                weights = draws
            }
            let builder = CARTBuilder(sorted, target: target, weights: weights, options: options)
            results[t] = try? builder.build(&rng)
            progress?.set(finished.add(1, ordering: .relaxed).newValue)
        }
        try Cancellation.check()
        let grown = (0..<count).compactMap { slots[$0] }
        guard grown.count == count else { throw CancelledError() }
        return RandomForest(classes: classes, trees: grown, options: options, bootstrap: bootstrap,
                            featureImportances: importances(grown, featureCount: x.columns))
    }

    /// One row per sample: averaged class probabilities, or the averaged value.
    public func outputs(_ x: Matrix) -> [[Double]] { outputMatrix(x).rowArrays }

    /// The same as one matrix, one row per sample.
    public func outputMatrix(_ x: Matrix) -> Matrix { TreeEnsemble.average(trees, x) }

    /// scikit-learn leaves lone-leaf trees out of the mean.
    static func importances(_ trees: [CARTTree], featureCount: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: featureCount)
        var used = 0
        for tree in trees where tree.nodeCount > 1 {
            for (f, v) in tree.featureImportances(featureCount: featureCount).enumerated() { sum[f] += v }
            used += 1
        }
        guard used > 0 else { return sum }
        let mean = sum.map { $0 / Double(used) }
        let total = mean.reduce(0, +)
        return total > 0 ? mean.map { $0 / total } : mean
    }
}
