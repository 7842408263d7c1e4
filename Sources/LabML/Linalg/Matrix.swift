/// A dense row-major matrix of Doubles: the feature matrices models train on.
public struct Matrix: Sendable, Equatable, Codable {
    public let rows: Int
    public let columns: Int
    public var storage: [Double]

    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, storage: [Double](repeating: value, count: rows * columns))
    }

    @inline(__always)
    public subscript(r: Int, c: Int) -> Double {
        get { storage[r * columns + c] }
        set { storage[r * columns + c] = newValue }
    }

    public func row(_ r: Int) -> ArraySlice<Double> { storage[(r * columns)..<((r + 1) * columns)] }

    /// The rows at `indices`, in that order.
    public func gathering(_ indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: row(r)) }
        return Matrix(rows: indices.count, columns: columns, storage: out)
    }

    /// The columns minus their `means`, column-major: one feature's centred values in a row, as
    /// coordinate descent and Householder QR read them.
    public func centredColumns(_ means: [Double]) -> [Double] {
        transposed { c, value in value - means[c] }
    }

    /// The values column-major: one feature's values in a row.
    public func columnMajor() -> [Double] { transposed { _, value in value } }

    @inline(__always)
    private func transposed(_ transform: (Int, Double) -> Double) -> [Double] {
        let m = rows, p = columns
        return [Double](unsafeUninitializedCapacity: m * p) { out, initialized in
            storage.withUnsafeBufferPointer { s in
                // A block of rows at a time, so each column's writes stay sequential.
                for start in stride(from: 0, to: m, by: 512) {
                    let end = Swift.min(m, start + 512)
                    for c in 0..<p {
                        let column = c &* m
                        for r in start..<end { out[column &+ r] = transform(c, s[r &* p &+ c]) }
                    }
                }
            }
            initialized = m * p
        }
    }

    /// Column means.
    public func columnMeans() -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        storage.withUnsafeBufferPointer { s in
            for r in 0..<rows {
                let base = r * columns
                for c in 0..<columns { sums[c] += s[base + c] }
            }
        }
        return sums.map { $0 / Double(max(rows, 1)) }
    }
}
