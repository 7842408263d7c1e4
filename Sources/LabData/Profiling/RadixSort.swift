/// Least-significant-digit radix sort of doubles through order-preserving 64-bit keys:
/// a fixed number of linear passes instead of n·log n comparisons, which matters at
/// millions of rows. Stable, so equal values keep their row order.
enum RadixSort {
    private static let bits = 11
    private static let buckets = 1 << bits
    private static let passes = (64 + bits - 1) / bits
    /// Below this a comparison sort is faster than clearing the bucket counts.
    private static let threshold = 4096

    /// The unsigned order of keys is the numeric order of the values; -0 becomes +0, so
    /// the two zeros tie as they compare.
    @inline(__always)
    static func key(_ x: Double) -> UInt64 {
        let b = (x == 0 ? 0 : x).bitPattern
        return b >> 63 == 1 ? ~b : b | (1 << 63)
    }

    @inline(__always)
    static func value(_ k: UInt64) -> Double {
        Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k)
    }

    /// Sorts finite values ascending.
    static func sort(_ xs: inout [Double]) {
        if xs.count < threshold { xs.sort(); return }
        var keys = xs.map(key)
        var rows: [Int32]? = nil
        sort(&keys, payload: &rows)
        xs.withUnsafeMutableBufferPointer { out in
            for i in keys.indices { out[i] = value(keys[i]) }
        }
    }

    /// The rows in ascending order of their values (ties in the order given), with their
    /// keys, whose equality is the values' equality: later passes read ties sequentially.
    static func sorted(_ values: [Double], rows: [Int32]) -> (keys: [UInt64], rows: [Int32]) {
        if rows.count < threshold {
            let order = rows.sorted { values[Int($0)] != values[Int($1)] ? values[Int($0)] < values[Int($1)] : $0 < $1 }
            return (order.map { key(values[Int($0)]) }, order)
        }
        var keys = values.withUnsafeBufferPointer { xs in rows.map { key(xs[Int($0)]) } }
        var payload: [Int32]? = rows
        sort(&keys, payload: &payload)
        return (keys, payload!)
    }

    /// `rows` reordered by `keys` (one per row, in the same order), ties keeping the order given:
    /// stable, so sorting by the last key first and the first key last sorts by all of them.
    static func stableOrder(keys: [UInt64], rows: [Int32]) -> [Int32] {
        if rows.count < threshold {
            let order = rows.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
            return order.map { rows[$0] }
        }
        var keys = keys
        var payload: [Int32]? = rows
        sort(&keys, payload: &payload)
        return payload!
    }

    /// 0, 1, 2, ... for the rows `missing` does not flag.
    static func presentRows(count n: Int, missing: Bitmap?) -> [Int32] {
        guard let missing else { return (0..<Int32(n)).map { $0 } }
        var rows = [Int32]()
        rows.reserveCapacity(n - missing.setCount)
        for (w, word) in missing.words.enumerated() {
            var free = ~word
            while free != 0 {
                let r = (w << 6) + free.trailingZeroBitCount
                if r >= n { break }
                rows.append(Int32(r))
                free &= free - 1
            }
        }
        return rows
    }

    private static func sort(_ keys: inout [UInt64], payload: inout [Int32]?) {
        let n = keys.count
        var counts = [Int](repeating: 0, count: passes * buckets)
        keys.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for x in k {
                    for p in 0..<passes { c[p * buckets + Int((x >> UInt64(p * bits)) & UInt64(buckets - 1))] += 1 }
                }
            }
        }
        var keyBuffer = [UInt64](repeating: 0, count: n)
        var rowBuffer = payload.map { [Int32](repeating: 0, count: $0.count) }
        for p in 0..<passes {
            let shift = UInt64(p * bits), base = p * buckets
            // A digit every key shares moves nothing.
            if counts[base + Int((keys[0] >> shift) & UInt64(buckets - 1))] == n { continue }
            var offset = 0
            for b in 0..<buckets {
                let c = counts[base + b]
                counts[base + b] = offset
                offset += c
            }
            counts.withUnsafeMutableBufferPointer { c in
                keys.withUnsafeBufferPointer { src in
                    keyBuffer.withUnsafeMutableBufferPointer { dst in
                        if let rows = payload {
                            rows.withUnsafeBufferPointer { rs in
                                rowBuffer!.withUnsafeMutableBufferPointer { rd in
                                    for i in 0..<n {
                                        let b = base + Int((src[i] >> shift) & UInt64(buckets - 1))
                                        let to = c[b]
                                        c[b] = to + 1
                                        dst[to] = src[i]
                                        rd[to] = rs[i]
                                    }
                                }
                            }
                        } else {
                            for i in 0..<n {
                                let b = base + Int((src[i] >> shift) & UInt64(buckets - 1))
                                let to = c[b]
                                c[b] = to + 1
                                dst[to] = src[i]
                            }
                        }
                    }
                }
            }
            swap(&keys, &keyBuffer)
            if payload != nil { swap(&payload!, &rowBuffer!) }
        }
    }
}
