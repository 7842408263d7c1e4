import LabData

/// k-means clustering as scikit-learn's KMeans fits it (greedy k-means++ start, Lloyd
/// iterations, the same stopping rules: labels unchanged, or the centres' total squared
/// shift at most tol × the mean feature variance; empty clusters re-seeded with the rows
/// farthest from their centres). Each iteration's assignment uses Hamerly's bounds to skip
/// rows whose nearest centre cannot have changed — the same assignments as Lloyd's full
/// scan, found without measuring every row against every centre.
public struct KMeans: Sendable, Equatable, Codable {
    /// One row per cluster.
    public let centers: Matrix
    /// The sum of squared distances of the training rows to their centres.
    public let inertia: Double
    public let iterations: Int
    public let clusterSizes: [Int]

    public static func fit(_ x: Matrix, k: Int, initializations: Int, maxIterations: Int, tolerance: Double, seed: UInt64) throws -> KMeans {
        guard k <= x.rows else {
            throw DataError("k=\(k) clusters asked for, but there are only \(x.rows) training rows",
                            hint: "use k=\(min(8, x.rows)) or fewer than \(x.rows + 1)")
        }
        guard x.columns > 0 else { throw DataError("no features to cluster", hint: "name numeric columns with features=") }
        let variances = FeatureColumns(x, rows: Array(0..<x.rows)).map(Summation.populationVariance)
        let tol = tolerance * variances.reduce(0, +) / Double(x.columns)
        var rng = SeededGenerator(seed: seed)
        var best: KMeans?
        for _ in 0..<initializations {
            let start = KMeansInit.plusPlus(x, k: k, &rng)
            var lloyd = LloydHamerly(x, centers: start)
            let run = try lloyd.run(maxIterations: maxIterations, tolerance: tol)
            if best == nil || run.inertia < best!.inertia { best = run }
        }
        return best!
    }

    /// The nearest centre of every row (the first on an exact tie).
    public func predict(_ x: Matrix) -> [Int] {
        (0..<x.rows).map { r in
            var best = 0, bestDistance = Double.infinity
            for c in 0..<centers.rows {
                let s = LloydHamerly.distance(x, r, centers, c)
                if s < bestDistance { best = c; bestDistance = s }
            }
            return best
        }
    }
}

/// Lloyd's iterations with Hamerly's bounds: per row an upper bound on the distance to its
/// centre and a lower bound on the distance to any other; a row is measured only when the
/// bounds no longer prove its centre nearest.
struct LloydHamerly {
    let x: Matrix
    var centers: Matrix
    let n: Int, d: Int, k: Int
    var labels: [Int]
    var upper: [Double]
    var lower: [Double]
    /// ||x||² per row: scan scores plus this are squared distances.
    let norms: [Double]

    init(_ x: Matrix, centers: Matrix) {
        self.x = x
        self.centers = centers
        n = x.rows; d = x.columns; k = centers.rows
        labels = [Int](repeating: -1, count: n)
        upper = [Double](repeating: .infinity, count: n)
        lower = [Double](repeating: 0, count: n)
        norms = (0..<x.rows).map { i in (0..<x.columns).reduce(0.0) { $0 + x[i, $1] * x[i, $1] } }
    }

    mutating func run(maxIterations: Int, tolerance: Double) throws -> KMeans {
        var iterations = 0, strict = false
        for iteration in 0..<maxIterations {
            try Cancellation.check()
            iterations = iteration + 1
            let changed = assign()
            let old = centers
            update()
            if !changed { strict = true; break }
            let shifts = (0..<k).map { c in squaredDistance(old, c, centers, c).squareRoot() }
            moveBounds(shifts)
            if shifts.reduce(0, { $0 + $1 * $1 }) <= tolerance { break }
        }
        // As scikit-learn: unless the labels settled, label the rows once more with the final centres.
        if !strict { _ = assign() }
        var inertia = 0.0, sizes = [Int](repeating: 0, count: k)
        for i in 0..<n {
            inertia += rowDistance(i, labels[i])
            sizes[labels[i]] += 1
        }
        return KMeans(centers: centers, inertia: inertia, iterations: iterations, clusterSizes: sizes)
    }

    /// Squared distance of row i to centre c.
    func rowDistance(_ i: Int, _ c: Int) -> Double { Self.distance(x, i, centers, c) }

    @inline(__always)
    static func distance(_ x: Matrix, _ i: Int, _ centers: Matrix, _ c: Int) -> Double {
        let d = x.columns
        return x.storage.withUnsafeBufferPointer { xs in
            centers.storage.withUnsafeBufferPointer { cs in squaredEuclidean(xs.baseAddress! + i &* d, cs.baseAddress! + c &* d, d) }
        }
    }

    func squaredDistance(_ a: Matrix, _ i: Int, _ b: Matrix, _ j: Int) -> Double { Self.distance(a, i, b, j) }

