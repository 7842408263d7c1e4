import LabData

/// `opslab run train.lab DATA=new.csv SEED=7`: a script names what changes between runs as
/// `${DATA}`, and each run says what it is, as a pipeline's parameters. A reference takes the
/// value given on the command line, else the environment variable of that name, else its
/// default (`${SEED:-42}`); `$${` is a literal `${`. References are replaced in the text of a
/// line before it is read, outside `#` comments: a value with spaces needs quotes around the
/// reference (`load "${DATA}"`).
public struct ScriptParameters: Sendable {
    public let values: [String: String]
    let environment: [String: String]

    public init(values: [String: String] = [:], environment: [String: String] = [:]) {
        self.values = values
        self.environment = environment
    }

    /// NAME=VALUE words of the command line.
    public static func parse(_ words: [String]) throws -> [String: String] {
        var values: [String: String] = [:]
        for word in words {
            guard let eq = word.firstIndex(of: "="), isName(word[..<eq]) else {
                throw UsageError("'\(word)' is not a parameter", hint: "parameters are written NAME=VALUE, e.g. DATA=new.csv")
            }
            let name = String(word[..<eq])
            if values[name] != nil { throw UsageError("parameter \(name) is given twice") }
            values[name] = String(word[word.index(after: eq)...])
        }
        return values
    }

    public static func isName(_ s: Substring) -> Bool {
        guard let first = s.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// The line with every reference replaced.
    func substitute(_ line: String) throws -> String {
        guard line.contains("${") else { return line }
        var out = "", rest = Substring(line)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("${") {
                out += "${"
                rest = after.dropFirst(2)
            } else if after.hasPrefix("{") {
                guard let close = after.firstIndex(of: "}") else {
                    throw UsageError("'${' is not closed: a parameter is written ${NAME}", hint: "write $${ for a literal ${")
                }
                out += try value(of: after[after.index(after: after.startIndex)..<close])
                rest = after[after.index(after: close)...]
            } else {
                out += "$"
                rest = after
            }
        }
        return out + rest
    }

    /// NAME, or NAME:-default.
    private func value(of reference: Substring) throws -> String {
        let parts = reference.split(separator: ":-", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0]
        guard Self.isName(name) else {
            throw UsageError("'${\(reference)}' is not a parameter: names are letters, digits and _", hint: "e.g. ${DATA} or ${SEED:-42}")
        }
        if let v = values[String(name)] ?? environment[String(name)] { return v }
        if parts.count == 2 { return String(parts[1]) }
        throw UsageError("${\(name)} is not set", hint: "give it: opslab run FILE.lab \(name)=VALUE (or set it in the environment, or write ${\(name):-DEFAULT})")
    }

    /// The parameter names a script's lines refer to (comments left out).
    static func references(in lines: [String]) -> Set<String> {
        var names: Set<String> = []
        for line in lines {
            var rest = Substring(Lexer.strippingComment(line))
            while let start = rest.range(of: "${") {
                if start.lowerBound > rest.startIndex, rest[rest.index(before: start.lowerBound)] == "$" {
                    rest = rest[start.upperBound...]
                    continue
                }
                let body = rest[start.upperBound...]
                guard let close = body.firstIndex(of: "}") else { break }
                names.insert(String(body[..<close].split(separator: ":-", maxSplits: 1, omittingEmptySubsequences: false)[0]))
                rest = body[close...]
            }
        }
        return names
    }
}
