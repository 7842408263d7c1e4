/// The training features sorted once, column by column, for every tree grown on them:
/// a node's best split is then a linear scan of each feature's rows in value order, and
/// a forest's trees share one sort instead of sorting at every node.
struct PresortedFeatures: Sendable {
    let rows: Int
    let features: Int
    /// Column-major values: feature f of row i at f·rows + i.
    let columns: [Double]
    /// For each feature, the row indices in increasing value order (ties by row index), the
    /// rows missing it (NaN) last.
    let order: [Int32]
    /// The values in that order, so trees copy them sequentially instead of looking each one up.
    let sortedValues: [Double]

    init(_ x: Matrix) {
        let n = x.rows, p = x.columns
        rows = n
        features = p
        var columns = [Double](repeating: 0, count: n * p)
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<n { for f in 0..<p { columns[f * n + i] = xs[i * p + f] } }
        }
        var order = [Int32](repeating: 0, count: n * p)
        var sortedValues = [Double](repeating: 0, count: n * p)
        let values = columns
        order.withUnsafeMutableBufferPointer { ob in
            sortedValues.withUnsafeMutableBufferPointer { sb in
                let out = SharedBuffer(base: ob.baseAddress!), outValues = SharedBuffer(base: sb.baseAddress!)
                Parallel.forEach(p) { f in
                    values.withUnsafeBufferPointer { vs in
                        let sorted = RadixSort.sorted(UnsafeBufferPointer(rebasing: vs[(f * n)..<(f * n + n)]))
                        // NaN sorts to either end by its sign bit: the numbers first, then the NaNs.
                        var j = f * n
                        for pass in 0..<2 {
                            for k in 0..<n where sorted.values[k].isNaN == (pass == 1) {
                                out[j] = sorted.indices[k]
                                outValues[j] = sorted.values[k]
                                j += 1
                            }
                        }
                    }
                }
            }
        }
        self.columns = columns
        self.order = order
        self.sortedValues = sortedValues
    }
}
