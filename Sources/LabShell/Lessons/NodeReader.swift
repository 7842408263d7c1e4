import LabData
import Yams

/// Typed access to YAML nodes that turns every mismatch into a `LessonFileError`
/// naming the file, the line, the step and the field.
struct NodeReader {
    let file: String
    /// "step 4 (task)", prefixed to messages about a step's fields.
    var context: String?

    init(file: String, context: String? = nil) {
        self.file = file
        self.context = context
    }

    func within(_ context: String) -> NodeReader { NodeReader(file: file, context: context) }

    func error(_ node: Node?, _ problem: String, hint: String? = nil) -> LessonFileError {
        LessonFileError(file: file, line: node?.mark?.line, context.map { "\($0): \(problem)" } ?? problem, hint: hint)
    }

    /// The node as a mapping whose keys are all in `allowed` (a misspelt key is named, with the closest one).
    func mapping(_ node: Node, _ what: String, allowed: [String]) throws -> Node.Mapping {
        guard let map = node.mapping else { throw error(node, "\(what) must be a mapping of key: value") }
        for (key, _) in map {
            guard let name = key.string, allowed.contains(name) else {
                let name = key.string ?? "?"
                throw error(key, "unknown field '\(name)'\(Suggestion.didYouMean(name, in: allowed))",
                            hint: "fields here: \(allowed.joined(separator: ", "))")
            }
        }
        return map
    }

    private func required(_ map: Node.Mapping, _ key: String, in parent: Node) throws -> Node {
        guard let node = map[key] else { throw error(parent, "\(key) is missing") }
        return node
    }

    func string(_ map: Node.Mapping, _ key: String, in parent: Node) throws -> String {
        let node = try required(map, key, in: parent)
        guard node.scalar != nil, let s = node.string else { throw error(node, "\(key) must be text") }
        let text = s.trimmingCharacters()
        guard !text.isEmpty else { throw error(node, "\(key) is empty") }
        return text
    }

    func integer(_ map: Node.Mapping, _ key: String, in parent: Node, range: ClosedRange<Int>) throws -> Int {
        let node = try required(map, key, in: parent)
        guard let value = node.scalar.flatMap({ Int($0.string) }) else { throw error(node, "\(key) must be a whole number") }
        guard range.contains(value) else { throw error(node, "\(key) must be from \(range.lowerBound) to \(range.upperBound), not \(value)") }
        return value
    }

    func sequence(_ map: Node.Mapping, _ key: String, in parent: Node) throws -> [Node] {
        let node = try required(map, key, in: parent)
        guard let items = node.sequence else { throw error(node, "\(key) must be a list") }
        return Array(items)
    }

    /// A list of text items (a single text is taken as a list of one).
    func strings(_ node: Node, _ key: String) throws -> [String] {
        if node.scalar != nil, let s = node.string { return [s.trimmingCharacters()] }
        guard let items = node.sequence else { throw error(node, "\(key) must be a list of text") }
        return try items.map { item in
            guard item.scalar != nil, let s = item.string, !s.trimmingCharacters().isEmpty else {
                throw error(item, "every item of \(key) must be text", hint: "an item with ': ' in it needs quotes: \"...\"")
            }
            return s.trimmingCharacters()
        }
    }

    func expression(_ map: Node.Mapping, _ key: String, in parent: Node) throws -> Expression {
        let node = try required(map, key, in: parent)
        guard node.scalar != nil, let text = node.string else { throw error(node, "\(key) must be an expression") }
        return try parseExpression(text, at: node, field: key)
    }

    func parseExpression(_ text: String, at node: Node, field: String) throws -> Expression {
        do {
            return try Expression.parse(text)
        } catch let e as LabError {
            throw error(node, "\(field) does not parse: \(e.message)", hint: e.hint)
        }
    }
}
