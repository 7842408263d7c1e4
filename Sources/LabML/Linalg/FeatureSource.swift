import LabData
import CHints

/// Training features as the fits that read them in bulk read them (ridge, PCA and lasso:
/// blocks of rows minus a centre, column by column, through `CentredGram`; least squares the
/// same through its tall-skinny QR; lasso on many features whole centred columns; naive Bayes
/// columns with the rows grouped by class): a row-major matrix, or a frame's columns at the
/// training rows, which spares building the matrix. Both give the same numbers in the same
/// order, so a fit is the same to the bit from either.
protocol FeatureSource {
    var rows: Int { get }
    var columns: Int { get }
    /// Each column's mean, summed in row order.
    func columnMeans() -> [Double]
    /// Rows `range` minus `means`, column after column into `out` (columns × range.count).
    func centredBlock(_ range: Range<Int>, means: [Double], into out: UnsafeMutablePointer<Double>)
    /// Every column minus its mean, column after column (columns × rows).
    func centredColumns(_ means: [Double]) -> [Double]
    /// The same, with each centred column's sum of squares (as `LinearSolve.dot` sums it).
    func centredColumnsAndNorms(_ means: [Double]) -> (columns: [Double], norms: [Double])
    /// Every column with its rows in `order` (order[i]: the row at position i), column after column.
    func columns(inOrder order: [Int]) -> [Double]
}

extension FeatureSource {
    func centredColumnsAndNorms(_ means: [Double]) -> (columns: [Double], norms: [Double]) {
        let columns = centredColumns(means)
        let norms = columns.withUnsafeBufferPointer { LinearSolve.columnDots($0.baseAddress!, count: self.columns, rows: rows, with: nil) }
        return (columns, norms)
    }
}

extension Matrix: FeatureSource {
    func centredBlock(_ range: Range<Int>, means: [Double], into out: UnsafeMutablePointer<Double>) {
        let n = columns, count = range.count
        storage.withUnsafeBufferPointer { xs in
            for r in 0..<count {
                let from = (range.lowerBound &+ r) &* n
                for j in 0..<n { out[j &* count &+ r] = xs[from &+ j] - means[j] }
            }
        }
    }

    func columns(inOrder order: [Int]) -> [Double] {
        let n = order.count, p = columns
        return [Double](unsafeUninitializedCapacity: n * p) { out, initialized in
            storage.withUnsafeBufferPointer { xs in
                for (i, r) in order.enumerated() { for f in 0..<p { out[f &* n &+ i] = xs[r &* p &+ f] } }
            }
            initialized = n * p
        }
    }
}

/// Numeric columns of a frame read at the training rows.
struct ColumnsAtRows: FeatureSource {
    let sources: [[Double]]
    let indices: [Int]
    /// Whether the rows are in increasing order: then a stretch whose last row is as far from its
    /// first as its length says is a run of consecutive rows, read without the index.
    private let increasing: Bool
    private let means: [Double]?
    var rows: Int { indices.count }
    var columns: Int { sources.count }

