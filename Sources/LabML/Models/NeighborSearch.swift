import CKernels

/// Exact k nearest neighbours (euclidean) by brute force, fast enough for 10,000 queries
/// over 100,000 rows in well under a second on two cores.
///
/// Ranking a query's neighbours needs only ||x||²/2 − q·x (||q||² is common to all rows):
/// a dot product, computed for blocks of 4 queries × 8 rows in SIMD registers. The build
/// targets baseline x86-64 (SSE2), where the fastest multiply-add is the 16-bit integer
/// one (pmaddwd: 8 products per instruction, against 4 for single precision; 16 in the
/// AVX2 kernel used where the machine has it), so the centred data are first scaled to
/// integers of at most L (L chosen so that no 32-bit sum can overflow). That only screens: with scale s, a pair's screened score is off by at
/// most E = (Σ|x_j| + Σ|q_j|/2)/s + 3d/8 + 1 integer units, so every true neighbour scores
/// within 2E of the k-th best screened score. Those few candidates are then measured in
/// double precision and the k nearest taken by exact distance (ties by row order). A query
/// whose candidates pile up (data the integer scale cannot resolve) is measured exactly
/// against every row instead.
struct NeighborSearch {
    let training: Matrix

    init(_ training: Matrix) { self.training = training }

    /// Candidates beyond this many make a query fall back to an exact scan.
    static let candidateLimit = 4096

    /// The k nearest training rows of every query (row-major m × k) and their distances.
    /// `wide`: screen in AVX2 (the machine must have it); the results are the same without.
    func nearest(_ queries: Matrix, k: Int, wide: Bool = VectorUnits.wide != 0) -> (indices: [Int32], distances: [Double]) {
        let m = queries.rows
        var indices = [Int32](repeating: 0, count: m * k)
        var distances = [Double](repeating: 0, count: m * k)
        guard m > 0, k > 0 else { return (indices, distances) }
        let scaled = ScaledRows(training, queries)
        let groups = (m + 3) / 4
        let pieces = Parallel.ranges(groups, pieces: 4 * Parallel.pieces, minimum: 4)
        indices.withUnsafeMutableBufferPointer { ib in
            distances.withUnsafeMutableBufferPointer { db in
                let outIndex = SharedBuffer(base: ib.baseAddress!), outDistance = SharedBuffer(base: db.baseAddress!)
                Parallel.forEach(pieces.count) { piece in
                    let first = pieces[piece].lowerBound * 4, last = min(m, pieces[piece].upperBound * 4)
                    var lists = scaled.screen(queries, groups: pieces[piece], k: k, wide: wide)
                    for q in first..<last {
                        let best = lists[q - first].exactNearest(queries, q, training, k: k)
                        for (r, pair) in best.enumerated() {
                            outIndex[q * k + r] = pair.1
                            outDistance[q * k + r] = pair.0.squareRoot()
                        }
                    }
                }
            }
        }
        return (indices, distances)
    }
}

/// Training rows centred, scaled to 16-bit integers and laid out in panels of 8 rows.
private struct ScaledRows {
    let rows: Int, features: Int
    /// Feature pairs (pmaddwd multiplies and adds two features at once); an odd count gets a zero partner.
    let pairs: Int
    let mean: [Double]
    let scale: Double
    let panelCount: Int
    /// Panel p, pair t: rows 0–3 then rows 4–7, each row's two features side by side (16 values).
    let panels: [Int16]
    /// round(||x||² / 2) in integer units per row; Int32.max for padding lanes, so they never qualify.
    let halfNorms: [Int32]
    /// The largest Σ_j |x_j| over rows (real units), for the screening error bound.
    let largestAbsSum: Double
    /// Nothing to scale (every value equal): every pair scores the same; screening cannot help.
    let exactOnly: Bool

