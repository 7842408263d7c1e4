import LabData
import CHints

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
                            hint: "k can be at most \(x.rows), the number of rows; e.g. k=\(min(8, x.rows))")
        }
        guard x.columns > 0 else { throw DataError("no features to cluster", hint: "name numeric columns with features=") }
        let tol = tolerance * meanVariance(x)
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
                        let s = LloydHamerly.distance(x, r, centers, c)
                        if s < bestDistance { best = c; bestDistance = s }
                    }
                    labels[r] = best
                }
            }
            initialized = x.rows
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
    /// Per cluster, the sum of its rows and how many there are.
    var sums: [Double]
    var counts: [Double]
    /// ||x||² per row: scan scores plus this are squared distances.
    let norms: [Double]

    init(_ x: Matrix, centers: Matrix) {
        self.x = x
        self.centers = centers
        n = x.rows; d = x.columns; k = centers.rows
        labels = [Int](repeating: -1, count: n)
        upper = [Double](repeating: .infinity, count: n)
        lower = [Double](repeating: 0, count: n)
        sums = [Double](repeating: 0, count: k * d)
        counts = [Double](repeating: 0, count: k)
        let d = x.columns, pieces = Parallel.ranges(x.rows, pieces: Parallel.pieces, minimum: 8192)
        norms = [Double](unsafeUninitializedCapacity: x.rows) { out, initialized in
            let shared = SharedBuffer(base: out.baseAddress!)
            x.storage.withUnsafeBufferPointer { xs in
                Parallel.forEach(pieces.count) { p in
                    for i in pieces[p] {
                        let row = xs.baseAddress! + i &* d
                        var s = 0.0
                        for j in 0..<d { s += row[j] * row[j] }
                        shared[i] = s
                    }
                }
            }
            initialized = x.rows
        }
    }

    mutating func run(maxIterations: Int, tolerance: Double) throws -> KMeans {
        var iterations = 0, strict = false
        var shifts = [Double](repeating: 0, count: k)
        for iteration in 0..<maxIterations {
            try Cancellation.check()
            iterations = iteration + 1
            let moves = assign(after: shifts)
            let old = centers
            // Late iterations move few rows: their cluster sums follow the moves, re-added from
            // scratch every 16 iterations (and whenever many rows moved) so rounding cannot drift.
            if moves.count * 4 > n || iteration % 16 == 0 { recount() } else { follow(moves) }
            update()
            if moves.isEmpty { strict = true; break }
            shifts = (0..<k).map { c in squaredDistance(old, c, centers, c).squareRoot() }
            if shifts.reduce(0, { $0 + $1 * $1 }) <= tolerance { break }
        }
        // As scikit-learn: unless the labels settled, label the rows once more with the final centres.
        if !strict { _ = assign(after: shifts) }
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

    /// The E-step: every row to its nearest centre. `shifts`: how far each centre moved since the
    /// bounds were set; a row's upper bound loosens by its own centre's move, its lower bound by
    /// the largest other move. Returns the rows that changed cluster, with their former cluster.
    mutating func assign(after shifts: [Double]) -> [(row: Int32, from: Int32)] {
        var largest = 0, secondShift = 0.0
        for c in 0..<k where shifts[c] > shifts[largest] { largest = c }
        for c in 0..<k where c != largest { secondShift = max(secondShift, shifts[c]) }
        let largestShift = shifts[largest]
        // Half the distance from each centre to its nearest other centre: a row closer than that stays.
        var half = [Double](repeating: .infinity, count: k)
        for a in 0..<k { for b in 0..<k where a != b { half[a] = min(half[a], squaredDistance(centers, a, centers, b).squareRoot() / 2) } }
        let chunks = Parallel.ranges(n, pieces: Parallel.pieces, minimum: 4096)
        var movedIn = [[(row: Int32, from: Int32)]](repeating: [], count: chunks.count)
        let x = self.x, centers = self.centers, d = self.d, norms = self.norms
        let scan = CentreScan(centers)
        labels.withUnsafeMutableBufferPointer { lb in
            upper.withUnsafeMutableBufferPointer { ub in
                lower.withUnsafeMutableBufferPointer { lob in
                    movedIn.withUnsafeMutableBufferPointer { mb in
                        let labels = SharedBuffer(base: lb.baseAddress!), upper = SharedBuffer(base: ub.baseAddress!)
                        let lower = SharedBuffer(base: lob.baseAddress!), moved = SharedBuffer(base: mb.baseAddress!)
                        x.storage.withUnsafeBufferPointer { xs in
                        centers.storage.withUnsafeBufferPointer { cs in
                        Parallel.forEach(chunks.count) { c in
                            var rows: [(row: Int32, from: Int32)] = []
                            defer { moved[c] = rows }
                            // In blocks and in stages, each a loop without data-dependent branches:
                            // loosen every bound and list the rows whose bounds fail; re-measure those
                            // rows' distance to their centre and list the ones still failing; scan those.
                            // A branch per row mispredicts, and each miss stalls the loads of the rows
                            // after it; staged, the loads of a block's rows overlap.
                            let block = 256
                            let listed = UnsafeMutablePointer<Int>.allocate(capacity: block)
                            let bounds = UnsafeMutablePointer<Double>.allocate(capacity: block)
                            let scanned = UnsafeMutablePointer<Int>.allocate(capacity: block)
                            defer { listed.deallocate(); bounds.deallocate(); scanned.deallocate() }
                            var start = chunks[c].lowerBound
                            while start < chunks[c].upperBound {
                                let end = min(start + block, chunks[c].upperBound)
                                var failing = 0, toScan = 0
                                for i in start..<end {
                                    let a = labels[i]
                                    if a < 0 { scanned[toScan] = i; toScan &+= 1; continue }
                                    let up = upper[i] + shifts[a]
                                    let low = lower[i] - (a == largest ? secondShift : largestShift)
                                    upper[i] = up
                                    lower[i] = low
                                    let bound = max(half[a], low)
                                    listed[failing] = i
                                    bounds[failing] = bound
                                    failing &+= up > bound ? 1 : 0
                                }
                                // Those rows are scattered over the matrix: each is asked for a few rows before it is read.
                                let ahead = 8
                                for t in 0..<min(ahead, failing) { Self.prefetchRow(xs.baseAddress! + listed[t] &* d, d) }
                                for t in 0..<failing {
                                    if t &+ ahead < failing { Self.prefetchRow(xs.baseAddress! + listed[t &+ ahead] &* d, d) }
                                    let i = listed[t]
                                    let exact = squaredEuclidean(xs.baseAddress! + i &* d, cs.baseAddress! + labels[i] &* d, d).squareRoot()
                                    upper[i] = exact
                                    scanned[toScan] = i
                                    toScan &+= exact > bounds[t] ? 1 : 0
                                }
                                for t in 0..<toScan {
                                    let i = scanned[t], a = labels[i]
                                    let (nearest, first, second) = scan.nearestTwo(xs.baseAddress! + i &* d)
                                    if nearest != a {
                                        labels[i] = nearest
                                        rows.append((Int32(i), Int32(a)))
                                    }
                                    // Both bounds from the scan's scores, widened by their rounding.
                                    let norm = norms[i], slack = scan.rounding * (norm + 2 * scan.largestNorm)
                                    upper[i] = (norm + first + slack).squareRoot()
                                    lower[i] = max(0, norm + second - slack).squareRoot()
                                }
                                start = end
                            }
                        }
                        }
                        }
                    }
                }
            }
        }
        return movedIn.flatMap { $0 }
    }

    /// Asks for the cache lines of a row of `d` doubles.
    @inline(__always)
    static func prefetchRow(_ row: UnsafePointer<Double>, _ d: Int) {
        var offset = 0
        while offset < d &* 8 { opslab_prefetch(UnsafeRawPointer(row) + offset); offset &+= 64 }
    }

    /// Every cluster's sum of rows and count, added from scratch: per-chunk sums on both cores,
    /// added in chunk order (the same result however the chunks are scheduled).
    mutating func recount() {
        sums = [Double](repeating: 0, count: k * d)
        counts = [Double](repeating: 0, count: k)
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
    }

    /// The cluster sums after the given rows changed cluster.
    mutating func follow(_ moves: [(row: Int32, from: Int32)]) {
        let d = self.d
        x.storage.withUnsafeBufferPointer { xs in
            sums.withUnsafeMutableBufferPointer { sb in
                for (row, from) in moves {
                    let r = xs.baseAddress! + Int(row) * d, to = labels[Int(row)]
                    let out = sb.baseAddress! + Int(from) * d, into = sb.baseAddress! + to * d
                    for j in 0..<d { out[j] -= r[j]; into[j] += r[j] }
                    counts[Int(from)] -= 1
                    counts[to] += 1
                }
            }
        }
    }

    /// The M-step: centres to the means of their rows; an empty cluster takes the row farthest
    /// from its (old) centre, as scikit-learn relocates it.
    mutating func update() {
        // Relocation changes centres only, not labels: it works on a copy of the sums.
        var sums = self.sums, counts = self.counts
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
}
