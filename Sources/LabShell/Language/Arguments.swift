import LabData

/// The parsed, typed arguments of one command line, with defaults filled in.
public struct Arguments: Sendable, Equatable {
    public var positionals: [String: [String]] = [:]
    public var keys: [String: String] = [:]
    /// Keys the user typed (the rest came from defaults).
    public var typedKeys: Set<String> = []
    public var alias: String?
    public var columnPairs: [(String, String)] = []
    /// The raw expression text, for commands that take one.
    public var expression: String?
    /// 1-based column of the line where `expression` starts, to point at a place in it.
    public var expressionColumn = 1

    public static func == (a: Arguments, b: Arguments) -> Bool {
        a.positionals == b.positionals && a.keys == b.keys && a.alias == b.alias && a.expression == b.expression
            && a.columnPairs.map { "\($0.0)=\($0.1)" } == b.columnPairs.map { "\($0.0)=\($0.1)" }
    }

    public func word(_ name: String) -> String? { positionals[name]?.first }
    public func words(_ name: String) -> [String] { positionals[name] ?? [] }

    public func string(_ key: String) -> String? { keys[key] }

    public func int(_ key: String) -> Int? { keys[key].flatMap { Int($0) } }

    public func double(_ key: String) -> Double? { keys[key].flatMap { Double($0) } }

    public func bool(_ key: String) -> Bool { keys[key] == "true" }

    public func seed(_ key: String = "seed") -> UInt64 { keys[key].flatMap { UInt64($0) } ?? 42 }

    public func list(_ key: String) -> [String]? {
        keys[key].map { $0.split(separator: ",").map { String($0).trimmingCharacters() }.filter { !$0.isEmpty } }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
