import CHints
import CKernels
import LabData

/// Lloyd's iterations of k-means. Each assignment step measures every row against every centre
/// by the scores ||c||² − 2·x·c, as scikit-learn does, but over a float copy of the rows
/// (`FloatRows`: scaled by a power of two so the largest magnitude is near 1): half the bytes to
/// read per step, and eight rows a vector. Everything else stays in doubles: the centres are the
/// means of the rows themselves, the inertia sums their exact squared distances. A float score
/// can rank two centres the other way only when their distances differ by about 1e-7 of the
/// squared norms, where either is as near.
struct Lloyd {
    let x: Matrix
    /// The rows as the assignment kernel reads them.
    let single: FloatRows
    var centers: Matrix
    let n: Int, d: Int, k: Int
    /// Each row's centre (-1 before the first step).
    var labels: [Int32]
    /// Per cluster, the sum of its rows and how many there are.
    var sums: [Double]
    var counts: [Double]
    /// What the last assignment step moved: per chunk of rows, from the chunk's first slot on,
    /// the rows that changed centre and their former centres, and how many.
    private var movedRows: [Int32]
    private var movedFrom: [Int32]
    private var movedCounts: [Int]
    private let chunks: [Range<Int>]

    init(_ x: Matrix, _ single: FloatRows, centers: Matrix) {
        self.x = x
        self.single = single
        self.centers = centers
        n = x.rows; d = x.columns; k = centers.rows
        labels = [Int32](repeating: -1, count: n)
        movedRows = [Int32](repeating: 0, count: n)
        movedFrom = [Int32](repeating: 0, count: n)
        sums = [Double](repeating: 0, count: k * d)
        counts = [Double](repeating: 0, count: k)
        chunks = FloatRows.chunks(n, minimum: 4096)
        movedCounts = [Int](repeating: 0, count: chunks.count)
    }

    mutating func run(maxIterations: Int, tolerance: Double) throws -> KMeans {
        var iterations = 0, strict = false
        for iteration in 0..<maxIterations {
            try Cancellation.check()
            iterations = iteration + 1
            let moved = assign()
            let old = centers
            // Late iterations move few rows: their cluster sums follow the moves, re-added from
            // scratch every 16 iterations (and whenever many rows moved) so rounding cannot drift.
            if moved * 4 > n || iteration % 16 == 0 { recount() } else { follow() }
            update()
            if moved == 0 { strict = true; break }
            var shift = 0.0
            for c in 0..<k { shift += Self.distance(old, c, centers, c) }
            if shift <= tolerance { break }
        }
        // As scikit-learn: unless the labels settled, label the rows once more with the final centres.
        if !strict { _ = assign() }
        var sizes = [Int](repeating: 0, count: k)
        for label in labels { sizes[Int(label)] += 1 }
        return KMeans(centers: centers, inertia: inertia(), iterations: iterations, clusterSizes: sizes)
    }

    /// Squared distance of row i of `a` to row j of `b`.
    @inline(__always)
    static func distance(_ a: Matrix, _ i: Int, _ b: Matrix, _ j: Int) -> Double {
        let d = a.columns
        return a.storage.withUnsafeBufferPointer { xs in
            b.storage.withUnsafeBufferPointer { cs in squaredEuclidean(xs.baseAddress! + i &* d, cs.baseAddress! + j &* d, d) }
        }
    }

    /// The sum of the rows' squared distances to their centres: per-chunk sums on both cores,
    /// added in chunk order.
    private func inertia() -> Double {
        var partial = [Double](repeating: 0, count: chunks.count)
        let x = x, centers = centers, chunks = chunks
        partial.withUnsafeMutableBufferPointer { pb in
            let out = SharedBuffer(base: pb.baseAddress!)
            labels.withUnsafeBufferPointer { ls in
                Parallel.forEach(chunks.count) { c in
                    var s = 0.0
                    for i in chunks[c] { s += Self.distance(x, i, centers, Int(ls[i])) }
                    out[c] = s
                }
            }
        }
        return partial.reduce(0, +)
    }

