import LabData

/// The verdict on a task's check.
public enum CheckVerdict: Sendable, Equatable {
    case passed
    /// `part` is the first `and`-part of the check that does not hold, `reason` what it found
    /// instead, `advice` the lesson's own words for this mistake when an `on_fail` matches.
    case failed(part: String, reason: String, advice: String?)

    public var passed: Bool { self == .passed }
}

/// Evaluates checks over the session state. A check is split at its top-level `and`s so a
/// failure names the part that does not hold and what the state has instead
/// ("frame("titanic").missing("age") == 0: it is 263"). Nothing here throws: a check
/// that cannot be answered (a missing frame, a typo) is a failed check with the reason.
struct CheckEvaluator {
    let query: StateQuery

    func verdict(for task: LessonTask) -> CheckVerdict {
        for part in Self.conjuncts(task.check.root) {
            let reason: String
            do {
                let value = try part.evaluateValue(resolving: query.resolve)
                if value == .bool(true) { continue }
                reason = explain(part, value)
            } catch let e as LabError {
                reason = e.message + (e.hint.map { " (\($0))" } ?? "")
            } catch {
                reason = String(describing: error)
            }
            return .failed(part: part.description, reason: reason, advice: advice(task, failing: part))
        }
        return .passed
    }

    /// The first `on_fail` message that applies: its condition holds now, or it names
    /// exactly the part of the check that failed.
    private func advice(_ task: LessonTask, failing part: ExpressionNode) -> String? {
        for message in task.onFail {
            if message.when.root == part { return message.say }
            if (try? message.when.evaluateValue(resolving: query.resolve)) == .bool(true) { return message.say }
        }
        return nil
    }

    /// "it is 891" for a comparison whose left side is a state value; a short note otherwise.
    private func explain(_ part: ExpressionNode, _ value: Value) -> String {
        if case .binary(let op, let left, _) = part, op.isComparison,
           let actual = try? left.evaluateValue(resolving: query.resolve) {
            return "it is \(LessonText.format(actual))"
        }
        if case .unary(.not, _) = part { return "it is true" }
        if value == .missing { return "it is missing" }
        return "it is \(LessonText.format(value))"
    }

    /// The operands of the top-level `and`s, in order (the whole check if there is none).
    static func conjuncts(_ node: ExpressionNode) -> [ExpressionNode] {
        if case .binary(.and, let l, let r) = node { return conjuncts(l) + conjuncts(r) }
        return [node]
    }
}
