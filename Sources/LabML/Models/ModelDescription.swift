/// What a model learned, as a table for `model NAME`: one row per feature (plus summary
/// rows in parentheses), one column per output, class, cluster or component.
public struct LearnedTable: Sendable {
    public let title: String
    public let columns: [String]
    public let rows: [(String, [Double])]

    public init(title: String, columns: [String], rows: [(String, [Double])]) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// The rows of features, without the summary rows in parentheses ("(intercept)", "(rows)"...).
    public var featureRows: [(String, [Double])] { rows.filter { !Self.isSummary($0.0) } }

    /// The summary rows alone.
    public var summaryRows: [(String, [Double])] { rows.filter { Self.isSummary($0.0) } }

    private static func isSummary(_ label: String) -> Bool { label.hasPrefix("(") }
}

extension TrainedModel {
    /// nil for k nearest neighbours, which learn nothing but the training rows.
    public var learnedTable: LearnedTable? {
        switch fitted {
        case .linear(let m):
            return LearnedTable(title: "learned coefficients", columns: ["coefficient"],
                                rows: zip(features, m.coefficients).map { ($0, [$1]) } + [("(intercept)", [m.intercept])])
        case .logistic(let m):
            let columns = m.isBinary ? ["coefficient (\(m.classes[1]))"] : m.classes
            var rows: [(String, [Double])] = features.indices.map { f in (features[f], m.coefficients.map { $0[f] }) }
            rows.append(("(intercept)", m.intercepts))
            return LearnedTable(title: "learned coefficients", columns: columns, rows: rows)
        case .tree(let m): return importances("feature importances (impurity decrease)", m.featureImportances)
        case .forest(let m): return importances("feature importances (mean impurity decrease over trees)", m.featureImportances)
        case .boost(let m): return importances("feature importances (share of split gain)", m.featureImportances)
        case .knn: return nil
        case .naiveBayes(let m):
            let columns = m.classes.flatMap { ["mean \($0)", "variance \($0)"] }
            let rows: [(String, [Double])] = features.indices.map { f in
                (features[f], m.classes.indices.flatMap { [m.means[$0][f], m.variances[$0][f]] })
            }
            return LearnedTable(title: "per-class feature means and variances", columns: columns, rows: rows)
        case .kmeans(let m):
            var rows: [(String, [Double])] = features.indices.map { f in (features[f], (0..<m.centers.rows).map { m.centers[$0, f] }) }
            rows.append(("(rows)", m.clusterSizes.map(Double.init)))
            return LearnedTable(title: "cluster centres", columns: (0..<m.centers.rows).map { "cluster \($0)" }, rows: rows)
        case .pca(let m):
            var rows: [(String, [Double])] = features.indices.map { f in (features[f], m.components.map { $0[f] }) }
            rows.append(("(explained variance)", m.explainedVariance))
            rows.append(("(explained variance ratio)", m.explainedVarianceRatio))
            return LearnedTable(title: "principal components", columns: m.columnNames, rows: rows)
        }
    }

    /// Most important first (features of equal importance in their training order): the
    /// features a model relies on are on top, whatever the number of one-hot columns.
    private func importances(_ title: String, _ values: [Double]) -> LearnedTable {
        let ranked = zip(features, values).enumerated().sorted { a, b in
            a.element.1 > b.element.1 || (a.element.1 == b.element.1 && a.offset < b.offset)
        }
        return LearnedTable(title: title, columns: ["importance"], rows: ranked.map { ($0.element.0, [$0.element.1]) })
    }

    /// One line on how the fit went, for `train` and `model`.
    public var trainingNote: String? {
        switch fitted {
        case .logistic(let m):
            return m.converged ? "converged in \(m.iterations) iterations"
                : "did not converge in \(m.iterations) iterations"
        case .linear(let m):
            if let dependent = m.dependentFeatures { return "least-norm coefficients: \(dependent.count) features linearly dependent" }
            return m.iterations.map { "\($0) coordinate descent passes" }
        case .tree(let m):
            return "depth \(m.tree.depth), \(m.tree.leafCount) leaves"
        case .forest(let m):
            let depths = m.trees.map(\.depth), leaves = m.trees.map(\.leafCount)
            return "\(m.trees.count) trees, depth \(depths.min()!)–\(depths.max()!), \(String((Double(leaves.reduce(0, +)) / Double(leaves.count) * 10).rounded() / 10)) leaves per tree on average"
        case .boost(let m):
            let trees = m.trees.reduce(0) { $0 + $1.count }
            var note = "\(m.rounds) rounds (\(trees) trees), training loss \(Self.short(m.trainingLoss.first!)) → \(Self.short(m.trainingLoss.last!))"
            if let valid = m.validationLoss {
                note += ", validation loss \(Self.short(valid.last!))"
                note += m.stoppedEarly ? "; stopped early: no improvement in \(m.options.iterationsWithoutChange) rounds" : ""
            }
            if let categories = m.categories {
                let splits = m.trees.reduce(0) { $0 + $1.reduce(0) { $0 + ($1.categorySplits?.count ?? 0) } }
                let named = zip(features, categories).filter { !$0.1.isEmpty }.map { "\($0.0) (\($0.1.count))" }
                note += "; \(splits) splits on categories of \(named.joined(separator: ", "))"
            }
            return note
        case .knn(let m):
            return "keeps the \(m.training.rows) training rows; the \(m.k) nearest vote (\(m.weighting.rawValue))"
        case .naiveBayes(let m):
            let priors = zip(m.classes, m.priors).map { "\($0) \(Self.short($1))" }.joined(separator: ", ")
            return "priors \(priors); variances raised by epsilon \(Self.short(m.epsilon))"
        case .kmeans(let m):
            return "inertia \(Self.short(m.inertia)) after \(m.iterations) iterations"
        case .pca(let m):
            let total = m.explainedVarianceRatio.reduce(0, +)
            return "explains \(Self.percent(total)) of the variance (" + m.explainedVarianceRatio.map(Self.percent).joined(separator: ", ") + ")"
        }
    }

    private static func short(_ x: Double) -> String {
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude >= 1e6 || magnitude < 1e-3 { return String(format6(x)) }
        return String((x * 10_000).rounded() / 10_000)
    }

    private static func format6(_ x: Double) -> String {
        // Six significant digits in scientific form, without Foundation.
        var exponent = 0
        var m = abs(x)
        while m >= 10 { m /= 10; exponent += 1 }
        while m < 1 { m *= 10; exponent -= 1 }
        let mantissa = (m * 100_000).rounded() / 100_000
        return "\(x < 0 ? "-" : "")\(mantissa)e\(exponent)"
    }

    private static func percent(_ x: Double) -> String { "\((x * 1000).rounded() / 10)%" }
}
