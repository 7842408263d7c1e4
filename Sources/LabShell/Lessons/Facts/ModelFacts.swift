import LabData
import LabML

/// `model("NAME").…` in checks.
struct ModelFacts {
    let model: TrainedModel
    let state: SessionState

    static let members = ["kind", "task", "target", "frame", "rows", "features", "uses", "param", "metric"]

    func member(_ name: String, _ args: [Value]) throws -> Value {
        switch name {
        case "kind": return .string(model.kind.rawValue)
        case "task": return .string(model.task.rawValue)
        case "target": return model.target.isEmpty ? .missing : .string(model.target)
        case "frame": return .string(model.frame)
        case "rows": return Facts.number(model.trainingRows)
        case "features": return Facts.number(model.features.count)
        case "uses": return .bool(model.features.contains(try Facts.text(args, 0, "uses")))
        case "param":
            let key = try Facts.text(args, 0, "param")
            guard let value = model.parameters[key] else {
                let known = model.parameters.keys.sorted()
                throw CheckFailure("model '\(model.name)' (\(model.kind.rawValue)) has no parameter '\(key)'\(Suggestion.didYouMean(key, in: known))",
                                   hint: known.isEmpty ? nil : "its parameters: \(known.joined(separator: ", "))")
            }
            return Double(value).map { .number($0) } ?? .string(value)
        case "metric":
            return try metric(try Facts.text(args, 0, "metric"))
        default:
            throw Facts.unknown(name, of: "model(\"\(model.name)\")", known: Self.members)
        }
    }

    /// A metric of the model's last evaluation on the test rows. Evaluations are kept in the
    /// session state by `eval`; until a model has one, the check fails saying how to get it.
    private func metric(_ name: String) throws -> Value {
        throw CheckFailure("model '\(model.name)' has not been evaluated yet, so it has no \(name)",
                           hint: "`eval \(model.name)` computes its metrics on the test rows")
    }
}
