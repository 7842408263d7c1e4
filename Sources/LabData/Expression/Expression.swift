/// A parsed expression of the shell's small language, as used by `filter EXPR`
/// and `derive NAME = EXPR`:
///
///     age > 30 and sex == "female"
///     fare / (sibsp + parch + 1)
///     embarked not in ("S", "Q") or cabin is missing
///     log(`ticket price` + 1)
///
/// Parse once, then evaluate over a frame (vectorised over whole columns) or,
/// through a resolver, to a single value.
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    /// The text as the user wrote it.
    public let text: String
    public let root: ExpressionNode

    /// An expression built from a tree; its text is the tree's canonical spelling.
    public init(_ root: ExpressionNode) {
        self.init(text: root.description, root: root)
    }

    init(text: String, root: ExpressionNode) {
        self.text = text
        self.root = root
    }

    /// Parses `text`, or throws a `DataError` naming the 1-based character position
    /// and what was expected there.
    public static func parse(_ text: String) throws -> Expression {
        Expression(text: text, root: try ExpressionParser.parse(text))
    }

    /// Names the expression reads as columns, each once, in order of first appearance.
    public var referencedColumns: [String] { root.identifiers }

    /// The canonical spelling of the tree (not necessarily `text`).
    public var description: String { root.description }
}
