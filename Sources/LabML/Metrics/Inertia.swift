import LabData

extension Metrics {
    /// k-means' inertia (scikit-learn's `KMeans.inertia_`): the sum over points of the squared
    /// Euclidean distance to the centre they are assigned to. `points` and `centres` are rows
    /// of features; `assignments[i]` indexes `centres`. O(n·d).
    public static func inertia(_ points: [[Double]], assignments: [Int], centres: [[Double]]) throws -> Double {
        let x = try MetricChecks.matrix(points, "X")
        let c = try MetricChecks.matrix(centres, "centres")
        try MetricChecks.pair(points.count, assignments.count, "X", "assignments")
        guard c.columns == x.columns else {
            throw DataError("centres have \(c.columns) features but X has \(x.columns)", hint: "centres must be points in the same feature space as X")
        }
        let d = x.columns
        var squares = [Double](repeating: 0, count: points.count)
        for (i, a) in assignments.enumerated() {
            guard a >= 0, a < centres.count else {
                throw DataError("assignment \(a) at row \(i) is not a centre (there are \(centres.count))",
                                hint: "assignments index the centres: 0 to \(centres.count - 1)")
            }
            var s = 0.0
            for f in 0..<d {
                let t = x.values[i * d + f] - c.values[a * d + f]
                s += t * t
            }
            squares[i] = s
        }
        return Summation.sum(squares)
    }
}
