import LabData

/// Replaces a numeric column by its bin number (0, 1, ...), like scikit-learn's
/// KBinsDiscretizer with encode="ordinal": equal-width bins, or quantile bins with its
/// default averaged-inverted-CDF quantiles (bins narrower than 1e-8 are merged away).
public struct Binner: Sendable, Equatable, Codable {
    public enum Strategy: String, Sendable, Codable, CaseIterable { case uniform, quantile }

    public let column: String
    public let strategy: Strategy
    public let edges: [Double]

    public static func fit(_ column: Column, bins: Int, strategy: Strategy, rows: TrainingRows) throws -> Binner {
        guard column.type.isArithmetic else {
            throw DataError("cannot bin \(column.type.rawValue) column '\(column.name)'", hint: "bin numeric columns")
        }
        var values = rows.values(of: column)
        guard !values.isEmpty else { throw DataError("column '\(column.name)' has no values to bin", hint: "impute or drop it first") }
        values.sort()
        let lo = values.first!, hi = values.last!
        guard hi > lo else {
            throw DataError("column '\(column.name)' is constant (every value is \(NumberText.short(lo))); it cannot be split into bins",
                            hint: "drop \(column.name)")
        }
        var edges: [Double]
        switch strategy {
        case .uniform:
            // As numpy's linspace computes them: k * step + start, the last edge exactly the maximum.
            let step = (hi - lo) / Double(bins)
            edges = (0...bins).map { Double($0) * step + lo }
            edges[bins] = hi
        case .quantile:
            let step = 100 / Double(bins)
            edges = (0...bins).map { Quantiles.averagedInvertedCDF(values, Double($0) * step / 100) }
            var kept = [edges[0]]
            for e in edges.dropFirst() where e - kept.last! > 1e-8 { kept.append(e) }
            edges = kept
        }
        return Binner(column: column.name, strategy: strategy, edges: edges)
    }

    public func apply(to frame: Frame) throws -> Frame {
        let source = try frame.column(column)
        guard case .numbers(let v, let missing) = source.data else {
            throw DataError("column '\(column)' is not numeric in frame '\(frame.name)'")
        }
        let inner = Array(edges.dropFirst().dropLast())
        let last = Double(edges.count - 2)
        let out = v.map { x -> Double in
            // Bin = how many inner edges are <= x (numpy searchsorted, side="right"), clipped to the last bin.
            var lo = 0, hi = inner.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if inner[mid] <= x { lo = mid + 1 } else { hi = mid }
            }
            return min(Double(lo), last)
        }
        return try frame.setting(Column(name: column, type: .integer, values: out, missing: missing))
    }
}
