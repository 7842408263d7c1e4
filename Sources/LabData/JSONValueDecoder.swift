/// The `Decoder` over a parsed `JSONValue`. Type mismatches and missing keys throw
/// `DecodingError`s with the coding path, as JSONDecoder's do.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    /// The document's text, which `.number` and `.numbers` values point into.
    let text: UnsafePointer<UInt8>
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self) }
        return KeyedDecodingContainer(JSONKeyedReader<Key>(members: members, text: text, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        switch value {
        case .array(let items): return JSONUnkeyedReader(items: .values(items), text: text, codingPath: codingPath)
        case .numbers(let span, let count): return JSONUnkeyedReader(items: .numbers(span, count), text: text, codingPath: codingPath)
        default: throw mismatch([Any].self)
        }
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { JSONSingleValueReader(decoder: self) }

    func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(value.kind) instead."))
    }

    /// Arrays of numbers, integers and flags in one pass; anything else through its own `init(from:)`.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == [Double].self { return try doubles() as! T }
        if T.self == [Int32].self { return try integers(Int32.self) as! T }
        if T.self == [Int].self { return try integers(Int.self) as! T }
        if T.self == [UInt8].self { return try integers(UInt8.self) as! T }
        if T.self == [Bool].self, case .array(let items) = value {
            return try items.map { item -> Bool in
                guard case .bool(let b) = item else { throw mismatch(Bool.self) }
                return b
            } as! T
        }
        if T.self == Double.self { return try double() as! T }
        if T.self == String.self { return try string() as! T }
        return try T(from: self)
    }

    func double() throws -> Double {
        guard case .number(let span) = value else { throw mismatch(Double.self) }
        return try JSONNumbers.double(text, span, codingPath)
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .number(let span) = value else { throw mismatch(type) }
        return try JSONNumbers.integer(text, span, type, codingPath)
    }

    func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(Bool.self) }
        return b
    }

    func string() throws -> String {
        guard case .string(let s) = value else { throw mismatch(String.self) }
        return s
    }

    private func doubles() throws -> [Double] {
        guard case .numbers(let span, let count) = value else { throw mismatch([Double].self) }
        var out: [Double] = []
        out.reserveCapacity(count)
        try JSONNumbers.each(text, span) { out.append(try JSONNumbers.double(text, $0, codingPath)) }
        return out
    }

    private func integers<I: FixedWidthInteger>(_ type: I.Type) throws -> [I] {
        guard case .numbers(let span, let count) = value else { throw mismatch([I].self) }
        var out: [I] = []
        out.reserveCapacity(count)
        try JSONNumbers.each(text, span) { out.append(try JSONNumbers.integer(text, $0, type, codingPath)) }
        return out
    }
}

/// Numbers read from their text.
enum JSONNumbers {
    /// Calls `body` with the span of each number of a `.numbers` span (numbers, commas, blanks).
    static func each(_ text: UnsafePointer<UInt8>, _ span: Range<Int>, _ body: (Range<Int>) throws -> Void) rethrows {
        var position = span.lowerBound
        while let number = next(text, from: &position, before: span.upperBound) { try body(number) }
    }

    /// The span of the number at or after `position` (past commas and blanks), moving past it.
    static func next(_ text: UnsafePointer<UInt8>, from position: inout Int, before end: Int) -> Range<Int>? {
        @inline(__always) func separates(_ c: UInt8) -> Bool { c == UInt8(ascii: ",") || c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        var i = position
        while i < end, separates(text[i]) { i += 1 }
        let start = i
        while i < end, !separates(text[i]) { i += 1 }
        position = i
        return i > start ? start..<i : nil
    }

    static func double(_ text: UnsafePointer<UInt8>, _ span: Range<Int>, _ path: [CodingKey]) throws -> Double {
        let (kind, value, length) = NumberParsing.parsePrefix(text + span.lowerBound, span.count)
        guard kind != .none, length == span.count else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "'\(String(decoding: UnsafeBufferPointer(start: text + span.lowerBound, count: span.count), as: UTF8.self))' is not a number"))
        }
        return value
    }

    /// An integer written as one (digits, an optional minus), within the type's range.
    static func integer<I: FixedWidthInteger>(_ text: UnsafePointer<UInt8>, _ span: Range<Int>, _ type: I.Type, _ path: [CodingKey]) throws -> I {
        var i = span.lowerBound
        let negative = i < span.upperBound && text[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value: I = 0
        var overflow = i == span.upperBound
        while i < span.upperBound, !overflow {
            let d = text[i] &- 48
            guard d < 10 else { overflow = true; break }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(I(d)) : times.addingReportingOverflow(I(d))
            overflow = o1 || o2
            value = sum
            i += 1
        }
        guard !overflow else {
            let shown = String(decoding: UnsafeBufferPointer(start: text + span.lowerBound, count: span.count), as: UTF8.self)
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Parsed JSON number <\(shown)> does not fit in \(type)."))
        }
        return value
    }
}

struct JSONKeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let text: UnsafePointer<UInt8>
    let codingPath: [CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func decoder(_ key: Key) throws -> JSONValueDecoder {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return JSONValueDecoder(value: value, text: text, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try decoder(key).value { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder(key).double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decoder(key).double()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder(key).integer(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder(key).integer(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder(key).integer(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder(key).integer(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder(key).integer(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder(key).integer(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder(key).integer(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder(key).integer(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder(key).integer(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder(key).integer(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(key).decodeValue(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { try decoder(key).unkeyedContainer() }

    func superDecoder() throws -> Decoder {
        JSONValueDecoder(value: members["super"] ?? .null, text: text, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> Decoder { try decoder(key) }
}

struct JSONUnkeyedReader: UnkeyedDecodingContainer {
    enum Items {
        case values([JSONValue])
        /// A `.numbers` span: each element's span is found as it is read.
        case numbers(Range<Int>, Int)
    }

    let items: Items
    let text: UnsafePointer<UInt8>
    let codingPath: [CodingKey]
    private(set) var currentIndex = 0
    /// Where the next number starts in a `.numbers` span.
    private var position: Int

    init(items: Items, text: UnsafePointer<UInt8>, codingPath: [CodingKey]) {
        self.items = items
        self.text = text
        self.codingPath = codingPath
        if case .numbers(let span, _) = items { position = span.lowerBound } else { position = 0 }
    }

    var count: Int? {
        switch items {
        case .values(let values): return values.count
        case .numbers(_, let n): return n
        }
    }

    var isAtEnd: Bool { currentIndex >= count! }

    /// The next element, consumed.
    private mutating func next() throws -> JSONValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath + [JSONIndexKey(currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        let path = codingPath + [JSONIndexKey(currentIndex)]
        currentIndex += 1
        switch items {
        case .values(let values):
            return JSONValueDecoder(value: values[currentIndex - 1], text: text, codingPath: path)
        case .numbers(let span, _):
            let number = JSONNumbers.next(text, from: &position, before: span.upperBound) ?? position..<position
            return JSONValueDecoder(value: .number(number), text: text, codingPath: path)
        }
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .values(let values) = items, case .null = values[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().bool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().double() }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try next().double()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().integer(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> Decoder { try next() }
}

struct JSONSingleValueReader: SingleValueDecodingContainer {
    let decoder: JSONValueDecoder
    var codingPath: [CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool() }
    func decode(_ type: String.Type) throws -> String { try decoder.string() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.double()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}
