import Foundation
import XCTest
@testable import LabData

final class JSONWriterTests: XCTestCase {
    private func text(_ x: Double, signedZero: Bool = true) -> String {
        var out: [UInt8] = []
        DecimalText.appendFloat(x, signedZero: signedZero, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testNumbersAreWrittenAsDescriptionWritesThem() {
        var rng = SeededGenerator(seed: 7)
        var cases: [Double] = [0, -0.0, 1, -1, 9, 10, 99, 100, 1e14, 1e15 - 1, 1e15, -1e15 + 1, 1e16, 2e15 + 2, 123_456_789_012_345,
                               0.5, -2.25, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 4_503_599_627_370_496]
        for _ in 0..<20_000 {
            let u = Double(rng.next() >> 11) / Double(1 << 53)
            let magnitude = pow(10, Double(rng.next() % 17))
            cases += [(u * magnitude).rounded(), -(u * magnitude).rounded(), u * magnitude, Double(bitPattern: rng.next() & ~(0x7FF << 52))]
        }
        for x in cases { XCTAssertEqual(text(x), x.description, "\(x.bitPattern)") }
        // The CSV writer's variant writes what a float column's text is (-0 as 0.0).
        for x in cases { XCTAssertEqual(text(x, signedZero: false), Column.canonicalText(x, type: .float), "\(x.bitPattern)") }
    }

    func testLongArraysWrittenInPiecesAreTheDocumentJSONEncoderWrites() throws {
        struct Node: Codable, Equatable {
            let id: Int
            let values: [Double]
            let children: [[Double]]
        }
        var rng = SeededGenerator(seed: 3)
        for count in [0, 1, 15, 16, 17, 40, 301] {
            let nodes = (0..<count).map { i in
                Node(id: i, values: (0..<Int(rng.next() % 5)).map { _ in Double(rng.next() % 1000) / 7 },
                     children: (0..<20).map { _ in [Double(rng.next() % 100) / 3] })
            }
            let sorted = JSONEncoder()
            sorted.outputFormatting = [.sortedKeys]
            let ours = try JSONWriter.encode(["nodes": nodes])
            // The same keys and values (JSONEncoder writes 9.0 as 9), and the same text whether written in pieces or not.
            let same = (try JSONSerialization.jsonObject(with: Data(ours)) as? NSDictionary)
                == (try JSONSerialization.jsonObject(with: sorted.encode(["nodes": nodes])) as? NSDictionary)
            XCTAssertTrue(same, "\(count)")
            let root = JSONNode()
            try JSONNodeEncoder(node: root, codingPath: []).encodeValue(["nodes": nodes])
            var serial: [UInt8] = []
            root.write(into: &serial, parallel: false)
            XCTAssertTrue(serial == ours, "\(count)")
            XCTAssertEqual(try JSONDecoder().decode([String: [Node]].self, from: Data(ours))["nodes"], nodes)
        }
    }

    func testArraysOfIntegersAndFlagsAreWrittenDirectly() throws {
        struct Tree: Encodable {
            let feature: [Int32] = [0, -1, 2]
            let left: [Int] = [1, -1]
            let bins: [UInt8] = [255, 0]
            let missing: [Bool] = [true, false]
            let empty: [Int32] = []
            let counts: [Double] = [12, 0.5, -3]
        }
        XCTAssertEqual(String(decoding: try JSONWriter.encode(Tree()), as: UTF8.self),
                       #"{"bins":[255,0],"counts":[12.0,0.5,-3.0],"empty":[],"feature":[0,-1,2],"left":[1,-1],"missing":[true,false]}"#)
    }
}
