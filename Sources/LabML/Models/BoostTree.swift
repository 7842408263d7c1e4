/// One tree of a gradient boosting model: splits on binned features, kept with the raw
/// threshold of each split bin so new data is predicted without binning it.
public struct BoostTree: Sendable, Equatable, Codable {
    /// Split feature per node; -1 marks a leaf.
    public let feature: [Int32]
    /// Rows with value <= threshold (bin <= binThreshold while training) go left.
    public let threshold: [Double]
    public let binThreshold: [UInt8]
    public let left: [Int32]
    public let right: [Int32]
    /// The leaf values, already multiplied by the learning rate (0 at split nodes).
    public let value: [Double]
    /// The loss reduction of each split (0 at leaves): for gain-based feature importances.
    public let gain: [Double]

    public var leafCount: Int { feature.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }

    @inline(__always)
    func predict(_ row: UnsafePointer<Double>) -> Double {
        var node = 0
        while feature[node] >= 0 {
            node = Int(row[Int(feature[node])] <= threshold[node] ? left[node] : right[node])
        }
        return value[node]
    }

    @inline(__always)
    func predict(binned row: UnsafePointer<UInt8>) -> Double {
        var node = 0
        while feature[node] >= 0 {
            node = Int(row[Int(feature[node])] <= binThreshold[node] ? left[node] : right[node])
        }
        return value[node]
    }
}
