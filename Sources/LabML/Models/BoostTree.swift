/// One tree of a gradient boosting model: splits on binned features, kept with the raw
/// threshold of each split bin so new data is predicted without binning it.
public struct BoostTree: Sendable, Equatable, Codable {
    /// Split feature per node; -1 marks a leaf.
    public let feature: [Int32]
    /// Rows with value <= threshold (bin <= binThreshold while training) go left. The largest
    /// finite Double splits the missing values from all the others.
    public let threshold: [Double]
    public let binThreshold: [UInt8]
    public let left: [Int32]
    public let right: [Int32]
    /// The leaf values, already multiplied by the learning rate (0 at split nodes).
    public let value: [Double]
    /// The loss reduction of each split (0 at leaves): for gain-based feature importances.
    public let gain: [Double]
    /// Per node, whether a missing value (NaN) goes left: learned where the training rows had
    /// missing values of the split feature, else toward the child with more training rows (as
    /// scikit-learn). Nil in model files written before missing values were taken: right everywhere.
    public let missingLeft: [Bool]?

    public var leafCount: Int { feature.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }

    @inline(__always)
    func goesLeftWhenMissing(_ node: Int) -> Bool { missingLeft?[node] ?? false }

    @inline(__always)
    func predict(_ row: UnsafePointer<Double>) -> Double {
        var node = 0
        while feature[node] >= 0 {
            let v = row[Int(feature[node])]
            node = Int(v <= threshold[node] || (v.isNaN && goesLeftWhenMissing(node)) ? left[node] : right[node])
        }
        return value[node]
    }

    @inline(__always)
    func predict(binned row: UnsafePointer<UInt8>) -> Double {
        var node = 0
        while feature[node] >= 0 {
            let b = row[Int(feature[node])]
            let goesLeft = b <= binThreshold[node] || (b == FeatureBinner.missingBin && goesLeftWhenMissing(node))
            node = Int(goesLeft ? left[node] : right[node])
        }
        return value[node]
    }
}
