#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// Natural logarithm of (x + offset), for skewed positive columns such as prices.
public struct LogTransform: Sendable, Equatable, Codable {
    public let column: String
    public let offset: Double

    public static func check(_ column: Column, offset: Double) throws -> LogTransform {
        guard column.type.isArithmetic, case .numbers(let v, let missing) = column.data else {
            throw DataError("cannot take the log of \(column.type.rawValue) column '\(column.name)'", hint: "log numeric columns")
        }
        let present = { (r: Int) in !(missing?[r] ?? false) }
        if let bad = v.indices.first(where: { present($0) && v[$0] + offset <= 0 }) {
            // The smallest value moved to 1 at least, the offset rounded up to 4 digits so that it still does.
            let smallest = v.indices.filter(present).map { v[$0] }.min()!
            throw DataError("column '\(column.name)' has \(Self.fourDigits(v[bad], .toNearestOrAwayFromZero)) in row \(bad + 1); the log of a value <= 0 is undefined",
                            hint: "shift the values: log \(column.name) offset=\(Self.fourDigits(max(1, 1 - smallest), .up))")
        }
        return LogTransform(column: column.name, offset: offset)
    }

    /// x to 4 significant digits, rounded as told: short enough to read and to type.
    static func fourDigits(_ x: Double, _ rule: FloatingPointRoundingRule) -> String {
        guard x.isFinite, x != 0 else { return NumberText.short(x) }
        let scale = pow(10, 3 - floor(log10(abs(x))))
        return NumberText.short((x * scale).rounded(rule) / scale)
    }

    public func apply(to frame: Frame) throws -> Frame {
        let source = try frame.column(column)
        _ = try Self.check(source, offset: offset)
        guard case .numbers(let v, let missing) = source.data else { return frame }
        let out = v.enumerated().map { (missing?[$0.offset] ?? false) ? 0 : log($0.element + offset) }
        return try frame.setting(Column(name: column, type: .float, values: out, missing: missing))
    }
}

/// Clamps values into [low, high] (either bound may be open).
public struct Clipper: Sendable, Equatable, Codable {
    public let column: String
    public let low: Double?
    public let high: Double?

    public init(column: String, low: Double?, high: Double?) {
        self.column = column
        self.low = low
        self.high = high
    }

    public func apply(to frame: Frame) throws -> Frame {
        let source = try frame.column(column)
        guard source.type.isArithmetic, case .numbers(let v, let missing) = source.data else {
            throw DataError("cannot clip \(source.type.rawValue) column '\(column)'", hint: "clip numeric columns")
        }
        let lo = low ?? -.infinity, hi = high ?? .infinity
        let out = v.map { min(max($0, lo), hi) }
        let exact = out.allSatisfy { $0 == $0.rounded() }
        let type: ColumnType = source.type == .integer && !exact ? .float : source.type
        return try frame.setting(Column(name: column, type: type, values: out, missing: missing))
    }
}
