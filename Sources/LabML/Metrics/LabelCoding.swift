/// Turns label arrays into dense codes in scikit-learn's label order, in two or three
/// linear passes: a lookup table when whole-number labels span a small range (the usual
/// 0..k-1 or -1/1), a hash table otherwise.
enum LabelCoding {
    /// Largest label range coded through a table rather than hashing.
    static let tableSpan = 1 << 20

    static func integers(_ arrays: [[Int]]) -> LabelCodes<Int> {
        // Every array cut into pieces for both cores; a piece's extent is its smallest and
        // largest label and which residues mod 64 occur (when the labels span fewer than 64
        // values, those residues are the labels present, and no marking pass is needed).
        let pieces = arrays.indices.flatMap { a in Parallel.ranges(arrays[a].count, pieces: 2, minimum: 1 << 16).map { (a, $0) } }
        if pieces.isEmpty { return LabelCodes(classes: [], codes: arrays.map { _ in [] }) }
        var extents = [Extent](repeating: Extent(), count: pieces.count)
        extents.withUnsafeMutableBufferPointer { eb in
            let out = SharedBuffer(base: eb.baseAddress!)
            Parallel.forEach(pieces.count) { p in
                arrays[pieces[p].0].withUnsafeBufferPointer { v in out[p] = Extent(UnsafeBufferPointer(rebasing: v[pieces[p].1])) }
            }
        }
        let lo = extents.map(\.lo).min()!, hi = extents.map(\.hi).max()!
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        guard !overflow, span < tableSpan else { return hashed(arrays) }
        var table = [Int32](repeating: -1, count: span + 1)
        if span < 64 {
            let residues = extents.reduce(UInt64(0)) { $0 | $1.residues }
            for k in 0...span where residues & (1 << UInt64((lo &+ k) & 63)) != 0 { table[k] = 0 }
        } else {
            // Mark the labels present.
            table.withUnsafeMutableBufferPointer { t in
                for values in arrays {
                    values.withUnsafeBufferPointer { v in
                        for x in v { t[x &- lo] = 0 }
                    }
                }
            }
        }
        // Number them in increasing order, then look every row up.
        var classes: [Int] = []
        for k in table.indices where table[k] == 0 {
            table[k] = Int32(classes.count)
            classes.append(k + lo)
        }
        let codes = arrays.indices.map { a in
            [Int32](unsafeUninitializedCapacity: arrays[a].count) { out, count in
                count = arrays[a].count
                guard let base = out.baseAddress else { return }
                let target = SharedBuffer(base: base)
                let own = pieces.filter { $0.0 == a }.map(\.1)
                // Every label from lo to hi present (0/1, 0..k-1): a code is the label minus lo, a
                // subtraction the compiler vectorizes, where a table lookup goes one row at a time.
                let dense = classes.count == span + 1
                table.withUnsafeBufferPointer { t in
                    arrays[a].withUnsafeBufferPointer { v in
                        Parallel.forEach(own.count) { p in
                            if dense {
                                for i in own[p] { target[i] = Int32(truncatingIfNeeded: v[i] &- lo) }
                            } else {
                                for i in own[p] { target[i] = t[v[i] &- lo] }
                            }
                        }
                    }
                }
            }
        }
        return LabelCodes(classes: classes, codes: codes)
    }

    private struct Extent {
        var lo = Int.max, hi = Int.min, residues: UInt64 = 0

        init() {}

        init(_ values: UnsafeBufferPointer<Int>) {
            for x in values {
                lo = Swift.min(lo, x)
                hi = Swift.max(hi, x)
                residues |= 1 << UInt64(x & 63)
            }
        }
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
