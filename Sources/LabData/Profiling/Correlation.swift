import Dispatch

public enum CorrelationMethod: String, Sendable, CaseIterable {
    case pearson, spearman
}

/// A correlation matrix as pandas' DataFrame.corr computes it: each pair of columns uses
/// the rows where both hold a finite value (pairwise complete observations); spearman is
/// pearson on average ranks, ranked again within each pair's common rows. A pair with no
/// common rows, or constant on them, has no correlation (NaN), as in pandas.
public struct CorrelationMatrix: Sendable, Equatable {
    public let method: CorrelationMethod
    public let names: [String]
    /// Row-major, names.count × names.count.
    public let values: [Double]
    /// How many rows each pair had in common, same layout.
    public let pairCounts: [Int]

    public subscript(i: Int, j: Int) -> Double { values[i * names.count + j] }

    public init(_ columns: [Column], method: CorrelationMethod) throws {
        if let bad = columns.first(where: { !$0.type.isArithmetic }) {
            throw DataError("column '\(bad.name)' is \(bad.type.rawValue); correlation needs numeric columns (integer, float, boolean)",
                            hint: "leave it out of cols=, or compare categories with `describe`")
        }
        guard columns.count >= 2 else {
            throw DataError("correlation needs at least 2 numeric columns, got \(columns.count)"
                            + (columns.first.map { " ('\($0.name)')" } ?? ""),
                            hint: "derive or load more numeric columns; `columns` lists the types")
        }
        let inputs = try Self.prepare(columns, method: method)
        let k = columns.count
        var values = [Double](repeating: .nan, count: k * k)
        var counts = [Int](repeating: 0, count: k * k)
        var pairs: [(Int, Int)] = []
        for i in 0..<k {
            counts[i * k + i] = inputs[i].count
            if !inputs[i].constant { values[i * k + i] = 1 }
            for j in 0..<i { pairs.append((i, j)) }
        }
        let results = try method == .pearson ? PairSums.pearson(inputs, pairs: pairs)
                                             : Ranking.spearman(inputs, pairs: pairs)
        for (p, (i, j)) in pairs.enumerated() {
            (values[i * k + j], values[j * k + i]) = (results[p].r, results[p].r)
            (counts[i * k + j], counts[j * k + i]) = (results[p].n, results[p].n)
        }
        self.method = method
        names = columns.map(\.name)
        self.values = values
        pairCounts = counts
    }

    /// Columns prepared one per core at a time.
    private static func prepare(_ columns: [Column], method: CorrelationMethod) throws -> [CorrelationInput] {
        let box = Slots<CorrelationInput>(count: columns.count)
        DispatchQueue.concurrentPerform(iterations: columns.count) { i in
            box.results[i] = Result { try CorrelationInput(columns[i], ranked: method == .spearman) }
        }
        return try box.values()
    }
}

/// Results written by parallel workers, each into its own slot.
final class Slots<T>: @unchecked Sendable {
    var results: [Result<T, Error>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func values() throws -> [T] { try results.map { try $0!.get() } }
}