    /// The E-step: every row to its nearest centre, both cores. Returns how many rows changed cluster.
    mutating func assign() -> Int {
        let centres = FloatCentres(centers, scale: single.scale)
        let chunks = chunks, d = d
        var moved = [Int](repeating: 0, count: chunks.count)
        single.values.withUnsafeBufferPointer { xs in
            centres.transposed.withUnsafeBufferPointer { tb in
                centres.norms.withUnsafeBufferPointer { nb in
                    labels.withUnsafeMutableBufferPointer { lb in
                        movedRows.withUnsafeMutableBufferPointer { rb in
                            movedFrom.withUnsafeMutableBufferPointer { fb in
                                moved.withUnsafeMutableBufferPointer { mb in
                                    let labels = SharedBuffer(base: lb.baseAddress!), rows = SharedBuffer(base: rb.baseAddress!)
                                    let from = SharedBuffer(base: fb.baseAddress!), counts = SharedBuffer(base: mb.baseAddress!)
                                    Parallel.forEach(chunks.count) { c in
                                        let start = chunks[c].lowerBound
                                        counts[c] = opslab_nearest_centres(xs.baseAddress! + start &* d, chunks[c].count, d, tb.baseAddress!, nb.baseAddress!,
                                                                           centres.groups, labels.base + start, start, rows.base + start, from.base + start,
                                                                           VectorUnits.wide)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        movedCounts = moved
        return moved.reduce(0, +)
    }

    /// Every cluster's sum of rows and count, added from scratch.
    mutating func recount() {
        sums = [Double](repeating: 0, count: k * d)
        counts = [Double](repeating: 0, count: k)
        // The closure reads copies (no array is copied: they are shared) while the sums change.
        let d = d, width = d + 1, chunks = chunks, x = x, labels = labels
        addPerChunk { c, table in
            x.storage.withUnsafeBufferPointer { xs in
                labels.withUnsafeBufferPointer { ls in
                    for i in chunks[c] {
                        let row = xs.baseAddress! + i &* d, sum = table + Int(ls[i]) &* width
                        for j in 0..<d { sum[j] += row[j] }
                        sum[d] += 1
                    }
                }
            }
        }
    }

    /// The cluster sums after the last assignment step's moves: the rows that left and joined
    /// each cluster (scattered rows, each asked for a few moves ahead).
    mutating func follow() {
        let d = d, width = d + 1, chunks = chunks, movedCounts = movedCounts, x = x, labels = labels
        let movedRows = movedRows, movedFrom = movedFrom
        addPerChunk { c, table in
            x.storage.withUnsafeBufferPointer { xs in
                labels.withUnsafeBufferPointer { ls in
                    movedRows.withUnsafeBufferPointer { rows in
                        movedFrom.withUnsafeBufferPointer { from in
                            let start = chunks[c].lowerBound, count = movedCounts[c]
                            for t in 0..<count {
                                if t &+ 8 < count { opslab_prefetch(xs.baseAddress! + Int(rows[start &+ t &+ 8]) &* d) }
                                let i = Int(rows[start &+ t]), row = xs.baseAddress! + i &* d
                                let out = table + Int(from[start &+ t]) &* width, into = table + Int(ls[i]) &* width
                                for j in 0..<d { out[j] -= row[j]; into[j] += row[j] }
                                out[d] -= 1
                                into[d] += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs body(chunk, its table) for every chunk of rows on both cores, each into a zeroed table
    /// of its own (per cluster: d sums, then a count), then adds the tables to `sums` and `counts`
    /// in chunk order: the same result however the chunks are scheduled.
    private mutating func addPerChunk(_ body: (Int, UnsafeMutablePointer<Double>) -> Void) {
        let width = d + 1, size = k * width
        var partial = [Double](repeating: 0, count: chunks.count * size)
        partial.withUnsafeMutableBufferPointer { pb in
            let out = SharedBuffer(base: pb.baseAddress!)
            Parallel.forEach(chunks.count) { c in body(c, out.base + c &* size) }
        }
        for c in 0..<chunks.count {
            for cluster in 0..<k {
                let base = c * size + cluster * width
                for j in 0..<d { sums[cluster * d + j] += partial[base + j] }
                counts[cluster] += partial[base + d]
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
            let distances: [(Double, Int)] = (0..<n).map { (Self.distance(x, $0, centers, Int(labels[$0])), $0) }
            let far = distances.sorted { a, b in a.0 > b.0 || (a.0 == b.0 && a.1 < b.1) }
            for (slot, c) in empty.enumerated() {
                let i = far[slot].1, old = Int(labels[i])
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
