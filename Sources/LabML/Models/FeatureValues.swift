/// Features as boosting's binner reads them, without a copy: a row-major matrix's columns, or a
/// frame's columns (each the whole column, read at the training rows), some of the rows and
/// features picked and ordered. A fit holds out validation rows and puts its categorical
/// features first by picking, where a copy of 800,000 rows × 20 features is 128 MB to fault in.
struct FeatureValues {
    private enum Storage {
        case matrix(Matrix)
        case columns([[Double]])
    }

    private let storage: Storage
    /// The matrix column or frame column of each feature.
    private let sources: [Int]
    /// The matrix or frame row at each place, or nil for all rows in order.
    let rows: [Int]?
    let rowCount: Int

    var featureCount: Int { sources.count }

    /// Every row and feature of `x`.
    init(_ x: Matrix) {
        self.init(storage: .matrix(x), sources: Array(0..<x.columns), rows: nil, rowCount: x.rows)
    }

    /// Columns of equal length (NaN for a missing value) read at `rows`.
    init(columns: [[Double]], rows: [Int]) {
        precondition(columns.dropFirst().allSatisfy { $0.count == columns[0].count })
        self.init(storage: .columns(columns), sources: Array(columns.indices), rows: rows, rowCount: rows.count)
    }

    private init(storage: Storage, sources: [Int], rows: [Int]?, rowCount: Int) {
        self.storage = storage
        self.sources = sources
        self.rows = rows
        self.rowCount = rowCount
    }

    /// The rows at `places` (places of this selection), in that order.
    func selecting(rows places: [Int]) -> FeatureValues {
        FeatureValues(storage: storage, sources: sources, rows: rows.map { r in places.map { r[$0] } } ?? places, rowCount: places.count)
    }

    /// The features at `places`, in that order.
    func selecting(features places: [Int]) -> FeatureValues {
        FeatureValues(storage: storage, sources: places.map { sources[$0] }, rows: rows, rowCount: rowCount)
    }

    /// The value of feature f at place k.
    subscript(k: Int, f: Int) -> Double {
        let r = rows?[k] ?? k
        switch storage {
        case .matrix(let x): return x.storage[r * x.columns + sources[f]]
        case .columns(let columns): return columns[sources[f]][r]
        }
    }

    /// Calls `body` with each feature's first value and the distance between rows: feature f's
    /// value at row r is bases[f][r · stride].
    func withBases<R>(_ body: (_ bases: [UnsafePointer<Double>], _ stride: Int) -> R) -> R {
        switch storage {
        case .matrix(let x):
            // An empty matrix's bases are never read (there are no rows).
            return x.storage.withUnsafeBufferPointer { xs in body(sources.map { (xs.baseAddress ?? UnsafePointer(bitPattern: 8)!) + $0 }, x.columns) }
        case .columns(let columns):
            return Self.withBases(of: sources.map { columns[$0] }[...], []) { body($0, 1) }
        }
    }

    private static func withBases<R>(of columns: ArraySlice<[Double]>, _ found: [UnsafePointer<Double>],
                                     _ body: ([UnsafePointer<Double>]) -> R) -> R {
        guard let first = columns.first else { return body(found) }
        return first.withUnsafeBufferPointer { withBases(of: columns.dropFirst(), found + [$0.baseAddress ?? UnsafePointer(bitPattern: 8)!], body) }
    }
}