    init(_ x: Matrix, _ queries: Matrix) {
        rows = x.rows
        features = x.columns
        pairs = (features + 1) / 2
        mean = x.columnMeans()
        var biggest = 0.0
        for i in 0..<x.rows { for j in 0..<features { biggest = max(biggest, abs(x[i, j] - mean[j])) } }
        for i in 0..<queries.rows { for j in 0..<features { biggest = max(biggest, abs(queries[i, j] - mean[j])) } }
        // Largest integer magnitude: sums of d products of two such values (plus the half norm) stay below 2³¹.
        let limit = min(16_000.0, (2_147_483_647.0 / (1.5 * Double(max(pairs * 2, 1)))).squareRoot().rounded(.down) * 0.95)
        exactOnly = !(biggest > 0) || !biggest.isFinite || features == 0
        scale = exactOnly ? 1 : biggest / limit
        panelCount = (rows + 7) / 8
        var panels = [Int16](repeating: 0, count: max(1, panelCount * pairs * 16))
        var norms = [Int32](repeating: .max, count: max(1, panelCount * 8))
        var absSum = 0.0
        if !exactOnly {
            for i in 0..<rows {
                var norm: Int64 = 0, sum = 0.0
                let panel = i / 8, lane = i % 8
                for j in 0..<features {
                    let centred = x[i, j] - mean[j]
                    sum += abs(centred)
                    let v = Int16((centred / scale).rounded())
                    norm += Int64(v) * Int64(v)
                    panels[(panel * pairs + j / 2) * 16 + (lane / 4) * 8 + (lane % 4) * 2 + j % 2] = v
                }
                norms[i] = Int32((norm + 1) / 2)
                absSum = max(absSum, sum)
            }
        }
        self.panels = panels
        halfNorms = norms
        largestAbsSum = absSum
    }

    /// Integer screening of query groups (4 queries each) against every row, tile by tile for the cache.
    func screen(_ queries: Matrix, groups: Range<Int>, k: Int, wide: Bool) -> [CandidateList] {
        let m = queries.rows, first = groups.lowerBound * 4, count = groups.count * 4
        if exactOnly { return (first..<min(m, first + count)).map { _ in CandidateList(k: k, margin: 0, exact: true) } }
        // Each query's feature pair broadcast to the 4 row slots of a vector.
        var broadcast = [Int16](repeating: 0, count: count * pairs * 8)
        var lists: [CandidateList] = []
        for slot in 0..<count {
            let q = min(first + slot, m - 1)
            var absSum = 0.0
            for j in 0..<features {
                let centred = queries[q, j] - mean[j]
                absSum += abs(centred)
                let v = Int16((centred / scale).rounded())
                for lane in 0..<4 { broadcast[((slot / 4) * pairs + j / 2) * 32 + (slot % 4) * 8 + lane * 2 + j % 2] = v }
            }
            let bound = (largestAbsSum + absSum / 2) / scale + 3 * Double(features) / 8 + 1
            lists.append(CandidateList(k: k, margin: Int64((2 * bound * 1.01).rounded(.up)) + 2, exact: false))
        }
        let tile = 512
        panels.withUnsafeBufferPointer { pb in
            halfNorms.withUnsafeBufferPointer { nb in
                broadcast.withUnsafeBufferPointer { qb in
                    lists.withUnsafeMutableBufferPointer { lb in
                        var start = 0
                        while start < panelCount {
                            let end = min(panelCount, start + tile)
                            for g in 0..<groups.count {
                                let (q, p, n, l) = (qb.baseAddress! + g * pairs * 32, pb.baseAddress!, nb.baseAddress!, lb.baseAddress! + g * 4)
                                if wide { Self.wideBlock(q, p, n, pairs, start..<end, l) } else { Self.block(q, p, n, pairs, start..<end, l) }
                            }
                            start = end
                        }
                    }
                }
            }
        }
        return Array(lists.prefix(min(count, m - first)))
    }

