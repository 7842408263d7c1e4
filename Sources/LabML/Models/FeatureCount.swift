import LabData

/// scikit-learn's max_features: how many features a forest's tree tries at each split.
/// A written fraction ("0.5", "1.0") is a share of the features, a plain integer ("3") a count,
/// exactly as scikit-learn tells a float from an int.
public enum FeatureCount: Sendable, Equatable, Codable {
    case sqrt, log2, all
    case fraction(Double)
    case count(Int)

    public init?(_ text: String) {
        switch text.lowercased() {
        case "sqrt": self = .sqrt
        case "log2": self = .log2
        case "none": self = .all
        default:
            if let n = Int(text) {
                guard n >= 1 else { return nil }
                self = .count(n)
            } else if let f = Double(text), f > 0, f <= 1 {
                self = .fraction(f)
            } else {
                return nil
            }
        }
    }

    /// The number of features out of `total`, at least one, as scikit-learn rounds it (down).
    public func resolve(_ total: Int) throws -> Int {
        switch self {
        case .sqrt: return max(1, Int(Double(total).squareRoot()))
        // floor(log2(total)) from the bit length: exact, where a floating log2 can round below a power of two.
        case .log2: return max(1, Int.bitWidth - total.leadingZeroBitCount - 1)
        case .all: return total
        case .fraction(let f): return max(1, Int(f * Double(total)))
        case .count(let n):
            guard n <= total else {
                throw DataError("max_features=\(n) is more than the \(total) features", hint: "use at most \(total), or a fraction such as 0.5")
            }
            return n
        }
    }
}
