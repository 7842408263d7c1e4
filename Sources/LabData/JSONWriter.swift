/// Encodes any `Encodable` value as compact JSON with sorted keys, like Foundation's
/// `JSONEncoder` with `.sortedKeys`, and what `JSONDecoder` reads back to the same bits
/// (doubles in their shortest round-trip form). Written because model files hold millions
/// of numbers (a kNN model keeps its training rows) and JSONEncoder writes about 10 MB/s;
/// arrays of numbers (and of integers and flags) take a direct path here, with no container per element.
/// Non-finite numbers are refused, as JSONEncoder refuses them.
import Dispatch

public enum JSONWriter {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = JSONNode()
        try JSONNodeEncoder(node: root, codingPath: []).encodeValue(value)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        root.write(into: &out)
        return out
    }
}

/// One JSON value under construction; containers fill it in place.
final class JSONNode {
    enum Value {
        case null
        case literal(String)
        case numbers([Double])
        case integers([Int])
        case booleans([Bool])
        case array([JSONNode])
        case object([String: JSONNode])
    }

    var value: Value = .null

    /// `parallel`: a long array's items are written in pieces on all cores (a forest's trees),
    /// then joined in order; the pieces themselves are written on one thread each.
    func write(into out: inout [UInt8], parallel: Bool = true) {
        switch value {
        case .null: out += Array("null".utf8)
        case .literal(let text): out += Array(text.utf8)
        // Numbers as `description` writes them (the shortest text that reads back to the same bits).
        case .numbers(let values): Self.writeList(values, into: &out) { DecimalText.appendFloat($0, signedZero: true, into: &$1) }
        case .integers(let values): Self.writeList(values, into: &out) { DecimalText.appendInteger(Int64($0), into: &$1) }
        case .booleans(let values): Self.writeList(values, into: &out) { $1.append(contentsOf: ($0 ? "true" : "false").utf8) }
        case .array(let items) where parallel && items.count >= Self.parallelItems:
            let pieces = 8
            let written = TaskSlots<[UInt8]>(count: pieces, initial: [])
            let shared = SharedNodes(items)
            DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                var bytes: [UInt8] = []
                let range = (shared.items.count * piece / pieces)..<(shared.items.count * (piece + 1) / pieces)
                for i in range {
                    if i > 0 { bytes.append(UInt8(ascii: ",")) }
                    shared.items[i].write(into: &bytes, parallel: false)
                }
                written.set(piece, bytes)
            }
            out.append(UInt8(ascii: "["))
            for piece in 0..<pieces { out += written.value(piece) }
            out.append(UInt8(ascii: "]"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out, parallel: parallel)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // Code-point order, as JSONEncoder's .sortedKeys.
            let keys = members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out += Array(JSONText.quoted(key).utf8)
                out.append(UInt8(ascii: ":"))
                members[key]!.write(into: &out, parallel: parallel)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// Nodes read by several threads at once while written out (nothing changes them then).
private final class SharedNodes: @unchecked Sendable {
    let items: [JSONNode]
    init(_ items: [JSONNode]) { self.items = items }
}

extension JSONNode {
    /// Arrays of at least this many items (trees, rows of numbers) are written in parallel pieces.
    static let parallelItems = 16

    /// `[a,b,...]` with each element written by `element`.
    static func writeList<T>(_ values: [T], into out: inout [UInt8], _ element: (T, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        for (i, x) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            element(x, &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}

struct JSONNodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.value {} else { node.value = .object([:]) }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .array = node.value {} else { node.value = .array([]) }
        return JSONUnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { JSONSingleValueContainer(node: node, codingPath: codingPath) }

    /// Numbers, text and arrays of numbers directly; anything else through its own `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T) throws {
        switch value {
        case let x as Double: node.value = .literal(try Self.number(x, codingPath))
        case let x as [Double]:
            for v in x where !v.isFinite { _ = try Self.number(v, codingPath) }
            node.value = .numbers(x)
        // Trees keep their nodes as arrays of integers and flags: no container per element either.
        case let x as [Int32]: node.value = .integers(x.map(Int.init))
        case let x as [Int]: node.value = .integers(x)
        case let x as [UInt8]: node.value = .integers(x.map(Int.init))
        case let x as [Bool]: node.value = .booleans(x)
        case let x as String: node.value = .literal(JSONText.quoted(x))
        case let x as Bool: node.value = .literal(x ? "true" : "false")
        case let x as any BinaryInteger: node.value = .literal(String(describing: x))
        case let x as Float:
            _ = try Self.number(Double(x), codingPath)
            node.value = .literal(x.description)
        default: try value.encode(to: self)
        }
    }

    static func number(_ x: Double, _ path: [CodingKey]) throws -> String {
        guard x.isFinite else {
            throw EncodingError.invalidValue(x, .init(codingPath: path, debugDescription: "\(x) has no JSON form"))
        }
        return x.description
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [CodingKey]

    private func child(_ key: Key) -> JSONNode {
        guard case .object(var members) = node.value else { return JSONNode() }
        if let existing = members[key.stringValue] { return existing }
        let made = JSONNode()
        node.value = .null  // let `members` be the only reference while it grows
        members[key.stringValue] = made
        node.value = .object(members)
        return made
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).value = .null }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONNodeEncoder(node: child(key), codingPath: codingPath + [key]).encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        JSONNodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        JSONNodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { JSONNodeEncoder(node: child(Key(stringValue: "super")!), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { JSONNodeEncoder(node: child(key), codingPath: codingPath + [key]) }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [CodingKey]

    var count: Int {
        if case .array(let items) = node.value { return items.count }
        return 0
    }

    private func append() -> JSONNode {
        let made = JSONNode()
        if case .array(var items) = node.value {
            node.value = .null  // let `items` be the only reference while it grows
            items.append(made)
            node.value = .array(items)
        }
        return made
    }

    mutating func encodeNil() throws { append().value = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [JSONIndexKey(count)]
        try JSONNodeEncoder(node: append(), codingPath: path).encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        JSONNodeEncoder(node: append(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        JSONNodeEncoder(node: append(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { JSONNodeEncoder(node: append(), codingPath: codingPath) }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [CodingKey]

    mutating func encodeNil() throws { node.value = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try JSONNodeEncoder(node: node, codingPath: codingPath).encodeValue(value)
    }
}

/// An array element's place in a coding path.
struct JSONIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}
