import LabData

/// k-means clustering as scikit-learn's KMeans fits it (greedy k-means++ start, Lloyd
/// iterations, the same stopping rules: labels unchanged, or the centres' total squared
/// shift at most tol × the mean feature variance; empty clusters re-seeded with the rows
/// farthest from their centres). The iterations are `Lloyd`'s: assignments from a float copy
/// of the rows, centres and inertia in doubles.
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
                            hint: "k can be at most \(x.rows), the number of rows; e.g. k=\(min(8, x.rows))")
        }
        guard x.columns > 0 else { throw DataError("no features to cluster", hint: "name numeric columns with features=") }
        let tol = tolerance * meanVariance(x)
        var rng = SeededGenerator(seed: seed)
        var best: KMeans?
        let single = FloatRows(x)
        for _ in 0..<initializations {
            let start = KMeansInit.plusPlus(x, single, k: k, &rng)
            var lloyd = Lloyd(x, single, centers: start)
            let run = try lloyd.run(maxIterations: maxIterations, tolerance: tol)
            if best == nil || run.inertia < best!.inertia { best = run }
        }
        return best!
    }

    /// The mean over features of each feature's variance (ddof 0): scikit-learn's scale for tol.
    static func meanVariance(_ x: Matrix) -> Double {
        let means = columnSums(x, around: nil).map { $0 / Double(max(x.rows, 1)) }
        return columnSums(x, around: means).reduce(0, +) / Double(x.rows) / Double(x.columns)
    }

    /// Each column's sum (`around` nil), or its sum of squared differences from `around`: per-piece
    /// sums on both cores, added in piece order.
    private static func columnSums(_ x: Matrix, around means: [Double]?) -> [Double] {
        let d = x.columns
        let pieces = Parallel.ranges(x.rows, pieces: Parallel.pieces, minimum: 8192)
        var partial = [Double](repeating: 0, count: pieces.count * d)
        partial.withUnsafeMutableBufferPointer { pb in
            let out = SharedBuffer(base: pb.baseAddress!)
            x.storage.withUnsafeBufferPointer { xs in
                Parallel.forEach(pieces.count) { p in
                    let sums = out.base + p &* d
                    for r in pieces[p] {
                        let row = xs.baseAddress! + r &* d
                        if let means {
                            for j in 0..<d { let t = row[j] - means[j]; sums[j] += t * t }
                        } else {
                            for j in 0..<d { sums[j] += row[j] }
                        }
                    }
                }
            }
        }
        var total = [Double](repeating: 0, count: d)
        for p in pieces.indices { for j in 0..<d { total[j] += partial[p * d + j] } }
        return total
    }

    /// The same from the feature columns (one array per feature, in order, all of one length),
    /// four rows a step (one vector lane each); nil when a distance is not finite (a feature value
    /// is not). Each distance is summed as `squaredEuclidean` sums a row's: four running sums over
    /// the features j ≡ 0, 1, 2, 3 (mod 4), added as (s0 + s2) + (s1 + s3), then the features past
    /// the last multiple of four; so the labels are the same as from the rows.
    public func predict(columns: [[Double]]) -> [Int]? {
        let rows = columns.first?.count ?? 0, p = columns.count, k = centers.rows
        precondition(p == centers.columns, "one column per feature")
        guard rows > 0 else { return [] }
        let pieces = Parallel.ranges(rows / 4, pieces: Parallel.pieces, minimum: ColumnScores.blockRows / 4).map { (4 * $0.lowerBound)..<(4 * $0.upperBound) }
        var checks = [Double](repeating: 0, count: pieces.count + 1)
        let labels = [Int](unsafeUninitializedCapacity: rows) { out, initialized in
            let labels = SharedBuffer(base: out.baseAddress!)
            checks.withUnsafeMutableBufferPointer { cb in
                let checked = SharedBuffer(base: cb.baseAddress!)
                centers.storage.withUnsafeBufferPointer { cs in
                    ColumnScores.withBases(columns) { bases in
                        Parallel.forEach(pieces.count) { piece in
                            var check = SIMD4<Double>()
                            for i in stride(from: pieces[piece].lowerBound, to: pieces[piece].upperBound, by: 4) {
                                let (label, nearest) = Self.nearestOfFour(bases, at: i, centres: cs.baseAddress!, k: k, p: p)
                                for lane in 0..<4 { labels[i &+ lane] = Int(label[lane]) }
                                check += nearest - nearest
                            }
                            checked[piece] = check.sum()
                        }
                        // The last rows (fewer than four) through the same kernel, in lanes padded with zeros.
                        let tail = pieces.last?.upperBound ?? 0
                        if tail < rows {
                            let padded = (0..<p).map { j in (0..<4).map { tail + $0 < rows ? bases[j][tail + $0] : 0 } }
                            let (label, nearest) = ColumnScores.withBases(padded) { Self.nearestOfFour($0, at: 0, centres: cs.baseAddress!, k: k, p: p) }
                            var check = 0.0
                            for lane in 0..<(rows - tail) {
                                labels[tail + lane] = Int(label[lane])
                                check += nearest[lane] - nearest[lane]
                            }
                            checked[pieces.count] = check
                        }
                    }
                }
            }
            initialized = rows
        }
        return checks.allSatisfy { $0 == 0 } ? labels : nil
    }

    /// The nearest centre of rows i..<i+4 and its squared distance, each row in one lane.
    @inline(__always)
    static func nearestOfFour(_ bases: [UnsafePointer<Double>], at i: Int, centres: UnsafePointer<Double>, k: Int, p: Int)
        -> (SIMD4<Int64>, SIMD4<Double>) {
        var label = SIMD4<Int64>(), nearest = SIMD4<Double>(repeating: .infinity)
        let whole = p & ~3
        for c in 0..<k {
            let centre = centres + c &* p
            var s0 = SIMD4<Double>(), s1 = s0, s2 = s0, s3 = s0
            var j = 0
            while j < whole {
                let d0 = Self.four(bases[j], i) - SIMD4(repeating: centre[j])
                let d1 = Self.four(bases[j &+ 1], i) - SIMD4(repeating: centre[j &+ 1])
                let d2 = Self.four(bases[j &+ 2], i) - SIMD4(repeating: centre[j &+ 2])
                let d3 = Self.four(bases[j &+ 3], i) - SIMD4(repeating: centre[j &+ 3])
                s0 += d0 * d0
                s1 += d1 * d1
                s2 += d2 * d2
                s3 += d3 * d3
                j &+= 4
            }
            var s = (s0 + s2) + (s1 + s3)
            while j < p {
                let t = Self.four(bases[j], i) - SIMD4(repeating: centre[j])
                s += t * t
                j &+= 1
            }
            let closer = s .< nearest
            nearest.replace(with: s, where: closer)
            label.replace(with: SIMD4(repeating: Int64(c)), where: closer)
        }
        return (label, nearest)
    }

    @inline(__always)
    private static func four(_ column: UnsafePointer<Double>, _ i: Int) -> SIMD4<Double> {
        UnsafeRawPointer(column + i).loadUnaligned(as: SIMD4<Double>.self)
    }

    /// The nearest centre of every row (the first on an exact tie).
    public func predict(_ x: Matrix) -> [Int] {
        guard x.rows > 0 else { return [] }
        return [Int](unsafeUninitializedCapacity: x.rows) { out, initialized in
            let labels = SharedBuffer(base: out.baseAddress!)
            ColumnScores.blocks(x.rows) { range in
                for r in range {
                    var best = 0, bestDistance = Double.infinity
                    for c in 0..<centers.rows {
                        let s = Lloyd.distance(x, r, centers, c)
                        if s < bestDistance { best = c; bestDistance = s }
                    }
                    labels[r] = best
                }
            }
            initialized = x.rows
        }
    }
}
