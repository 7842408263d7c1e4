/// One word of a command line. `start` is its offset in the line (in Characters), so
/// an expression argument can take the raw rest of the line from there.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case word(String)
        /// `key=value`; `quoted` when the value was written in quotes (never a list or a number then).
        case pair(key: String, value: String, quoted: Bool)
        case quoted(String)
    }
    public let kind: Kind
    public let start: Int
    public let end: Int

    public var text: String {
        switch kind {
        case .word(let w): return w
        case .quoted(let q): return q
        case .pair(let k, let v, _): return "\(k)=\(v)"
        }
    }
}
