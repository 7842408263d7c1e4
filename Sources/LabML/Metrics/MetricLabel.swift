import LabData

/// A class label the metrics accept: whole numbers, numbers holding whole values, or text.
/// The requirements carry a `label` prefix because they land on Int, Double and String.
public protocol MetricLabel: Hashable, Sendable, CustomStringConvertible {
    /// scikit-learn's order of labels (np.unique): numbers by value, text by Unicode code point.
    static func labelPrecedes(_ a: Self, _ b: Self) -> Bool
    /// scikit-learn's default `pos_label=1`, where the type can hold it (text cannot).
    static var labelOne: Self? { get }
    /// The label as a number, for the {0, 1} and {-1, 1} checks scikit-learn makes when no
    /// positive label is given; nil for text.
    var labelNumber: Double? { get }
    /// The distinct labels of all `arrays`, sorted, and each array as indices into them. A
    /// requirement rather than a generic helper so that the pass over millions of rows runs
    /// in code specialised for the concrete type. `names` name the arrays in error messages.
    static func labelCodes(_ arrays: [[Self]], names: [String]) throws -> LabelCodes<Self>
}

/// Labels replaced by their index in the sorted list of distinct labels.
public struct LabelCodes<Label: MetricLabel>: Sendable, Equatable {
    /// Distinct labels in scikit-learn's order.
    public let classes: [Label]
    /// One array per input array: `classes[codes[a][i]]` is `arrays[a][i]`.
    public let codes: [[Int32]]
}

extension Int: MetricLabel {
    public static func labelPrecedes(_ a: Int, _ b: Int) -> Bool { a < b }
    public static var labelOne: Int? { 1 }
    public var labelNumber: Double? { Double(self) }
    public static func labelCodes(_ arrays: [[Int]], names: [String]) throws -> LabelCodes<Int> {
        LabelCoding.integers(arrays)
    }
}

extension Double: MetricLabel {
    public static func labelPrecedes(_ a: Double, _ b: Double) -> Bool { a < b }
    public static var labelOne: Double? { 1 }
    public var labelNumber: Double? { self }
    /// Numbers must hold whole values: scikit-learn calls anything else "continuous" and refuses
    /// it, which catches scores or probabilities passed where predicted labels belong.
    public static func labelCodes(_ arrays: [[Double]], names: [String]) throws -> LabelCodes<Double> {
        var whole: [[Int]] = []
        for (a, values) in arrays.enumerated() {
            let name = a < names.count ? names[a] : "labels"
            var ints = [Int](repeating: 0, count: values.count)
            for (i, x) in values.enumerated() {
                if x.isNaN {
                    throw DataError("\(name) contains NaN (row \(i))",
                                    hint: "a class label cannot be missing: drop or impute those rows first")
                }
                guard x == x.rounded(), abs(x) < 0x1p53 else {
                    throw DataError("\(name) holds continuous values (\(x) at row \(i)), not class labels",
                                    hint: "classification metrics compare labels; for scores or probabilities use ROC AUC, average precision or log loss, or threshold them into labels first")
                }
                ints[i] = Int(x)
            }
            whole.append(ints)
        }
        let coded = LabelCoding.integers(whole)
        return LabelCodes(classes: coded.classes.map(Double.init), codes: coded.codes)
    }
}

extension String: MetricLabel {
    /// By code point, as numpy orders its unicode arrays (not by Swift's locale-free `<`,
    /// which compares canonically normalised text).
    public static func labelPrecedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
    public static var labelOne: String? { nil }
    public var labelNumber: Double? { nil }
    public static func labelCodes(_ arrays: [[String]], names: [String]) throws -> LabelCodes<String> {
        LabelCoding.hashed(arrays)
    }
}
