import LabData

/// One fitted step of a preparation pipeline. Fitting happens once, on the training
/// rows; applying re-runs exactly the learned transformation on any frame.
public enum PrepStep: Sendable, Equatable, Codable {
    case impute(Imputer)
    case oneHot(OneHotEncoder)
    case ordinal(OrdinalEncoder)
    case scale(Scaler)
    case bin(Binner)
    case log(LogTransform)
    case clip(Clipper)
    /// A derived column: no parameters to learn, re-evaluated on new data.
    case derive(name: String, expression: String)
    /// These columns were left out: by feature selection, or dropped after a step made them.
    case dropColumns([String])
    /// `train pca`: its components added as columns PC1..PCk.
    case project(PCAProjection)
    /// Columns a step made, renamed (`from[i]` becomes `to[i]`), so new data gets the same names.
    case renameColumns(from: [String], to: [String])

    public func apply(to frame: Frame) throws -> Frame {
        switch self {
        case .impute(let s): return try s.apply(to: frame)
        case .oneHot(let s): return try s.apply(to: frame)
        case .ordinal(let s): return try s.apply(to: frame)
        case .scale(let s): return try s.apply(to: frame)
        case .bin(let s): return try s.apply(to: frame)
        case .log(let s): return try s.apply(to: frame)
        case .clip(let s): return try s.apply(to: frame)
        case .derive(let name, let text):
            return try frame.setting(try Expression.parse(text).evaluate(on: frame, name: name))
        case .dropColumns(let names):
            return try frame.dropping(names.filter { frame.index(of: $0) != nil })
        case .project(let p): return try p.apply(to: frame)
        case .renameColumns(let from, let to):
            return try frame.renaming(zip(from, to).filter { frame.index(of: $0.0) != nil }.map { (from: $0.0, to: $0.1) })
        }
    }

    /// (step, column, learned parameters) for showing the pipeline.
    public var summary: (step: String, column: String, learned: String) {
        switch self {
        case .impute(let s): return ("impute \(s.strategy.rawValue)", s.column, "fill \(s.fill)" + (s.indicatorColumn.map { "; gaps marked in \($0)" } ?? ""))
        case .oneHot(let s):
            return ("one-hot\(s.dropFirst ? " drop=first" : "")", s.column,
                    "\(s.categories.count) categories\(s.missingCategory == true ? " and missing (_nan)" : ""): \(Self.list(s.categories)); unknown=\(s.unknown.rawValue)")
        case .ordinal(let s): return ("ordinal", s.column, Self.list(s.categories.enumerated().map { "\($1)=\($0)" }))
        case .scale(let s):
            let names: (String, String) = s.method == .standard ? ("mean", "std") : s.method == .minmax ? ("min", "range") : ("median", "IQR")
            return ("scale \(s.method.rawValue)", s.column, "\(names.0) \(Self.number(s.center)), \(names.1) \(Self.number(s.scale))")
        case .bin(let s): return ("bin \(s.strategy.rawValue)", s.column, "\(s.edges.count - 1) bins, edges " + Self.list(s.edges.map(Self.number)))
        case .log(let s): return ("log", s.column, s.offset == 0 ? "ln(x)" : "ln(x + \(Self.number(s.offset)))")
        case .clip(let s): return ("clip", s.column, "[\(s.low.map(Self.number) ?? "-inf"), \(s.high.map(Self.number) ?? "inf")]")
        case .derive(let name, let text): return ("derive", name, text)
        case .dropColumns(let names): return ("drop", Self.list(names), "left out (new data too)")
        case .project(let p): return ("pca", Self.list(p.model.columnNames), p.summary)
        case .renameColumns(let from, let to):
            return ("rename", Self.list(zip(from, to).map { "\($0) → \($1)" }), "renamed (new data too)")
        }
    }

    private static func list(_ xs: [String]) -> String {
        xs.count <= 6 ? xs.joined(separator: ", ") : xs.prefix(6).joined(separator: ", ") + ", … (\(xs.count))"
    }

    private static func number(_ x: Double) -> String {
        let r = (x * 1e6).rounded() / 1e6
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
    }
}

/// The fitted steps of a frame, in order; travels with every model trained on the frame.
public struct PrepPipeline: Sendable, Equatable, Codable {
    public private(set) var steps: [PrepStep] = []
    /// True when some step learned from rows that a later split made test rows: it was fitted
    /// before any split, or on the training rows of a split that a new one replaced.
    public private(set) var fittedBeforeSplit = false

    public init() {}

    public mutating func append(_ step: PrepStep, fittedOnAllRows: Bool) {
        steps.append(step)
        if fittedOnAllRows, step.learnsFromData { fittedBeforeSplit = true }
    }

    public var isEmpty: Bool { steps.isEmpty }

    /// The steps that learned from rows (the ones a change of split makes leak).
    public var learningSteps: [PrepStep] { steps.filter(\.learnsFromData) }

    /// A new split moved rows the steps learned from into the test part.
    public mutating func markResplit() {
        if !learningSteps.isEmpty { fittedBeforeSplit = true }
    }

    /// Runs every step on `frame` (new data: unseen categories are handled per each encoder's policy).
    public func apply(to frame: Frame) throws -> Frame {
        var out = frame
        for step in steps {
            try Cancellation.check()
            out = try step.apply(to: out)
        }
        return out
    }
}

extension PrepStep {
    /// Steps with learned parameters; the ones a fit on all rows makes leak.
    public var learnsFromData: Bool {
        switch self {
        case .derive, .log, .clip, .dropColumns, .renameColumns: return false
        default: return true
        }
    }
}