    /// pmaddwd: each 32-bit lane gets a[2i]·b[2i] + a[2i+1]·b[2i+1].
    @inline(__always)
    private static func multiplyAdd(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
        let p = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return p.evenHalf &+ p.oddHalf
    }

    /// `block` in AVX2 (`opslab_knn_screen`: twice the rows per instruction), the same integer
    /// scores; the panels with a hit come back one at a time to be offered here.
    @inline(__always)
    private static func wideBlock(_ q: UnsafePointer<Int16>, _ panels: UnsafePointer<Int16>, _ norms: UnsafePointer<Int32>, _ pairs: Int,
                                  _ range: Range<Int>, _ lists: UnsafeMutablePointer<CandidateList>) {
        // A query's feature pair is the first 32-bit word of its 16-byte broadcast slot.
        let words = UnsafeRawPointer(q).assumingMemoryBound(to: Int32.self)
        var thresholds = (lists[0].threshold, lists[1].threshold, lists[2].threshold, lists[3].threshold)
        var scores = [Int32](repeating: 0, count: 32)
        var panel = range.lowerBound
        while panel < range.upperBound {
            let hit = withUnsafePointer(to: &thresholds) { t in
                t.withMemoryRebound(to: Int32.self, capacity: 4) { t in
                    scores.withUnsafeMutableBufferPointer { s in
                        opslab_knn_screen(panels, norms, words, 16, pairs, panel, range.upperBound, t, s.baseAddress!)
                    }
                }
            }
            guard hit >= 0, hit < range.upperBound else { return }
            let base = Int32(truncatingIfNeeded: hit &* 8)
            scores.withUnsafeBufferPointer { s in
                let r = UnsafeRawPointer(s.baseAddress!)
                for k in 0..<4 {
                    lists[k].offer(r.loadUnaligned(fromByteOffset: 32 * k, as: SIMD4<Int32>.self),
                                   r.loadUnaligned(fromByteOffset: 32 * k + 16, as: SIMD4<Int32>.self), base)
                }
            }
            thresholds = (lists[0].threshold, lists[1].threshold, lists[2].threshold, lists[3].threshold)
            panel = hit + 1
        }
    }

    /// 4 queries × the panels of one tile: 8 running scores in registers per panel, one compare
    /// against the four thresholds, and the rare hits handed to the candidate lists.
    @inline(__always)
    private static func block(_ q: UnsafePointer<Int16>, _ panels: UnsafePointer<Int16>, _ norms: UnsafePointer<Int32>, _ pairs: Int,
                              _ range: Range<Int>, _ lists: UnsafeMutablePointer<CandidateList>) {
        var t0 = SIMD4<Int32>(repeating: lists[0].threshold), t1 = SIMD4<Int32>(repeating: lists[1].threshold)
        var t2 = SIMD4<Int32>(repeating: lists[2].threshold), t3 = SIMD4<Int32>(repeating: lists[3].threshold)
        let qr = UnsafeRawPointer(q)
        for panel in range {
            let nr = UnsafeRawPointer(norms + panel &* 8)
            let n0 = nr.loadUnaligned(as: SIMD4<Int32>.self), n1 = nr.loadUnaligned(fromByteOffset: 16, as: SIMD4<Int32>.self)
            var a00 = n0, a01 = n1, a10 = n0, a11 = n1, a20 = n0, a21 = n1, a30 = n0, a31 = n1
            var pr = UnsafeRawPointer(panels + panel &* pairs &* 16)
            var br = qr
            for _ in 0..<pairs {
                let x0 = pr.loadUnaligned(as: SIMD8<Int16>.self), x1 = pr.loadUnaligned(fromByteOffset: 16, as: SIMD8<Int16>.self)
                let b0 = br.loadUnaligned(as: SIMD8<Int16>.self)
                a00 &-= multiplyAdd(b0, x0); a01 &-= multiplyAdd(b0, x1)
                let b1 = br.loadUnaligned(fromByteOffset: 16, as: SIMD8<Int16>.self)
                a10 &-= multiplyAdd(b1, x0); a11 &-= multiplyAdd(b1, x1)
                let b2 = br.loadUnaligned(fromByteOffset: 32, as: SIMD8<Int16>.self)
                a20 &-= multiplyAdd(b2, x0); a21 &-= multiplyAdd(b2, x1)
                let b3 = br.loadUnaligned(fromByteOffset: 48, as: SIMD8<Int16>.self)
                a30 &-= multiplyAdd(b3, x0); a31 &-= multiplyAdd(b3, x1)
                pr += 32
                br += 64
            }
            let hit = (a00 .< t0) .| (a01 .< t0) .| (a10 .< t1) .| (a11 .< t1) .| (a20 .< t2) .| (a21 .< t2) .| (a30 .< t3) .| (a31 .< t3)
            if any(hit) {
                let base = Int32(truncatingIfNeeded: panel &* 8)
                lists[0].offer(a00, a01, base); lists[1].offer(a10, a11, base)
                lists[2].offer(a20, a21, base); lists[3].offer(a30, a31, base)
                t0 = SIMD4(repeating: lists[0].threshold); t1 = SIMD4(repeating: lists[1].threshold)
                t2 = SIMD4(repeating: lists[2].threshold); t3 = SIMD4(repeating: lists[3].threshold)
            }
        }
    }
}

