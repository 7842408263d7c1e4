import LabData
import LabML

/// `prep.…` (the current frame) and `prep("NAME").…` in checks: the fitted preparation pipeline.
struct PrepFacts {
    let frame: String
    let pipeline: PrepPipeline

    static let members = ["steps", "has", "leaks"]

    func member(_ name: String, _ args: [Value]) throws -> Value {
        switch name {
        case "steps": return Facts.number(pipeline.steps.count)
        case "leaks": return .bool(pipeline.fittedBeforeSplit)
        case "has":
            let kind = try Facts.text(args, 0, "prep.has").lowercased()
            let column = args.count > 1 ? try Facts.text(args, 1, "prep.has") : nil
            guard Self.kinds.contains(kind) else {
                throw CheckFailure("prep.has(\"\(kind)\"): no such step\(Suggestion.didYouMean(kind, in: Self.kinds))",
                                   hint: "steps: \(Self.kinds.joined(separator: ", "))")
            }
            return .bool(pipeline.steps.contains { Self.names($0).contains(kind) && (column == nil || Self.column($0) == column) })
        default:
            throw Facts.unknown(name, of: "prep(\"\(frame)\")", known: Self.members)
        }
    }

    static let kinds = ["impute", "encode", "onehot", "ordinal", "scale", "bin", "log", "clip", "derive", "drop", "pca"]

    /// The words a step answers to: its command, and for encoders the encoding too.
    static func names(_ step: PrepStep) -> [String] {
        switch step {
        case .impute: return ["impute"]
        case .oneHot: return ["encode", "onehot"]
        case .ordinal: return ["encode", "ordinal"]
        case .scale: return ["scale"]
        case .bin: return ["bin"]
        case .log: return ["log"]
        case .clip: return ["clip"]
        case .derive: return ["derive"]
        case .dropColumns: return ["drop"]
        case .project: return ["pca"]
        case .renameColumns: return ["rename"]
        }
    }

    /// The column a step works on (the new column for derive).
    static func column(_ step: PrepStep) -> String { step.summary.column }
}