    /// The features' columns at `rows`, or nil when one is not numbers, has a missing value there
    /// or is not finite there (the matrix build then names the first such feature).
    /// Fits that read the rows once anyway and notice what is not finite (`CentredGram`) skip
    /// the finiteness pass with `checkingFinite: false`.
    init?(_ frame: Frame, features: [String], rows: [Int], checkingFinite: Bool = true) {
        var sources: [[Double]] = []
        for name in features {
            guard case .numbers(let v, let missing)? = try? frame.column(name).data else { return nil }
            if let missing, rows.contains(where: { missing[$0] }) { return nil }
            sources.append(v)
        }
        self.sources = sources
        indices = rows
        increasing = zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 }
        if !checkingFinite {
            means = nil
            return
        }
        let (sums, finite) = Self.sumsAndFiniteness(sources, rows)
        if !finite { return nil }
        means = sums.map { $0 / Double(max(rows.count, 1)) }
    }

    /// One pass per column, the columns on both cores: its sum in row order (the sum a
    /// row-major matrix's columnMeans adds), and whether every value is finite (x - x is 0
    /// for a finite x and NaN otherwise).
    private static func sumsAndFiniteness(_ sources: [[Double]], _ rows: [Int]) -> (sums: [Double], finite: Bool) {
        var sums = [Double](repeating: 0, count: sources.count), finite = sums
        sums.withUnsafeMutableBufferPointer { sb in
            finite.withUnsafeMutableBufferPointer { fb in
                let sumOut = SharedBuffer(base: sb.baseAddress!), finiteOut = SharedBuffer(base: fb.baseAddress!)
                rows.withUnsafeBufferPointer { rs in
                    Parallel.forEach(sources.count, eachReading: rows.count) { c in
                        sources[c].withUnsafeBufferPointer { v in
                            var sum = 0.0, check = 0.0
                            for i in rs { sum += v[i]; check += v[i] - v[i] }
                            sumOut[c] = sum
                            finiteOut[c] = check
                        }
                    }
                }
            }
        }
        return (sums, !finite.contains(where: { $0 != 0 }))
    }

    func columnMeans() -> [Double] {
        means ?? Self.sumsAndFiniteness(sources, indices).sums.map { $0 / Double(max(indices.count, 1)) }
    }

    func centredColumns(_ means: [Double]) -> [Double] {
        let m = rows, p = columns
        return [Double](unsafeUninitializedCapacity: m * p) { out, initialized in
            adviseHugePages(out)
            let shared = SharedBuffer(base: out.baseAddress!)
            indices.withUnsafeBufferPointer { rs in
                Parallel.forEach(p, eachReading: m) { c in
                    let mean = means[c], column = shared.base + c &* m
                    sources[c].withUnsafeBufferPointer { v in
                        for r in 0..<m { column[r] = v[rs[r]] - mean }
                    }
                }
            }
            initialized = m * p
        }
    }

    /// One pass per column: each value is gathered, centred, stored and squared into the running
    /// sums `LinearSolve.dot` uses (so the norms are the bits a dot product of the column gives).
    func centredColumnsAndNorms(_ means: [Double]) -> (columns: [Double], norms: [Double]) {
        let m = rows, p = columns
        var norms = [Double](repeating: 0, count: p)
        let centred = [Double](unsafeUninitializedCapacity: m * p) { out, initialized in
            adviseHugePages(out)
            let shared = SharedBuffer(base: out.baseAddress!)
            norms.withUnsafeMutableBufferPointer { nb in
                let normsOut = SharedBuffer(base: nb.baseAddress!)
                indices.withUnsafeBufferPointer { rs in
                    Parallel.forEach(p, eachReading: m) { c in
                        let mean = means[c], column = shared.base + c &* m
                        var sums = LinearSolve.RunningSums()
                        sources[c].withUnsafeBufferPointer { v in
                            var r = 0
                            while r &+ 4 <= m {
                                let x = SIMD2(v[rs[r]], v[rs[r &+ 1]]) - mean, y = SIMD2(v[rs[r &+ 2]], v[rs[r &+ 3]]) - mean
                                column[r] = x[0]; column[r &+ 1] = x[1]; column[r &+ 2] = y[0]; column[r &+ 3] = y[1]
                                sums.add(x * x, y * y)
                                r &+= 4
                            }
                            while r < m {
                                let x = v[rs[r]] - mean
                                column[r] = x
                                sums.addTail(x * x)
                                r &+= 1
                            }
                        }
                        normsOut[c] = sums.total
                    }
                }
            }
            initialized = m * p
        }
        return (centred, norms)
    }

    func centredBlock(_ range: Range<Int>, means: [Double], into out: UnsafeMutablePointer<Double>) {
        let count = range.count
        indices.withUnsafeBufferPointer { rs in
            let at = rs.baseAddress! + range.lowerBound
            let consecutive = increasing && count > 0 && at[count &- 1] &- at[0] == count &- 1
            for (j, v) in sources.enumerated() {
                let mean = means[j], column = out + j &* count
                v.withUnsafeBufferPointer { values in
                    if consecutive {
                        let run = values.baseAddress! + at[0]
                        for r in 0..<count { column[r] = run[r] - mean }
                        // The next block's rows of this column are asked for now, to arrive while this block's
                        // products are computed (twenty columns read at once are more streams than the hardware
                        // prefetcher follows).
                        let ahead = Swift.min(count, values.count &- (at[0] &+ count))
                        var offset = 0
                        while offset < ahead &* 8 { opslab_prefetch(UnsafeRawPointer(run + count) + offset); offset &+= 64 }
                    } else {
                        for r in 0..<count { column[r] = values[at[r]] - mean }
                    }
                }
            }
        }
    }

    func columns(inOrder order: [Int]) -> [Double] {
        let m = order.count, p = columns
        return [Double](unsafeUninitializedCapacity: m * p) { out, initialized in
            adviseHugePages(out)
            let shared = SharedBuffer(base: out.baseAddress!)
            indices.withUnsafeBufferPointer { rs in
                order.withUnsafeBufferPointer { os in
                    Parallel.forEach(p, eachReading: m) { c in
                        let column = shared.base + c &* m
                        sources[c].withUnsafeBufferPointer { v in
                            for i in 0..<m { column[i] = v[rs[os[i]]] }
                        }
                    }
                }
            }
            initialized = m * p
        }
    }
}
