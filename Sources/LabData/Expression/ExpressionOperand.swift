/// An intermediate result while evaluating an expression: either a whole column's
/// worth of values, or one constant standing for every row (broadcast lazily, so
/// `age > 30` never materialises a column of 30s).
enum Operand {
    case numbers(NumericVector)
    case strings(StringVector)
    /// A constant of a numeric type (booleans are 0/1 with type `.boolean`).
    case number(Double, ColumnType)
    case string(String)
    /// The missing value; `nil` type for the bare `missing` literal (fits anything).
    case missing(ColumnType?)

    /// Integers are exact in a Double up to 2^53; beyond that a value is treated as a float.
    static let exactIntegerLimit = 9_007_199_254_740_992.0

    static func constant(_ value: Value) -> Operand {
        switch value {
        case .number(let v):
            let integral = v == v.rounded(.towardZero) && Swift.abs(v) <= exactIntegerLimit
            return .number(v, integral ? .integer : .float)
        case .string(let s): return .string(s)
        case .bool(let b): return .number(b ? 1 : 0, .boolean)
        case .missing: return .missing(nil)
        }
    }

    init(_ column: Column) {
        switch column.data {
        case .numbers(let values, let missing):
            self = .numbers(NumericVector(values: values, missing: missing, type: column.type))
        case .strings(let codes, let levels):
            self = .strings(StringVector(codes: codes, levels: levels))
        }
    }

    /// The value type, or nil for the untyped `missing` literal.
    var type: ColumnType? {
        switch self {
        case .numbers(let v): return v.type
        case .strings, .string: return .string
        case .number(_, let t): return t
        case .missing(let t): return t
        }
    }

    /// How the operand's type is named in error messages.
    var typeName: String { type?.rawValue ?? "missing" }

    var isVector: Bool {
        switch self {
        case .numbers, .strings: return true
        default: return false
        }
    }

    var isMissingConstant: Bool {
        if case .missing = self { return true }
        return false
    }

    var isBooleanLike: Bool { type == nil || type == .boolean }

    /// The per-row missing mask (nil when nothing is missing or the operand is a non-missing constant).
    var missingMask: Bitmap? {
        switch self {
        case .numbers(let v): return v.missing
        case .strings(let s): return s.missingMask
        default: return nil
        }
    }

    /// The numbers behind a numeric operand (nil for strings and missing constants).
    var numericSide: NumericSide? {
        switch self {
        case .numbers(let v): return .vector(v.values)
        case .number(let x, _): return .constant(x)
        default: return nil
        }
    }

    /// Whether row `row` is missing (constants: the same answer for every row).
    func isMissing(at row: Int) -> Bool {
        switch self {
        case .numbers(let v): return v.missing?[row] ?? false
        case .strings(let s): return s.codes[row] < 0
        case .missing: return true
        default: return false
        }
    }

    /// The numeric value at `row` (for error messages and guards; 0 for non-numeric operands).
    func number(at row: Int) -> Double {
        switch self {
        case .numbers(let v): return v.values[row]
        case .number(let x, _): return x
        default: return 0
        }
    }

    /// An all-missing result of `type`, shaped like the vector operands among `inputs`.
    static func allMissing(_ type: ColumnType?, like inputs: [Operand], rowCount: Int) -> Operand {
        guard inputs.contains(where: \.isVector), let type else { return .missing(type) }
        if type == .string {
            return .strings(StringVector(codes: [Int32](repeating: -1, count: rowCount), levels: []))
        }
        return .numbers(NumericVector(
            values: [Double](repeating: 0, count: rowCount),
            missing: Bitmap(count: rowCount, value: true),
            type: type))
    }

    /// Builds a numeric result: a vector if any input was one, otherwise a constant.
    static func numeric(_ values: [Double], missing: Bitmap?, type: ColumnType, vector: Bool) -> Operand {
        vector ? .numbers(NumericVector(values: values, missing: missing, type: type)) : .number(values[0], type)
    }
}

struct NumericVector {
    var values: [Double]
    /// nil when no value is missing. Values at missing rows are meaningless (they may
    /// even be NaN); every consumer looks at the mask first.
    var missing: Bitmap?
    var type: ColumnType
}

struct StringVector {
    /// -1 marks a missing row.
    var codes: [Int32]
    var levels: [String]

    var missingMask: Bitmap? {
        var mask: Bitmap?
        codes.withUnsafeBufferPointer { cs in
            for i in 0..<cs.count where cs[i] < 0 {
                if mask == nil { mask = Bitmap(count: cs.count) }
                mask![i] = true
            }
        }
        return mask
    }
}

/// One side of a numeric kernel: a column's values or a constant.
enum NumericSide {
    case vector([Double])
    case constant(Double)

    func value(at row: Int) -> Double {
        switch self {
        case .vector(let v): return v[row]
        case .constant(let x): return x
        }
    }
}
