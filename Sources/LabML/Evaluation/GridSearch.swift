import LabData

/// Every combination of a parameter grid, cross-validated; the best refit on all the training rows.
public struct GridSearch: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public let parameters: [String: String]
        public let summary: MeanStd
        public let folds: [Double]
    }

    public let grid: [(name: String, values: [String])]
    public let metric: String
    public let points: [Point]
    public let best: Int

    public static func == (a: GridSearch, b: GridSearch) -> Bool {
        a.metric == b.metric && a.points == b.points && a.best == b.best
            && a.grid.map(\.name) == b.grid.map(\.name) && a.grid.map(\.values) == b.grid.map(\.values)
    }

    /// `C=0.1,1,10 max_depth=3..5`: names and their values; `a..b` is every integer from a to b.
    public static func parse(_ text: String) throws -> [(name: String, values: [String])] {
        var out: [(String, [String])] = []
        for part in text.split(whereSeparator: { $0 == " " || $0 == ";" }) where !part.isEmpty {
            guard let eq = part.firstIndex(of: "="), eq != part.startIndex else {
                throw DataError("'\(part)' in the grid is not NAME=VALUES", hint: "e.g. grid=\"C=0.1,1,10 max_depth=3,5\"")
            }
            let name = String(part[..<eq])
            if out.contains(where: { $0.0 == name }) { throw DataError("\(name)= appears twice in the grid", hint: "list all its values once: \(name)=a,b,c") }
            let values = try expand(String(part[part.index(after: eq)...]), name: name)
            out.append((name, values))
        }
        if out.isEmpty { throw DataError("the grid is empty", hint: "e.g. grid=\"C=0.1,1,10\"") }
        return out
    }

    /// `1,2,5` or `1..12` (integers, both ends included).
    public static func expand(_ text: String, name: String) throws -> [String] {
        var values: [String] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            if let range = item.range(of: "..") {
                guard let lo = Int(item[..<range.lowerBound]), let hi = Int(item[range.upperBound...]), lo <= hi, hi - lo < 10_000 else {
                    throw DataError("'\(item)' is not a range of integers for \(name)=", hint: "write it as LOW..HIGH, e.g. 1..12")
                }
                values += (lo...hi).map(String.init)
            } else if item.isEmpty {
                throw DataError("an empty value in \(name)=\(text)", hint: "separate values with commas: \(name)=1,2,3")
            } else {
                values.append(String(item))
            }
        }
        return values
    }

    /// Every combination, first parameter varying slowest.
    public static func combinations(_ grid: [(name: String, values: [String])]) -> [[String: String]] {
        grid.reduce([[:]]) { partial, axis in
            partial.flatMap { base in axis.values.map { v in base.merging([axis.name: v]) { $1 } } }
        }
    }

    public static func run(_ recipe: ModelRecipe, grid: [(name: String, values: [String])], on frame: Frame, folds: Int,
                           seed: UInt64, metric: String?, positive: String? = nil) throws -> GridSearch {
        let combos = combinations(grid)
        // Every value is checked before any fitting: a typo fails at once, not after an hour.
        for combo in combos { _ = try Trainer.parameters(for: recipe.kind, given: recipe.parameters.merging(combo) { $1 }) }
        var points: [Point] = []
        var metricName = metric
        let progress = Progress.track("combination", total: combos.count)
        defer { progress?.end() }
        for (i, combo) in combos.enumerated() {
            let cv = try CrossValidation.run(recipe.with(combo), on: frame, folds: folds, seed: seed, metric: metricName, positive: positive)
            metricName = cv.metric
            points.append(Point(parameters: combo, summary: cv.summary, folds: cv.folds.map(\.score)))
            progress?.set(i + 1)
        }
        let name = metricName ?? ""
        let greater = MetricGoal.greaterIsBetter(name)
        // The first of equal means wins, as in scikit-learn's rank_test_score.
        var best = 0
        for (i, p) in points.enumerated() where greater ? p.summary.mean > points[best].summary.mean : p.summary.mean < points[best].summary.mean {
            best = i
        }
        return GridSearch(grid: grid, metric: name, points: points, best: best)
    }
}
