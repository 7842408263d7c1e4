/// Turns label arrays into dense codes in scikit-learn's label order, in two or three
/// linear passes: a lookup table when whole-number labels span a small range (the usual
/// 0..k-1 or -1/1), a hash table otherwise.
enum LabelCoding {
    /// Largest label range coded through a table rather than hashing.
    static let tableSpan = 1 << 20

    static func integers(_ arrays: [[Int]]) -> LabelCodes<Int> {
        var lo = Int.max, hi = Int.min
        for values in arrays {
            values.withUnsafeBufferPointer { v in
                for x in v {
                    lo = Swift.min(lo, x)
                    hi = Swift.max(hi, x)
                }
            }
        }
        if lo > hi { return LabelCodes(classes: [], codes: arrays.map { _ in [] }) }
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        guard !overflow, span < tableSpan else { return hashed(arrays) }
        // Mark the labels present, number them in increasing order, then look every row up.
        var table = [Int32](repeating: -1, count: span + 1)
        table.withUnsafeMutableBufferPointer { t in
            for values in arrays {
                values.withUnsafeBufferPointer { v in
                    for x in v { t[x &- lo] = 0 }
                }
            }
        }
        var classes: [Int] = []
        for k in table.indices where table[k] == 0 {
            table[k] = Int32(classes.count)
            classes.append(k + lo)
        }
        let codes = arrays.map { values in
            [Int32](unsafeUninitializedCapacity: values.count) { out, count in
                table.withUnsafeBufferPointer { t in
                    values.withUnsafeBufferPointer { v in
                        for i in 0..<v.count { out[i] = t[v[i] &- lo] }
                    }
                }
                count = values.count
            }
        }
        return LabelCodes(classes: classes, codes: codes)
    }

    /// Codes in order of first appearance, then renumbered into sorted order.
    static func hashed<L: MetricLabel>(_ arrays: [[L]]) -> LabelCodes<L> {
        var index: [L: Int32] = [:]
        var seen: [L] = []
        var codes = arrays.map { values in
            values.map { x -> Int32 in
                if let c = index[x] { return c }
                let c = Int32(seen.count)
                index[x] = c
                seen.append(x)
                return c
            }
        }
        let order = seen.indices.sorted { L.labelPrecedes(seen[$0], seen[$1]) }
        var rank = [Int32](repeating: 0, count: seen.count)
        for (r, first) in order.enumerated() { rank[first] = Int32(r) }
        for a in codes.indices {
            codes[a].withUnsafeMutableBufferPointer { c in
                for i in 0..<c.count { c[i] = rank[Int(c[i])] }
            }
        }
        return LabelCodes(classes: order.map { seen[$0] }, codes: codes)
    }
}
