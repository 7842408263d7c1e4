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

    /// Every row minus `values` (column by column): how features are centred on their means.
    public func subtractingFromRows(_ values: [Double]) -> Matrix {
        var out = self
        let p = columns
        out.storage.withUnsafeMutableBufferPointer { s in
            values.withUnsafeBufferPointer { v in
                var i = 0
                for _ in 0..<rows {
                    for c in 0..<p { s[i &+ c] -= v[c] }
                    i &+= p
                }
            }
        }
        return out
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
