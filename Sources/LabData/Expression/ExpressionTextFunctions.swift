/// lower(), upper(), strip(), len(), contains(), startswith() and endswith() of text: pandas'
/// `str` methods for cleaning categories and deriving features from them. A text column is
/// dictionary-encoded, so each function runs once per distinct value, not once per row.
extension ExpressionEvaluator {
    func textFunction(_ function: ExpressionFunction, _ values: [Operand], _ args: [ExpressionNode]) throws -> Operand {
        let x = try requireText(function, values[0])
        switch function {
        case .lower: return mappedText(x) { $0.lowercased() }
        case .upper: return mappedText(x) { $0.uppercased() }
        case .strip: return mappedText(x) { String($0.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()) }
        // Code points and their bytes, as Python counts and compares text: Swift's Characters would
        // count "\r\n" or an accent written apart as one, and find "\r" in neither.
        case .len: return perLevel(x, type: .integer) { Double($0.unicodeScalars.count) }
        default:
            guard case .string(let part) = values[1] else {
                throw DataError("\(function.rawValue)'s second argument must be text in quotes, got \(args[1])",
                                hint: "usage: \(function.usage), e.g. \(function.rawValue)(name, \"Mr\")")
            }
            let bytes = Array(part.utf8)
            switch function {
            case .contains: return perLevel(x, type: .boolean) { Self.contains(Array($0.utf8), bytes) ? 1 : 0 }
            case .startswith: return perLevel(x, type: .boolean) { $0.utf8.starts(with: bytes) ? 1 : 0 }
            default: return perLevel(x, type: .boolean) { $0.utf8.reversed().starts(with: bytes.reversed()) ? 1 : 0 }
            }
        }
    }

    /// The text operand of a text function; anything else is a type error naming the function.
    func requireText(_ function: ExpressionFunction, _ x: Operand) throws -> Operand {
        guard x.type == nil || x.type == .string else {
            throw DataError("cannot apply '\(function.rawValue)' to \(x.typeName)",
                            hint: "\(function.rawValue) works on text; usage: \(function.usage)")
        }
        return x
    }

    /// Whether `part` occurs in `text`, byte for byte (UTF-8 keeps code points whole, so a byte
    /// match is a code point match).
    private static func contains(_ text: [UInt8], _ part: [UInt8]) -> Bool {
        guard !part.isEmpty else { return true }
        guard part.count <= text.count else { return false }
        for start in 0...(text.count - part.count) where text[start] == part[0] {
            if text[start..<(start + part.count)].elementsEqual(part) { return true }
        }
        return false
    }

    /// Text to text: each distinct value mapped once; values that become equal share one code,
    /// and a value mapped to nil is missing.
    func mappedText(_ x: Operand, _ f: (String) -> String?) -> Operand {
        switch x {
        case .string(let s):
            guard let mapped = f(s) else { return .allMissing(.string, like: [x], rowCount: rowCount) }
            return .string(mapped)
        case .strings(let s):
            var levels: [String] = [], index: [String: Int32] = [:]
            let recode = s.levels.map { level -> Int32 in
                guard let mapped = f(level) else { return -1 }
                if let code = index[mapped] { return code }
                let code = Int32(levels.count)
                index[mapped] = code
                levels.append(mapped)
                return code
            }
            return .strings(StringVector(codes: s.codes.map { $0 < 0 ? -1 : recode[Int($0)] }, levels: levels))
        default:
            return .allMissing(.string, like: [x], rowCount: rowCount)
        }
    }

    /// Text to true or false, once per distinct value; missing stays missing.
    func perLevelBoolean(_ x: Operand, _ f: (String) -> Bool) -> Operand {
        perLevel(x, type: .boolean) { f($0) ? 1 : 0 }
    }

    /// Text to a number of `type`, computed once per distinct value; missing stays missing.
    private func perLevel(_ x: Operand, type: ColumnType, _ f: (String) -> Double) -> Operand {
        switch x {
        case .string(let s):
            return .number(f(s), type)
        case .strings(let s):
            var v = stringLookup(s, s.levels.map(f))
            v.type = type
            return .numbers(v)
        default:
            return .allMissing(type, like: [x], rowCount: rowCount)
        }
    }
}
