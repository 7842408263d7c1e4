/// "Did you mean" for names typed by a user: the closest candidates by edit distance.
public enum Suggestion {
    public static func closest(to name: String, in candidates: [String], limit: Int = 1) -> [String] {
        let lowered = name.lowercased()
        let maxDistance = max(1, min(3, lowered.count / 3 + 1))
        let scored = candidates.compactMap { c -> (String, Int)? in
            let lc = c.lowercased()
            if lc == lowered { return (c, 0) }
            if lc.hasPrefix(lowered) && lowered.count >= 3 { return (c, 1) }
            let d = editDistance(lowered, lc)
            return d <= maxDistance ? (c, d) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// " (did you mean 'x'?)" or "".
    public static func didYouMean(_ name: String, in candidates: [String]) -> String {
        guard let best = closest(to: name, in: candidates).first else { return "" }
        return " (did you mean '\(best)'?)"
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
