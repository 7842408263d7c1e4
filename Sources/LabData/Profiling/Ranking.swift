import Dispatch

/// Spearman correlation the way pandas computes it: average ranks (ties share the mean of
/// their positions), and for a pair whose columns are valid on different rows, ranks taken
/// again over just the rows both hold.
enum Ranking {
    /// Valid rows in ascending order of value, ties in row order, with their sort keys.
    static func order(_ values: [Double], valid: Bitmap?, count: Int) -> (keys: [UInt64], rows: [Int32]) {
        var rows = [Int32]()
        rows.reserveCapacity(count)
        for r in 0..<values.count where valid?[r] ?? true { rows.append(Int32(r)) }
        return RadixSort.sorted(values, rows: rows)
    }

    /// Writes rank - (count + 1) / 2 at each row of `rows`, ties averaged.
    static func centeredRanks(_ keys: [UInt64], _ rows: [Int32], into out: inout [Double]) {
        _ = rank(keys, rows, keep: { _ in true }, count: rows.count, into: &out)
    }

    /// Ranks the sorted rows that `keep` accepts among themselves, writes each centred rank at
    /// its row and returns the sum of their squares. Ties are runs of equal keys, read in
    /// order; the ranks are half-integers, so these sums are exact below 2^53.
    @inline(__always)
    static func rank(_ keys: [UInt64], _ rows: [Int32], keep: (Int) -> Bool, count: Int, into out: inout [Double]) -> Double {
        let centre = Double(count + 1) / 2
        var squares = 0.0
        keys.withUnsafeBufferPointer { ks in
            rows.withUnsafeBufferPointer { rs in
                out.withUnsafeMutableBufferPointer { dst in
                    var placed = 0, i = 0
                    while i < rs.count {
                        var j = i + 1
                        while j < rs.count && ks[j] == ks[i] { j += 1 }
                        var kept = 0
                        for t in i..<j where keep(Int(rs[t])) { kept += 1 }
                        if kept > 0 {
                            let r = Double(placed) + Double(kept + 1) / 2 - centre
                            for t in i..<j where keep(Int(rs[t])) { dst[Int(rs[t])] = r }
                            squares += Double(kept) * (r * r)
                            placed += kept
                        }
                        i = j
                    }
                }
            }
        }
        return squares
    }

    static func spearman(_ inputs: [CorrelationInput], pairs: [(Int, Int)]) throws -> [PairSums.Result] {
        // Columns valid on the same rows already hold the right ranks: one dot product each.
        let same = pairs.indices.filter { PairSums.kind(inputs[pairs[$0].0], inputs[pairs[$0].1]) == .dot }
        let differ = pairs.indices.filter { PairSums.kind(inputs[pairs[$0].0], inputs[pairs[$0].1]) != .dot }
        var results = [PairSums.Result](repeating: PairSums.Result(r: .nan, n: 0), count: pairs.count)
        for (k, r) in try PairSums.pearson(inputs, pairs: same.map { pairs[$0] }, ranked: true).enumerated() { results[same[k]] = r }
        // A fixed number of tasks, each with its own scratch rows; results do not depend on the cores.
        let tasks = min(differ.count, 8)
        let box = Slots<[(Int, PairSums.Result)]>(count: tasks)
        let rows = inputs.first?.centered.count ?? 0
        DispatchQueue.concurrentPerform(iterations: tasks) { t in
            box.results[t] = Result {
                var xs = [Double](repeating: 0, count: rows), ys = xs
                var out: [(Int, PairSums.Result)] = []
                for k in stride(from: t, to: differ.count, by: tasks) {
                    let p = differ[k]
                    out.append((p, reranked(inputs[pairs[p].0], inputs[pairs[p].1], &xs, &ys)))
                    try Cancellation.check()
                }
                return out
            }
        }
        for part in try box.values() {
            for (p, r) in part { results[p] = r }
        }
        return results
    }

    private static func reranked(_ a: CorrelationInput, _ b: CorrelationInput, _ xs: inout [Double], _ ys: inout [Double]) -> PairSums.Result {
        let n = commonCount(a.valid, b.valid, rows: xs.count)
        guard n > 0 else { return PairSums.Result(r: .nan, n: 0) }
        for i in xs.indices { xs[i] = 0; ys[i] = 0 }
        let sxx = rank(a.orderKeys, a.order, keep: { b.isValid($0) }, count: n, into: &xs)
        let syy = rank(b.orderKeys, b.order, keep: { a.isValid($0) }, count: n, into: &ys)
        let sxy = xs.withUnsafeBufferPointer { x in ys.withUnsafeBufferPointer { y in Kernels.dot(x.baseAddress!, y.baseAddress!, x.count) } }
        let divisor = (sxx * syy).squareRoot()
        return PairSums.Result(r: divisor != 0 ? sxy / divisor : .nan, n: n)
    }

    private static func commonCount(_ a: Bitmap?, _ b: Bitmap?, rows: Int) -> Int {
        switch (a, b) {
        case (nil, nil): return rows
        case (let x?, nil), (nil, let x?): return x.setCount
        case (let x?, let y?): return zip(x.words, y.words).reduce(0) { $0 + ($1.0 & $1.1).nonzeroBitCount }
        }
    }
}
