import LabData
import Yams

/// Reads a lesson file. YAML is composed into nodes (not decoded into types) so every
/// field keeps its line, and each problem is reported as `file:line: what is wrong`.
/// Besides the schema, every expression must parse and every solution line must be a
/// command the lesson may run (see `LessonSafety`).
public enum LessonFile {
    static let lessonKeys = ["id", "number", "title", "stage", "minutes", "requires", "steps"]
    static let taskKeys = ["task", "check", "hints", "solution", "on_fail"]
    static let quizKeys = ["quiz", "choices", "answer", "number", "tolerance", "explain"]
    static let stepKinds = ["say", "task", "quiz", "bridge"]

    public static func load(path: String, shownAs name: String? = nil, table: CommandTable = .standard) throws -> Lesson {
        let shown = name ?? path
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readAll(path)
        } catch {
            throw LessonFileError(file: shown, line: nil, "cannot be read: \((error as? LabError)?.message ?? String(describing: error))")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), file: shown, table: table)
    }

    public static func parse(_ text: String, file: String, table: CommandTable = .standard) throws -> Lesson {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw LessonFileError(file: file, line: nil, "is not valid YAML: \(error)")
        }
        guard let root else { throw LessonFileError(file: file, line: 1, "is empty", hint: "a lesson starts with id:, number:, title: ...") }
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, "the lesson", allowed: lessonKeys)
        let id = try reader.string(top, "id", in: root)
        guard id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-" }), !id.isEmpty else {
            throw reader.error(top["id"], "id '\(id)' must be lowercase letters, digits, - or _", hint: "it is what `lesson ID` takes")
        }
        let steps = try reader.sequence(top, "steps", in: root)
        guard !steps.isEmpty else { throw reader.error(top["steps"], "steps is empty", hint: "a lesson needs at least one step") }
        return Lesson(
            id: id,
            number: try reader.integer(top, "number", in: root, range: 1...99),
            title: try reader.string(top, "title", in: root),
            stage: try reader.string(top, "stage", in: root),
            minutes: try reader.integer(top, "minutes", in: root, range: 1...240),
            requires: try top["requires"].map { try reader.strings($0, "requires") } ?? [],
            steps: try steps.enumerated().map { try step($1, index: $0, reader: reader, table: table) },
            stepLines: steps.map { $0.mark?.line ?? 0 },
            file: file)
    }

    static func step(_ node: Node, index: Int, reader: NodeReader, table: CommandTable) throws -> LessonStep {
        let label = "step \(index + 1)"
        guard let map = node.mapping else {
            throw reader.error(node, "\(label) must be a mapping with one of: \(stepKinds.joined(separator: ", "))")
        }
        let keys = map.compactMap { $0.key.string }
        guard let kind = keys.first(where: { stepKinds.contains($0) }) else {
            let first = keys.first ?? ""
            throw reader.error(node, "\(label) has no kind: it needs one of \(stepKinds.joined(separator: ", "))\(Suggestion.didYouMean(first, in: stepKinds))")
        }
        let r = reader.within("\(label) (\(kind))")
        switch kind {
        case "say":
            _ = try r.mapping(node, label, allowed: ["say"])
            return .say(try r.string(map, "say", in: node))
        case "bridge":
            _ = try r.mapping(node, label, allowed: ["bridge"])
            return .bridge(try r.string(map, "bridge", in: node))
        case "task":
            _ = try r.mapping(node, label, allowed: taskKeys)
            return .task(try task(map, node: node, reader: r, table: table))
        default:
            _ = try r.mapping(node, label, allowed: quizKeys)
            return .quiz(try quiz(map, node: node, reader: r))
        }
    }

    static func task(_ map: Node.Mapping, node: Node, reader r: NodeReader, table: CommandTable) throws -> LessonTask {
        let solutionNode = map["solution"]
        let solution = try solutionNode.map { try r.strings($0, "solution") } ?? []
        guard !solution.isEmpty else {
            throw r.error(solutionNode ?? node, "solution is missing: the commands that do the task",
                          hint: "`skip` runs them, and the lesson tests replay them")
        }
        for (i, line) in solution.enumerated() {
            let at = solutionNode?.sequence?[i] ?? solutionNode
            do {
                try LessonSafety.validate(line, table: table)
            } catch let e as LabError {
                throw r.error(at, "solution line '\(line)': \(e.message)", hint: e.hint)
            }
        }
        var onFail: [FailureMessage] = []
        if let failNode = map["on_fail"] {
            if let items = failNode.sequence {
                for item in items {
                    let m = try r.mapping(item, "an on_fail entry", allowed: ["when", "say"])
                    onFail.append(FailureMessage(when: try r.expression(m, "when", in: item), say: try r.string(m, "say", in: item)))
                }
            } else if let m = failNode.mapping {
                // The short form: `EXPRESSION: message`.
                for (key, value) in m {
                    guard let text = key.string, let say = value.string else { throw r.error(key, "on_fail entries are EXPRESSION: message") }
                    onFail.append(FailureMessage(when: try r.parseExpression(text, at: key, field: "on_fail"), say: say))
                }
            } else {
                throw r.error(failNode, "on_fail must be a list of {when, say} or a mapping EXPRESSION: message")
            }
        }
        return LessonTask(
            instruction: try r.string(map, "task", in: node),
            check: try r.expression(map, "check", in: node),
            hints: try map["hints"].map { try r.strings($0, "hints") } ?? [],
            solution: solution, onFail: onFail, line: node.mark?.line ?? 0)
    }

    static func quiz(_ map: Node.Mapping, node: Node, reader r: NodeReader) throws -> LessonQuiz {
        let answer: LessonQuiz.Answer
        if let choicesNode = map["choices"] {
            let choices = try r.strings(choicesNode, "choices")
            guard choices.count >= 2 else { throw r.error(choicesNode, "a quiz needs at least 2 choices") }
            guard map["number"] == nil else { throw r.error(map["number"], "a quiz has choices or a number, not both") }
            let correct = try r.integer(map, "answer", in: node, range: 1...choices.count)
            answer = .choice(choices: choices, correct: correct - 1)
        } else if map["number"] != nil {
            guard map["answer"] == nil else {
                throw r.error(map["answer"], "a number quiz gives its answer as number:", hint: "answer: is the 1-based choice of a multiple-choice quiz")
            }
            let tolerance = try map["tolerance"].map { t -> Double in
                guard let x = t.float, x >= 0 else { throw r.error(t, "tolerance must be a number >= 0") }
                return x
            } ?? 0
            answer = .number(try r.expression(map, "number", in: node), tolerance: tolerance)
        } else {
            throw r.error(node, "a quiz needs choices: (with answer:) or number: (with tolerance:)")
        }
        return LessonQuiz(question: try r.string(map, "quiz", in: node), answer: answer, explain: try r.string(map, "explain", in: node))
    }

    static func yamlError(_ error: YamlError, file: String) -> LessonFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let where_ = context.map { " (\($0.text))" } ?? ""
            return LessonFileError(file: file, line: mark.line, "is not valid YAML: \(problem)\(where_)",
                                   hint: "text with ': ' or a leading quote, backtick or bracket needs quoting: \"...\" or a | block")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return LessonFileError(file: file, line: context.mark.line, "a key is given twice: \(duplicates.joined(separator: ", "))")
        default:
            return LessonFileError(file: file, line: nil, "is not valid YAML: \(error)")
        }
    }
}
