import LabData
import LabML

/// `model("NAME").…` in checks.
struct ModelFacts {
    let model: TrainedModel
    let state: SessionState

    static let members = ["kind", "task", "target", "frame", "rows", "features", "uses", "param", "metric", "evaluated"]

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
        case "evaluated":
            // The rows of its last evaluation ("test", "valid", ...), or missing if `eval` has not run.
            return state.evaluations[model.name].map { .string($0.part) } ?? .missing
        default:
            throw Facts.unknown(name, of: "model(\"\(model.name)\")", known: Self.members)
        }
    }

    /// A metric of the model's last evaluation (`eval` keeps it in the session state); until
    /// the model has one, the check fails saying how to get it.
    private func metric(_ name: String) throws -> Value {
        guard let evaluation = state.evaluations[model.name] else {
            throw CheckFailure("model '\(model.name)' has not been evaluated yet, so it has no \(name)",
                               hint: "`eval \(model.name)` computes its metrics on the test rows")
        }
        guard let value = evaluation.value(name) else {
            let names = evaluation.metrics.map(\.name)
            throw CheckFailure("the evaluation of '\(model.name)' has no metric '\(name)'\(Suggestion.didYouMean(name, in: names))",
                               hint: "its metrics: \(names.joined(separator: ", "))")
        }
        return .number(value)
    }
}
