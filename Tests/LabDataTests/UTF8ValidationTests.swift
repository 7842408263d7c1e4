import XCTest
@testable import LabData

/// The validator skips ASCII 64 and 8 bytes at a time; checked against Swift's own UTF-8
/// decoder on text where the first bad byte falls inside, at the edge of and across those
/// blocks.
final class UTF8ValidationTests: XCTestCase {
    /// The offset of the first byte Swift's decoder rejects, or nil for valid text.
    private func reference(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator(), decoder = UTF8(), offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private func validator(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalid($0.baseAddress!, from: 0, to: bytes.count) }
    }

    func testAgreesWithSwiftsDecoderWhereverTheBadByteFalls() {
        var g = SeededGenerator(seed: 5)
        let pieces: [[UInt8]] = [Array("é".utf8), Array("€".utf8), Array("😀".utf8), Array("a,1.5\n".utf8)]
        let bad: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80]]
        for length in [0, 7, 8, 63, 64, 65, 127, 128, 200, 1000] {
            for _ in 0..<40 {
                // Mostly ASCII with some multibyte characters, sometimes one bad sequence anywhere.
                var bytes = (0..<length).map { _ in UInt8(0x20 + g.below(90)) }
                for _ in 0..<g.below(3) where !bytes.isEmpty {
                    let at = g.below(bytes.count)
                    bytes.insert(contentsOf: pieces[g.below(pieces.count)], at: at)
                }
                if g.below(3) > 0 && !bytes.isEmpty {
                    bytes.insert(contentsOf: bad[g.below(bad.count)], at: g.below(bytes.count + 1))
                }
                XCTAssertEqual(validator(bytes), reference(bytes), "\(bytes)")
            }
        }
    }

    func testABadByteRightAfterAnAsciiBlockIsFound() {
        for offset in [0, 1, 7, 8, 56, 63, 64, 65, 127, 128] {
            var bytes = [UInt8](repeating: 0x61, count: 192)
            bytes[offset] = 0xFE
            XCTAssertEqual(validator(bytes), offset)
        }
        // A character that starts in one 64-byte block and ends in the next is valid; cut short at the end it is not.
        var straddling = [UInt8](repeating: 0x61, count: 62) + Array("😀".utf8) + [UInt8](repeating: 0x61, count: 60)
        XCTAssertNil(validator(straddling))
        straddling = [UInt8](repeating: 0x61, count: 126) + Array("😀".utf8).prefix(2)
        XCTAssertEqual(validator(straddling), 126)
    }
}
