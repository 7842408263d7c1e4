import LabData

/// Centers and scales a numeric column like scikit-learn's StandardScaler (population
/// standard deviation), MinMaxScaler or RobustScaler (median and interquartile range).
/// Missing values are ignored when fitting and stay missing.
public struct Scaler: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Codable, CaseIterable { case standard, minmax, robust }

    public let column: String
    public let method: Method
    public let center: Double
    public let scale: Double

    public static func fit(_ column: Column, method: Method, rows: TrainingRows) throws -> Scaler {
        guard column.type.isArithmetic else {
            throw DataError("cannot scale \(column.type.rawValue) column '\(column.name)'",
                            hint: column.type == .string ? "encode it first (encode \(column.name))" : "scale numeric columns only")
        }
        var values = rows.values(of: column)
        guard !values.isEmpty else {
            throw DataError("column '\(column.name)' has no values\(rows.isSplit ? " in the training rows" : "") to scale",
                            hint: "impute or drop it first")
        }
        let center: Double, scale: Double
        switch method {
        case .standard:
            center = Summation.mean(values)
            for i in values.indices { values[i] = (values[i] - center) * (values[i] - center) }
            scale = (Summation.sum(values) / Double(values.count)).squareRoot()
        case .minmax:
            center = values.min()!
            scale = values.max()! - center
        case .robust:
            center = Selection.median(&values)
            scale = Selection.quantile(&values, 0.75) - Selection.quantile(&values, 0.25)
        }
        if scale == 0 {
            let what = method == .robust ? "its interquartile range is 0" : "every value is \(NumberText.short(center))"
            throw DataError("column '\(column.name)' is constant\(rows.isSplit ? " in the training rows" : "") (\(what)); scaling it would divide by zero",
                            hint: "a constant column carries no information: drop \(column.name)")
        }
        return Scaler(column: column.name, method: method, center: center, scale: scale)
    }

    public func apply(to frame: Frame) throws -> Frame {
        let source = try frame.column(column)
        guard case .numbers(let v, let missing) = source.data, source.type.isArithmetic else {
            throw DataError("column '\(column)' is not numeric in frame '\(frame.name)'", hint: "the scaler was fitted on a numeric column")
        }
        var out = [Double](repeating: 0, count: v.count)
        let c = center, s = scale
        v.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count { dst[i] = (src[i] - c) / s }
            }
        }
        if let missing { for r in missing.setIndices { out[r] = 0 } }
        return try frame.setting(Column(name: column, type: .float, values: out, missing: missing))
    }
}

/// Short numbers for messages.
enum NumberText {
    static func short(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
