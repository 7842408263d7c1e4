import XCTest
@testable import LabData

/// Every decimal text must parse to the same Double as Swift's own (correctly rounded) parser.
final class NumberParsingTests: XCTestCase {
    private func check(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let (kind, value) = NumberParsing.parse(text)
        guard let expected = Double(text) else { return XCTFail("Swift cannot parse \(text)", file: file, line: line) }
        XCTAssertNotEqual(kind, .none, text, file: file, line: line)
        XCTAssertEqual(value.bitPattern, expected.bitPattern, text, file: file, line: line)
    }

    func testRandomValuesParseCorrectlyRounded() {
        var rng = SeededGenerator(seed: 2024)
        for _ in 0..<200_000 {
            let bits = rng.next()
            let x = Double(bitPattern: bits)
            guard x.isFinite else { continue }
            check(String(x))
            check(String(x * 1e-3))
        }
    }

    func testShortDecimalsAndExponents() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<100_000 {
            let digits = rng.below(20) + 1
            var text = rng.below(2) == 0 ? "-" : ""
            for k in 0..<digits {
                if k == digits / 2 { text += "." }
                text += String(rng.below(10))
            }
            if rng.below(3) == 0 { text += "e\(rng.below(60) - 30)" }
            if text.hasSuffix(".") || text.hasPrefix(".") || text.hasPrefix("-.") { continue }
            check(text)
        }
    }

    func testHardCases() {
        for t in ["0.1", "0.30000000000000004", "2.2250738585072011e-308", "1.7976931348623157e308", "4.9e-324",
                  "9007199254740993", "123456789012345678901234567890", "0.000001", "1e22", "1e23", "-0", "+5",
                  "8.589973e9", "3.14159265358979323846264338327950288"] {
            check(t)
        }
    }

    func testKinds() {
        XCTAssertEqual(NumberParsing.parse("42").0, .integer)
        XCTAssertEqual(NumberParsing.parse(" 42 ").0, .integer)
        XCTAssertEqual(NumberParsing.parse("42.0").0, .float)
        XCTAssertEqual(NumberParsing.parse("1e3").0, .float)
        XCTAssertEqual(NumberParsing.parse("9007199254740993").0, .float)
        // Infinities read as pandas reads them; NaN is a missing-value marker, not a number.
        XCTAssertEqual(NumberParsing.parse("inf").0, .float)
        XCTAssertEqual(NumberParsing.parse(" -Infinity").1, -.infinity)
        for bad in ["", "-", ".", "1.2.3", "1e", "abc", "0x10", "infinit", "--inf", "nan", "1,5", "1 2"] {
            XCTAssertEqual(NumberParsing.parse(bad).0, .none, bad)
        }
    }
}