    /// The E-step: every row to its nearest centre. Returns whether any label changed.
    mutating func assign() -> Bool {
        // Half the distance from each centre to its nearest other centre: a row closer than that stays.
        var half = [Double](repeating: .infinity, count: k)
        for a in 0..<k { for b in 0..<k where a != b { half[a] = min(half[a], squaredDistance(centers, a, centers, b).squareRoot() / 2) } }
        let chunks = Parallel.ranges(n, pieces: Parallel.pieces, minimum: 4096)
        var changedIn = [Bool](repeating: false, count: chunks.count)
        let x = self.x, centers = self.centers, d = self.d, norms = self.norms
        let scan = CentreScan(centers)
        labels.withUnsafeMutableBufferPointer { lb in
            upper.withUnsafeMutableBufferPointer { ub in
                lower.withUnsafeMutableBufferPointer { lob in
                    changedIn.withUnsafeMutableBufferPointer { cb in
                        let labels = SharedBuffer(base: lb.baseAddress!), upper = SharedBuffer(base: ub.baseAddress!)
                        let lower = SharedBuffer(base: lob.baseAddress!), changed = SharedBuffer(base: cb.baseAddress!)
                        x.storage.withUnsafeBufferPointer { xs in
                        Parallel.forEach(chunks.count) { c in
                            for i in chunks[c] {
                                let a = labels[i]
                                if a >= 0 {
                                    let bound = max(half[a], lower[i])
                                    if upper[i] <= bound { continue }
                                    upper[i] = Self.distance(x, i, centers, a).squareRoot()
                                    if upper[i] <= bound { continue }
                                }
                                let (nearest, _, second) = scan.nearestTwo(xs.baseAddress! + i &* d)
                                if nearest != a { labels[i] = nearest; changed[c] = true }
                                // The bound on the nearest is measured exactly; the other is the scan's, less its rounding.
                                upper[i] = Self.distance(x, i, centers, nearest).squareRoot()
                                let norm = norms[i]
                                lower[i] = max(0, norm + second - 1e-12 * (norm + 2 * scan.largestNorm)).squareRoot()
                            }
                        }
                        }
                    }
                }
            }
        }
        return changedIn.contains(true)
    }

    /// The M-step: centres to the means of their rows; an empty cluster takes the row farthest
    /// from its (old) centre, as scikit-learn relocates it.
    mutating func update() {
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Double](repeating: 0, count: k)
        // Per-chunk sums on both cores, added in chunk order: the same result however the chunks are scheduled.
        let chunks = Parallel.ranges(n, pieces: Parallel.pieces, minimum: 8192)
        let width = d + 1, k = self.k, d = self.d
        var partial = [Double](repeating: 0, count: chunks.count * k * width)
        partial.withUnsafeMutableBufferPointer { pb in
            let out = SharedBuffer(base: pb.baseAddress!)
            x.storage.withUnsafeBufferPointer { xs in
                labels.withUnsafeBufferPointer { ls in
                    Parallel.forEach(chunks.count) { c in
                        let s = out.base + c * k * width
                        for i in chunks[c] {
                            let row = xs.baseAddress! + i * d, sum = s + ls[i] * width
                            for j in 0..<d { sum[j] += row[j] }
                            sum[d] += 1
                        }
                    }
                }
            }
        }
        for c in 0..<chunks.count {
            for cluster in 0..<k {
                let base = (c * k + cluster) * width
                for j in 0..<d { sums[cluster * d + j] += partial[base + j] }
                counts[cluster] += partial[base + d]
            }
        }
        let empty = (0..<k).filter { counts[$0] == 0 }
        if !empty.isEmpty {
            let distances: [(Double, Int)] = (0..<n).map { (rowDistance($0, labels[$0]), $0) }
            let far = distances.sorted { a, b in a.0 > b.0 || (a.0 == b.0 && a.1 < b.1) }
            for (slot, c) in empty.enumerated() {
                let i = far[slot].1, old = labels[i]
                for j in 0..<d {
                    sums[old * d + j] -= x[i, j]
                    sums[c * d + j] = x[i, j]
                }
                counts[old] -= 1
                counts[c] = 1
            }
        }
        for c in 0..<k where counts[c] > 0 {
            for j in 0..<d { centers[c, j] = sums[c * d + j] / counts[c] }
        }
    }

    /// After centres move, each row's bounds loosen by the moves: its own centre's for the
    /// upper bound, the largest other one for the lower.
    mutating func moveBounds(_ shifts: [Double]) {
        var largest = 0, secondShift = 0.0
        for c in 0..<k where shifts[c] > shifts[largest] { largest = c }
        for c in 0..<k where c != largest { secondShift = max(secondShift, shifts[c]) }
        for i in 0..<n {
            let a = labels[i]
            upper[i] += shifts[a]
            lower[i] -= a == largest ? secondShift : shifts[largest]
        }
    }
}
