import XCTest
@testable import LabData

/// The dictionary that codes a text column's values: equal bytes get one code, any difference
/// another, codes in order of first appearance, whatever the length (words and tails).
final class ByteDictionaryTests: XCTestCase {
    func testEveryOneByteDifferenceAtEveryPositionAndLengthGetsItsOwnCode() {
        var dictionary = ByteDictionary()
        var expected: [[UInt8]: Int32] = [:]
        var order: [[UInt8]] = []
        for length in 0...20 {
            let base = (0..<length).map { UInt8(97 + $0 % 26) }
            var variants = [base]
            for position in 0..<length {
                for replacement: UInt8 in [0x30, 0xC3, 0x00] {
                    var v = base
                    v[position] = replacement
                    variants.append(v)
                }
            }
            for v in variants + variants.reversed() {
                let code = dictionary.code(v)
                if let known = expected[v] {
                    XCTAssertEqual(code, known, "\(v) coded twice differently")
                } else {
                    XCTAssertEqual(code, Int32(order.count), "codes follow first appearance")
                    expected[v] = code
                    order.append(v)
                }
            }
        }
        XCTAssertEqual(dictionary.count, order.count)
        for (code, bytes) in order.enumerated() { XCTAssertEqual(Array(dictionary.bytes(of: code)), bytes) }
    }

    func testCodesReadStraightFromAFileBufferMatchCodesOfCopies() {
        // Values inside a larger buffer: the tail loads must stay inside each value.
        let text = Array("New York,SKU-0609,no,B,,yes,Chicago,SKU-0558,é,New York,B".utf8)
        var fromBuffer = ByteDictionary(), fromCopies = ByteDictionary()
        var start = 0
        text.withUnsafeBufferPointer { buffer in
            for (k, byte) in (text + [UInt8(ascii: ",")]).enumerated() where byte == UInt8(ascii: ",") {
                let a = fromBuffer.code(buffer.baseAddress! + start, k - start)
                let b = fromCopies.code(Array(text[start..<k]))
                XCTAssertEqual(a, b)
                start = k + 1
            }
        }
        XCTAssertEqual(fromBuffer.strings(), ["New York", "SKU-0609", "no", "B", "", "yes", "Chicago", "SKU-0558", "é"])
    }
}
