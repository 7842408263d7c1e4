import LabData

/// Cross-validation folds over a set of rows: shuffled with a seed, then cut into k parts of
/// sizes differing by at most one (scikit-learn's KFold). Stratified folds deal each class's
/// rows out in turn, so every fold holds each class in the same proportion to within one
/// row (the guarantee of scikit-learn's StratifiedKFold).
public struct Folds: Sendable, Equatable {
    /// `parts[f]` are the rows held out in fold f, in increasing order.
    public let parts: [[Int]]

    public init(rows: [Int], k: Int, seed: UInt64, classes: [Int]? = nil) throws {
        guard k >= 2 else { throw DataError("folds=\(k): cross-validation needs at least 2 folds", hint: "folds=5 is usual") }
        guard rows.count >= k else {
            throw DataError("folds=\(k) is more than the \(rows.count) rows to cross-validate", hint: "use fewer folds")
        }
        var rng = SeededGenerator(seed: seed)
        var assignment = [Int](repeating: 0, count: rows.count)
        if let classes {
            var byClass: [Int: [Int]] = [:]
            for (i, c) in classes.enumerated() { byClass[c, default: []].append(i) }
            let smallest = byClass.values.map(\.count).min() ?? 0
            if smallest < k {
                let rare = byClass.filter { $0.value.count == smallest }.keys.sorted().first ?? 0
                throw DataError("a class has only \(smallest) row\(smallest == 1 ? "" : "s") (class index \(rare)), fewer than folds=\(k)",
                                hint: "use fewer folds, or stratified=false")
            }
            // Each class continues dealing where the previous one stopped, so fold sizes stay within one row.
            var next = 0
            for c in byClass.keys.sorted() {
                var members = byClass[c]!
                members.shuffle(using: &rng)
                for i in members {
                    assignment[i] = next
                    next = (next + 1) % k
                }
            }
        } else {
            var order = Array(rows.indices)
            order.shuffle(using: &rng)
            let base = rows.count / k, extra = rows.count % k
            var start = 0
            for f in 0..<k {
                let size = base + (f < extra ? 1 : 0)
                for i in order[start..<(start + size)] { assignment[i] = f }
                start += size
            }
        }
        var parts = [[Int]](repeating: [], count: k)
        for (i, f) in assignment.enumerated() { parts[f].append(rows[i]) }
        self.parts = parts
    }

    /// The rows fold f trains on: every row not held out in it.
    public func training(_ f: Int) -> [Int] {
        parts.indices.filter { $0 != f }.flatMap { parts[$0] }.sorted()
    }
}
