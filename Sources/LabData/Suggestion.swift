/// "Did you mean" for names typed by a user: the closest candidates by edit distance.
public enum Suggestion {
    public static func closest(to name: String, in candidates: [String], limit: Int = 1) -> [String] {
        let lowered = name.lowercased()
        // One edit for names up to five characters, two up to eight, three beyond; a short name
        // two edits away only when all but one of its letters are there in order ('fair' for
        // 'fare', not 'len' for 'log' or 'fare' for 'age').
        let maxDistance = max(1, min(3, lowered.count / 3))
        let scored = candidates.compactMap { c -> (String, Int)? in
            let lc = c.lowercased()
            if lc == lowered { return (c, 0) }
            if lc.hasPrefix(lowered) && lowered.count >= 3 { return (c, 1) }
            // Its words in another order: `radius_mean` for mean_radius.
            let words = lowered.split(separator: "_")
            if words.count > 1, words.sorted() == lc.split(separator: "_").sorted() { return (c, 1) }
            // One of its words: `depth` for max_depth, `leaf` for min_samples_leaf.
            if lowered.count >= 3, lc.split(separator: "_").contains(Substring(lowered)) { return (c, 2) }
            let d = editDistance(lowered, lc)
            if d <= maxDistance { return (c, d) }
            if d == 2, lowered.count >= 3, commonSubsequence(lowered, lc) >= lowered.count - 1 { return (c, d) }
            return nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// " (did you mean 'x'?)" or "".
    public static func didYouMean(_ name: String, in candidates: [String]) -> String {
        guard let best = closest(to: name, in: candidates).first else { return "" }
        return " (did you mean '\(best)'?)"
    }

    /// The length of the longest common subsequence (letters in the same order, not necessarily adjacent).
    static func commonSubsequence(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        var previous = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var current = [0]
            for (j, y) in b.enumerated() { current.append(x == y ? previous[j] + 1 : max(previous[j + 1], current[j])) }
            previous = current
        }
        return previous[b.count]
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
