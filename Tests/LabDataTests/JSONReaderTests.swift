import Foundation
import XCTest
@testable import LabData

final class JSONReaderTests: XCTestCase {
    private func read<T: Decodable>(_ type: T.Type, _ text: String) throws -> T { try JSONReader.decode(type, from: Array(text.utf8)) }

    func testValuesReadAsJSONDecoderReadsThem() throws {
        struct Doc: Codable, Equatable {
            var name: String
            var note: String?
            var missing: Int?
            var flags: [Bool]
            var counts: [Int32]
            var bins: [UInt8]
            var values: [Double]
            var nested: [[Double]]
            var table: [String: [Int]]
            var mixed: [Item]
            var big: UInt64
            var small: Int8
            var ratio: Float
        }
        enum Item: Codable, Equatable { case number(Double), label(String), pair(a: Int, b: [Double]) }
        let doc = Doc(name: "a \"q\" \\ / \n\t é 😀 \u{1}", note: nil, missing: nil, flags: [true, false], counts: [0, -1, Int32.max, Int32.min],
                      bins: [0, 255], values: [0, -0.0, 1e-5, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5, 1e22, 123_456_789.123, 0.1 + 0.2],
                      nested: [[], [1], [2, 3.5]], table: ["x": [1, 2], "": []], mixed: [.number(1.5), .label("z"), .pair(a: -3, b: [])],
                      big: UInt64.max, small: -128, ratio: 0.1)
        for bytes in [try JSONWriter.encode(doc), Array(try JSONEncoder().encode(doc))] {
            XCTAssertEqual(try JSONReader.decode(Doc.self, from: bytes), doc)
            XCTAssertEqual(try JSONReader.decode(Doc.self, from: bytes).values.map(\.bitPattern), doc.values.map(\.bitPattern))
        }
        // Blanks anywhere between tokens, escapes written by others, numbers as others write them.
        XCTAssertEqual(try read([String: [Double]].self, " {\n \"a\" : [ 1 , 2E+2 ,\t-3.25e-1 ] ,\"b\":[]\r\n} "), ["a": [1, 200, -0.325], "b": []])
        XCTAssertEqual(try read([String].self, #"["\u00e9\ud83d\ude00", "\/\b\f\r"]"#), ["é😀", "/\u{8}\u{c}\r"])
        XCTAssertEqual(try read([Int?].self, "[1, null, 3]"), [1, nil, 3])
    }

    func testMalformedDocumentsAndWrongTypesAreRefused() {
        for bad in ["", "{", "[1,", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "[1] x", "\"abc", "tru", "[01e]", "-", "[1.]", #"["\x"]"#] {
            XCTAssertThrowsError(try read([String: Int].self, bad), bad)
        }
        XCTAssertThrowsError(try read([Int8].self, "[127, 128]")) { error in
            XCTAssertTrue("\(error)".contains("does not fit in Int8"), "\(error)")
        }
        XCTAssertThrowsError(try read([Int].self, "[1.5]"))
        XCTAssertThrowsError(try read([String: Int].self, #"{"a":"1"}"#)) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["a"])
        }
        struct Needs: Decodable { let x: Int }
        XCTAssertThrowsError(try read(Needs.self, "{}")) { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(key.stringValue, "x")
        }
    }
}
