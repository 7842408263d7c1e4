#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// pandas' `cut(x, bins=N)` for counting a column of numbers in bands: N intervals of equal width
/// over the values' range, closed on the right, the first widened below by 0.1% of the range so
/// that the smallest value falls in it (a single value: the range is widened by 0.1% of it each way).
extension ValueGroups {
    public static func binned(_ column: Column, bins: Int) throws -> ValueGroups {
        guard case .numbers(let values, let missing) = column.data, column.type == .integer || column.type == .float else {
            throw DataError("bins= needs a column of numbers; '\(column.name)' is \(column.type.rawValue)",
                            hint: "count its values as they are: leave out bins=")
        }
        let present = values.indices.filter { missing?[$0] != true }
        guard bins >= 1, let lo = present.lazy.map({ values[$0] }).min(), let hi = present.lazy.map({ values[$0] }).max() else {
            throw DataError("'\(column.name)' has no values to put in bins", hint: "every row is missing")
        }
        guard lo.isFinite, hi.isFinite else {
            throw DataError("'\(column.name)' holds \(lo.isFinite ? hi : lo), which no band of equal width can hold", hint: "filter it out first, e.g. filter abs(\(column.name)) < 1e300")
        }
        let edges = cutEdges(lo: lo, hi: hi, bins: bins)
        var counts = [Int](repeating: 0, count: bins)
        let codes = values.indices.map { row -> Int32 in
            guard missing?[row] != true else { return -1 }
            // The interval (edges[b], edges[b + 1]] holding the value, as numpy's searchsorted finds it.
            var low = 0, high = bins
            while low < high {
                let mid = (low + high) / 2
                if edges[mid + 1] < values[row] { low = mid + 1 } else { high = mid }
            }
            counts[low] += 1
            return Int32(low)
        }
        return ValueGroups(labels: intervalLabels(edges), counts: counts, values: nil, codes: codes)
    }

    /// numpy's linspace(lo, hi, bins + 1) (i · step + lo, the last exactly hi), the first edge
    /// lowered as pandas lowers it.
    static func cutEdges(lo: Double, hi: Double, bins: Int) -> [Double] {
        var (start, stop) = (lo, hi)
        if lo == hi {
            let widen = lo == 0 ? 0.001 : 0.001 * Swift.abs(lo)
            (start, stop) = (lo - widen, hi + widen)
        }
        let step = (stop - start) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + start }
        edges[bins] = stop
        if lo != hi { edges[0] -= (hi - lo) * 0.001 }
        return edges
    }

    /// "(a, b]" with the edges rounded as pandas rounds them: 3 significant digits after the
    /// point (more for a fraction below 1), more while two labels would read the same.
    static func intervalLabels(_ edges: [Double]) -> [String] {
        for precision in 3...17 {
            let rounded = edges.map { roundedFraction($0, precision) }
            if Set(rounded).count == edges.count || precision == 17 {
                return (0..<(edges.count - 1)).map { "(\(rounded[$0]), \(rounded[$0 + 1])]" }
            }
        }
        return []
    }

    /// pandas' _round_frac: `precision` digits after the point, counted from the first
    /// significant digit when the whole part is 0.
    private static func roundedFraction(_ x: Double, _ precision: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let whole = x.rounded(.towardZero), fraction = x - whole
        let digits = whole == 0 ? -Int((Swift.abs(fraction)).log10Floor) - 1 + precision : precision
        let scale = Double.pow10(digits)
        // numpy's around: half to even.
        return (x * scale).rounded(.toNearestOrEven) / scale
    }
}

private extension Double {
    var log10Floor: Double { log10(self).rounded(.down) }

    static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<Swift.abs(n) { result *= 10 }
        return n >= 0 ? result : 1 / result
    }
}
