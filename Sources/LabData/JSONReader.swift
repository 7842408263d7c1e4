#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Decodes any `Decodable` value from JSON, as `JSONDecoder` does for the documents opslab
/// writes, about ten times faster on model files: a forest's file holds tens of millions of
/// numbers, and JSONDecoder made a container and a boxed value for each (25 s for 300 trees).
/// Here an array of numbers stays a span of the text until it is decoded, and arrays of
/// numbers, integers and flags are read in one pass with no container per element.
/// Numbers are read correctly rounded (the CSV reader's parser), so files read back to the
/// bits written.
public enum JSONReader {
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONDocument(bytes).decode(type)
    }
}

/// A parsed document, which can be decoded as several types (a header first, then the whole).
public struct JSONDocument: @unchecked Sendable {
    /// The text and a terminator (the number parser may look one byte past a number).
    private let text: [UInt8]
    private let root: JSONValue

    public init(_ bytes: [UInt8]) throws {
        var padded = bytes
        padded.append(0)
        root = try padded.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(base: buffer.baseAddress!, count: bytes.count)
            return try parser.document()
        }
        text = padded
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try text.withUnsafeBufferPointer { buffer in
            try JSONValueDecoder(value: root, text: buffer.baseAddress!, codingPath: []).decodeValue(type)
        }
    }
}

/// A parsed JSON value. Numbers keep their text (a span of the document): each is converted
/// once, to the type the decoder asks for.
indirect enum JSONValue {
    case null
    case bool(Bool)
    case number(Range<Int>)
    case string(String)
    /// An array of numbers only: the span inside its brackets and its length.
    case numbers(Range<Int>, count: Int)
    case array([JSONValue])
    case object([String: JSONValue])

    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .numbers, .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// The syntax error at a byte offset.
struct JSONSyntaxError: Error, CustomStringConvertible {
    let offset: Int
    let expected: String
    var description: String { "invalid JSON at byte \(offset): expected \(expected)" }
}

struct JSONParser {
    let base: UnsafePointer<UInt8>
    let count: Int
    var i = 0

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    mutating func document() throws -> JSONValue {
        let value = try self.value()
        skipSpace()
        guard i == count else { throw JSONSyntaxError(offset: i, expected: "the end of the document") }
        return value
    }

    private mutating func skipSpace() {
        while i < count, base[i] == 0x20 || base[i] == 0x0A || base[i] == 0x0D || base[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipSpace()
        guard i < count, base[i] == byte else { throw JSONSyntaxError(offset: i, expected: what) }
        i += 1
    }

    private mutating func value() throws -> JSONValue {
        skipSpace()
        guard i < count else { throw JSONSyntaxError(offset: i, expected: "a value") }
        switch base[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= count, memcmp(base + i, word.utf8Start, n) == 0 else { throw JSONSyntaxError(offset: i, expected: "\(word)") }
        i += n
    }

    /// The span of a number: -?digits[.digits][(e|E)[+-]digits].
    private mutating func number() throws -> Range<Int> {
        let start = i
        if i < count, base[i] == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while i < count, base[i] &- 48 < 10 { i += 1 }
        guard i > digitsStart else { throw JSONSyntaxError(offset: start, expected: "a value") }
        if i < count, base[i] == UInt8(ascii: ".") {
            i += 1
            let fraction = i
            while i < count, base[i] &- 48 < 10 { i += 1 }
            guard i > fraction else { throw JSONSyntaxError(offset: i, expected: "digits after the decimal point") }
        }
        if i < count, base[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < count, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
            let exponent = i
            while i < count, base[i] &- 48 < 10 { i += 1 }
            guard i > exponent else { throw JSONSyntaxError(offset: i, expected: "exponent digits") }
        }
        return start..<i
    }

    private mutating func array() throws -> JSONValue {
        i += 1 // [
        skipSpace()
        if i < count, base[i] == UInt8(ascii: "]") {
            i += 1
            return .numbers(i - 1..<i - 1, count: 0)
        }
        // Most arrays in model files hold numbers only: kept as one span.
        let start = i, save = i
        var n = 0
        while i < count, base[i] == UInt8(ascii: "-") || base[i] &- 48 < 10 {
            _ = try number()
            n += 1
            skipSpace()
            guard i < count else { break }
            if base[i] == UInt8(ascii: "]") {
                i += 1
                return .numbers(start..<i - 1, count: n)
            }
            guard base[i] == UInt8(ascii: ",") else { throw JSONSyntaxError(offset: i, expected: "',' or ']'") }
            i += 1
            skipSpace()
        }
        i = save
        var items: [JSONValue] = []
        while true {
            items.append(try value())
            skipSpace()
            guard i < count else { throw JSONSyntaxError(offset: i, expected: "',' or ']'") }
            if base[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            try expect(UInt8(ascii: ","), "',' or ']'")
        }
    }

    private mutating func object() throws -> JSONValue {
        i += 1 // {
        var members: [String: JSONValue] = [:]
        skipSpace()
        if i < count, base[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard i < count, base[i] == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: i, expected: "a member name") }
            let key = try string()
            try expect(UInt8(ascii: ":"), "':'")
            members[key] = try value()
            skipSpace()
            guard i < count else { throw JSONSyntaxError(offset: i, expected: "',' or '}'") }
            if base[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            try expect(UInt8(ascii: ","), "',' or '}'")
        }
    }

    private mutating func string() throws -> String {
        i += 1 // "
        let start = i
        while i < count, base[i] != UInt8(ascii: "\""), base[i] != UInt8(ascii: "\\") { i += 1 }
        guard i < count else { throw JSONSyntaxError(offset: start - 1, expected: "the end of the string") }
        if base[i] == UInt8(ascii: "\"") {
            i += 1
            return String(decoding: UnsafeBufferPointer(start: base + start, count: i - 1 - start), as: UTF8.self)
        }
        var bytes = Array(UnsafeBufferPointer(start: base + start, count: i - start))
        while i < count {
            let c = base[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
            guard i + 1 < count else { break }
            let e = base[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(e)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < count, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                bytes += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: throw JSONSyntaxError(offset: i - 1, expected: "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)")
            }
        }
        throw JSONSyntaxError(offset: start - 1, expected: "the end of the string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= count else { throw JSONSyntaxError(offset: i, expected: "four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = base[i] | 0x20
            let d: UInt32
            if c &- 48 < 10 { d = UInt32(c - 48) } else if c >= 97 && c <= 102 { d = UInt32(c - 87) } else {
                throw JSONSyntaxError(offset: i, expected: "four hex digits")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