/// One query's screened candidates: every row whose screened score is within `margin` of
/// the k-th best seen so far.
struct CandidateList {
    var scores: [Int32] = []
    var rows: [Int32] = []
    /// Rows scoring at or above this cannot be among the k nearest.
    var threshold = Int32.max
    let margin: Int64
    let k: Int
    var capacity: Int
    /// Too many near-equal candidates (or nothing to screen): measure every row exactly.
    var exact: Bool

    init(k: Int, margin: Int64, exact: Bool) {
        self.k = k
        self.margin = margin
        self.exact = exact
        capacity = max(64, 4 * k)
        if exact { threshold = .min }
    }

    @inline(__always)
    mutating func offer(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>, _ base: Int32) {
        for t in 0..<4 where a[t] < threshold { scores.append(a[t]); rows.append(base + Int32(t)) }
        for t in 0..<4 where b[t] < threshold { scores.append(b[t]); rows.append(base + Int32(t + 4)) }
        if scores.count >= capacity { compact() }
    }

    /// Drops candidates beyond the k-th best score + margin; grows when near-ties keep many.
    mutating func compact() {
        guard scores.count > k else { return }
        var sorted = scores
        sorted.sort()
        threshold = Int32(clamping: min(Int64(threshold), Int64(sorted[k - 1]) + margin))
        var kept = 0
        for i in scores.indices where scores[i] <= threshold {
            scores[kept] = scores[i]; rows[kept] = rows[i]; kept += 1
        }
        scores.removeLast(scores.count - kept)
        rows.removeLast(rows.count - kept)
        capacity = max(capacity, 2 * kept + 16)
        if kept > NeighborSearch.candidateLimit {
            exact = true
            threshold = .min
            scores = []; rows = []
        }
    }

    /// The k nearest candidates by exact squared distance in double (ties by row): (squared distance, row).
    mutating func exactNearest(_ queries: Matrix, _ q: Int, _ x: Matrix, k: Int) -> [(Double, Int32)] {
        if !exact { compact() }
        let candidates = exact ? (0..<x.rows).map(Int32.init) : rows
        var scored: [(Double, Int32)] = []
        scored.reserveCapacity(candidates.count)
        queries.storage.withUnsafeBufferPointer { qs in
            x.storage.withUnsafeBufferPointer { xs in
                let d = x.columns, query = qs.baseAddress! + q * d
                for r in candidates where Int(r) < x.rows {
                    scored.append((squaredEuclidean(query, xs.baseAddress! + Int(r) * d, d), r))
                }
            }
        }
        scored.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return Array(scored.prefix(k))
    }
}
