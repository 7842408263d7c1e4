/// Order statistics without a full sort: Hoare's selection, O(n) on average. A median of a
/// million values takes a few milliseconds this way instead of a sort's hundred.
public enum Selection {
    /// Rearranges `values` so that values[k] is the k-th smallest (0-based), smaller ones before it.
    public static func select(_ values: inout [Double], _ k: Int) {
        values.withUnsafeMutableBufferPointer { v in
            var lo = 0, hi = v.count - 1
            while hi > lo {
                // Median of three as the pivot guards against sorted input.
                let mid = lo + (hi - lo) / 2
                if v[mid] < v[lo] { v.swapAt(mid, lo) }
                if v[hi] < v[lo] { v.swapAt(hi, lo) }
                if v[hi] < v[mid] { v.swapAt(hi, mid) }
                let pivot = v[mid]
                var i = lo, j = hi
                while i <= j {
                    while v[i] < pivot { i += 1 }
                    while v[j] > pivot { j -= 1 }
                    if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { return }
            }
        }
    }

    /// numpy's linear-interpolation quantile of unsorted values (the array is reordered).
    public static func quantile(_ values: inout [Double], _ q: Double) -> Double {
        let position = q * Double(values.count - 1)
        let lo = Int(position.rounded(.down))
        select(&values, lo)
        let low = values[lo]
        let fraction = position - Double(lo)
        if fraction == 0 || lo + 1 >= values.count { return low }
        // The next order statistic is the smallest of the part above lo.
        var high = values[lo + 1]
        for i in (lo + 1)..<values.count where values[i] < high { high = values[i] }
        return low + (high - low) * fraction
    }

    public static func median(_ values: inout [Double]) -> Double { quantile(&values, 0.5) }
}
