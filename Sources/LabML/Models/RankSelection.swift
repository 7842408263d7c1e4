/// The keys at chosen ranks of an unsorted set, as sorting it would place them, without sorting
/// it: the keys are counted into buckets by their leading bits (those below the bits all of
/// them share), the buckets holding a wanted rank are gathered, and each is searched the same
/// way until it is small enough to sort. The binning of boosting needs 254 quantiles of each
/// feature, not its order; this takes a few passes over the keys where a radix sort of the keys
/// and their rows takes eight.
enum RankSelection {
    /// The key at each of `ranks` (ascending, each in 0..<keys.count) of `keys` in increasing order.
    static func keys(at ranks: [Int], of keys: UnsafeBufferPointer<UInt64>) -> [UInt64] {
        guard !ranks.isEmpty else { return [] }
        precondition(ranks.first! >= 0 && ranks.last! < keys.count)
        var out = [UInt64](repeating: 0, count: ranks.count)
        out.withUnsafeMutableBufferPointer { select(keys, ranks[...], into: $0.baseAddress!) }
        return out
    }

    /// Buckets this small are sorted.
    private static let sortedBelow = 64

    /// out[j] = the key of rank ranks[ranks.startIndex + j] among `keys`.
    private static func select(_ keys: UnsafeBufferPointer<UInt64>, _ ranks: ArraySlice<Int>, into out: UnsafeMutablePointer<UInt64>) {
        let n = keys.count
        if n <= sortedBelow {
            let sorted = keys.sorted()
            for (j, r) in ranks.enumerated() { out[j] = sorted[r] }
            return
        }
        var lowest = UInt64.max, highest = UInt64.min
        for k in keys {
            lowest = Swift.min(lowest, k)
            highest = Swift.max(highest, k)
        }
        if lowest == highest {
            for j in 0..<ranks.count { out[j] = lowest }
            return
        }
        // About four keys a bucket on evenly spread keys, at most 2^16 buckets.
        let digitBits = Swift.min(16, Swift.max(4, Int.bitWidth - n.leadingZeroBitCount - 2))
        let used = 64 - (lowest ^ highest).leadingZeroBitCount
        let shift = UInt64(Swift.max(0, used - digitBits))
        let base = lowest >> shift
        let buckets = Int((highest >> shift) &- base) + 1
        // Bucket b holds the ranks starts[b] ..< starts[b + 1].
        var starts = [Int](repeating: 0, count: buckets + 1)
        starts.withUnsafeMutableBufferPointer { s in
            for k in keys { s[Int((k >> shift) &- base) &+ 1] &+= 1 }
            for b in 0..<buckets { s[b + 1] &+= s[b] }
        }
        // The wanted buckets, each with the first of its ranks (an index of `ranks`), and where
        // its keys go in `gathered` (-1 for the others).
        var slot = [Int](repeating: -1, count: buckets)
        var wanted: [(bucket: Int, firstRank: Int)] = []
        var bucket = 0, gatheredCount = 0
        for i in ranks.indices {
            while starts[bucket + 1] <= ranks[i] { bucket += 1 }
            if slot[bucket] < 0 {
                slot[bucket] = gatheredCount
                gatheredCount += starts[bucket + 1] - starts[bucket]
                wanted.append((bucket, i))
            }
        }
        var gathered = [UInt64](repeating: 0, count: gatheredCount)
        gathered.withUnsafeMutableBufferPointer { g in
            slot.withUnsafeMutableBufferPointer { next in
                for k in keys {
                    let b = Int((k >> shift) &- base)
                    let at = next[b]
                    if at >= 0 {
                        g[at] = k
                        next[b] = at &+ 1
                    }
                }
            }
            var from = 0
            for (w, (b, firstRank)) in wanted.enumerated() {
                let count = starts[b + 1] - starts[b]
                let lastRank = w + 1 < wanted.count ? wanted[w + 1].firstRank : ranks.endIndex
                let local = ranks[firstRank..<lastRank].map { $0 - starts[b] }
                select(UnsafeBufferPointer(rebasing: g[from..<(from + count)]), local[...], into: out + (firstRank - ranks.startIndex))
                from += count
            }
        }
    }
}
