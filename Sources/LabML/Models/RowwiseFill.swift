extension Matrix {
    /// A rows × columns matrix whose rows are written by `body(range, storage)`: each call fills
    /// the rows in `range` (row r at storage + r·columns) and nothing else. Large inputs are cut
    /// into ranges spread over the cores, each handed over in stretches of at most `block` rows
    /// when given (for work that keeps a block's scratch in cache); the values never depend on the cut.
    static func filledByRows(_ rows: Int, columns: Int, minimum: Int = 8192, block: Int? = nil,
                             _ body: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> Matrix {
        let storage = [Double](unsafeUninitializedCapacity: rows * columns) { out, initialized in
            if let base = out.baseAddress {
                let shared = SharedBuffer(base: base)
                let pieces = Parallel.ranges(rows, pieces: Parallel.pieces, minimum: minimum)
                Parallel.forEach(pieces.count) { piece in
                    let range = pieces[piece], step = block ?? range.count
                    for start in stride(from: range.lowerBound, to: range.upperBound, by: step) {
                        body(start..<min(range.upperBound, start + step), shared.base)
                    }
                }
            }
            initialized = rows * columns
        }
        return Matrix(rows: rows, columns: columns, storage: storage)
    }

    /// Column c's values, top to bottom.
    public func column(_ c: Int) -> [Double] {
        precondition(c >= 0 && c < columns)
        return [Double](unsafeUninitializedCapacity: rows) { out, initialized in
            storage.withUnsafeBufferPointer { s in
                for r in 0..<rows { out[r] = s[r &* columns &+ c] }
            }
            initialized = rows
        }
    }

    /// One array per row: the shape of scikit-learn's 2-D arguments, which the metric functions take.
    public var rowArrays: [[Double]] { (0..<rows).map { Array(row($0)) } }

    /// Each row's column of the largest value; the first wins an exact tie, as numpy's argmax.
    public func argmaxPerRow() -> [Int] {
        guard columns > 0 else { return [Int](repeating: 0, count: rows) }
        return [Int](unsafeUninitializedCapacity: rows) { out, initialized in
            storage.withUnsafeBufferPointer { s in
                for r in 0..<rows {
                    let row = r &* columns
                    var best = 0
                    for c in 1..<columns where s[row &+ c] > s[row &+ best] { best = c }
                    out[r] = best
                }
            }
            initialized = rows
        }
    }
}
