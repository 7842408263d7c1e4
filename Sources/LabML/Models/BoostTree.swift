/// One tree of a gradient boosting model: splits on binned features, kept with the raw
/// threshold of each split bin so new data is predicted without binning it.
public struct BoostTree: Sendable, Equatable, Codable {
    /// Split feature per node; -1 marks a leaf.
    public let feature: [Int32]
    /// Rows with value <= threshold (bin <= binThreshold while training) go left. The largest
    /// finite Double splits the missing values from all the others. 0 at category splits.
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
    /// At a category split, categories the training rows never had go this way too.
    public let missingLeft: [Bool]?
    /// The splits on categorical features, which send a set of categories left rather than the
    /// values up to a threshold; nil when the tree has none.
    public let categorySplits: [CategorySplit]?

    /// At `node`, the rows whose category is one of `left` go left: indices into the feature's
    /// categories (`GradientBoosting.categories`, which are also its bins). The feature's other
    /// categories go right; a missing value, or a category never seen in training, goes the
    /// `missingLeft` way.
    public struct CategorySplit: Sendable, Equatable, Codable {
        public let node: Int32
        public let left: [UInt8]

        public init(node: Int32, left: [UInt8]) {
            self.node = node
            self.left = left
        }
    }

    public init(feature: [Int32], threshold: [Double], binThreshold: [UInt8], left: [Int32], right: [Int32], value: [Double],
                gain: [Double], missingLeft: [Bool]?, categorySplits: [CategorySplit]? = nil) {
        self.feature = feature
        self.threshold = threshold
        self.binThreshold = binThreshold
        self.left = left
        self.right = right
        self.value = value
        self.gain = gain
        self.missingLeft = missingLeft
        self.categorySplits = categorySplits
    }

    public var leafCount: Int { feature.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }

    /// The same tree with split feature f renamed `order[f]`: for trees grown on reordered columns.
    func remappingFeatures(_ order: [Int]) -> BoostTree {
        BoostTree(feature: feature.map { $0 < 0 ? $0 : Int32(order[Int($0)]) }, threshold: threshold, binThreshold: binThreshold,
                  left: left, right: right, value: value, gain: gain, missingLeft: missingLeft, categorySplits: categorySplits)
    }

    @inline(__always)
    func goesLeftWhenMissing(_ node: Int) -> Bool { missingLeft?[node] ?? false }

    /// The leaf value a row reaches; at category splits its value is the category's index (NaN
    /// for a missing or unseen one, as `GradientBoosting.categoryIndices` gives).
    @inline(__always)
    func predict(_ row: UnsafePointer<Double>, categories: CategoryLookup? = nil) -> Double {
        var node = 0
        while feature[node] >= 0 {
            let v = row[Int(feature[node])]
            let goesLeft: Bool
            if let categories, let set = categories.set(node) {
                goesLeft = v.isNaN ? goesLeftWhenMissing(node) : set.contains(UInt8(v))
            } else {
                goesLeft = v <= threshold[node] || (v.isNaN && goesLeftWhenMissing(node))
            }
            node = Int(goesLeft ? left[node] : right[node])
        }
        return value[node]
    }

    @inline(__always)
    func predict(binned row: UnsafePointer<UInt8>, categories: CategoryLookup? = nil) -> Double {
        var node = 0
        while feature[node] >= 0 {
            let b = row[Int(feature[node])]
            let goesLeft: Bool
            if let categories, let set = categories.set(node) {
                goesLeft = b == FeatureBinner.missingBin ? goesLeftWhenMissing(node) : set.contains(b)
            } else {
                goesLeft = b <= binThreshold[node] || (b == FeatureBinner.missingBin && goesLeftWhenMissing(node))
            }
            node = Int(goesLeft ? left[node] : right[node])
        }
        return value[node]
    }
}

/// 256 bits, one per bin: the categories a split sends left.
struct CategorySet: Sendable, Equatable {
    var words = SIMD4<UInt64>.zero

    init() {}

    init(_ bins: some Sequence<UInt8>) {
        for b in bins { insert(b) }
    }

    /// The bins 0...last, word by word (a numeric split's left side, set at each split).
    static func through(_ last: UInt8) -> CategorySet {
        var set = CategorySet()
        for w in 0..<4 {
            let bits = Int(last) + 1 - 64 * w
            set.words[w] = bits >= 64 ? ~0 : (bits <= 0 ? 0 : (1 &<< UInt64(bits)) &- 1)
        }
        return set
    }

    @inline(__always)
    func contains(_ bin: UInt8) -> Bool { words[Int(bin &>> 6)] &>> UInt64(bin & 63) & 1 != 0 }

    @inline(__always)
    mutating func insert(_ bin: UInt8) { words[Int(bin &>> 6)] |= 1 &<< UInt64(bin & 63) }

    /// The bins in the set, in increasing order.
    var bins: [UInt8] { (0...255).map(UInt8.init).filter(contains) }
}

/// A tree's category splits by node, for walking it.
struct CategoryLookup: Sendable {
    /// Per node, its set's index in `sets`, or -1.
    private let setIndex: [Int32]
    private let sets: [CategorySet]

    /// Nil for a tree without category splits.
    init?(_ tree: BoostTree) {
        guard let splits = tree.categorySplits, !splits.isEmpty else { return nil }
        var index = [Int32](repeating: -1, count: tree.feature.count)
        for (k, split) in splits.enumerated() { index[Int(split.node)] = Int32(k) }
        setIndex = index
        sets = splits.map { CategorySet($0.left) }
    }

    @inline(__always)
    func set(_ node: Int) -> CategorySet? {
        let k = setIndex[node]
        return k < 0 ? nil : sets[Int(k)]
    }
}
