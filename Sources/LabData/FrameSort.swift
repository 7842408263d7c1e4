public struct SortKey: Sendable, Equatable {
    public var column: String
    public var descending: Bool
    public init(_ column: String, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }
}

extension Frame {
    /// A stable sort by one or more keys; missing values always go last.
    public func sorted(by keys: [SortKey]) throws -> Frame {
        // Turn every key into a per-row Double rank so the comparator stays cheap.
        struct Ranked { let values: [Double]; let missing: (Int) -> Bool; let descending: Bool }
        let ranked: [Ranked] = try keys.map { key in
            let col = try column(key.column)
            switch col.data {
            case .numbers(let v, let m):
                return Ranked(values: v, missing: { m?[$0] ?? false }, descending: key.descending)
            case .strings(let codes, let levels):
                let order = levels.indices.sorted { levels[$0] < levels[$1] }
                var rankOfLevel = [Double](repeating: 0, count: levels.count)
                for (rank, level) in order.enumerated() { rankOfLevel[level] = Double(rank) }
                let v = codes.map { $0 < 0 ? 0 : rankOfLevel[Int($0)] }
                return Ranked(values: v, missing: { codes[$0] < 0 }, descending: key.descending)
            }
        }
        var rows = Array(0..<rowCount)
        try Cancellation.check()
        // Swift's sort is not guaranteed stable, so ties fall back to the original row order.
        rows.sort { a, b in
            for r in ranked {
                let ma = r.missing(a), mb = r.missing(b)
                if ma != mb { return mb }
                if ma { continue }
                let x = r.values[a], y = r.values[b]
                if x != y { return r.descending ? x > y : x < y }
            }
            return a < b
        }
        return gathering(rows)
    }
}
