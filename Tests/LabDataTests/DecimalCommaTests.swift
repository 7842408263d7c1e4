import XCTest
@testable import LabData

final class DecimalCommaTests: XCTestCase {
    private func load(_ text: String, decimalComma: Bool) throws -> Frame {
        var options = CSVOptions()
        options.separator = UInt8(ascii: ";")
        options.decimalComma = decimalComma
        return try CSVReader.parse(bytes: Array(text.utf8), source: "t.csv", name: "t", options: options).frame
    }

    func testValuesAreTheNumbersWithThePointForTheComma() {
        for (text, pointed) in [("1,5", "1.5"), ("-0,25", "-0.25"), ("+3", "3"), (",5", "0.5"), ("1,5e3", "1.5e3"), (" 2,25 ", "2.25"),
                                ("1,5E+2", "1.5E+2"), ("0,1", "0.1"), ("123456789,987654321", "123456789.987654321"), ("7,", "7.")] {
            XCTAssertEqual(DecimalComma.value(text)?.bitPattern, Double(pointed.trimmingCharacters(in: .whitespaces))?.bitPattern, text)
        }
        for text in ["1.5", "1,2,3", "abc", ",", "-", "", "1e", "1,5e", "1 5", "1.234,5", "1,5x", "inf", "1e999"] {
            XCTAssertNil(DecimalComma.value(text), text)
        }
    }

    func testTextColumnsOfSuchNumbersBecomeFloatsWithDecimal() throws {
        let csv = "name;price;qty;code;mixed\napple;1,50;3;a1;1,5\npear;;4;b2;n/a\nfig;10,00;1;c3;x\n"
        let f = try load(csv, decimalComma: true)
        XCTAssertEqual(f.columnNames, ["name", "price", "qty", "code", "mixed"])
        XCTAssertEqual(try f.column("price").type, .float)
        guard case .numbers(let values, let missing) = try f.column("price").data else { return XCTFail("price is numbers") }
        XCTAssertEqual([values[0], values[2]], [1.5, 10.0])
        XCTAssertEqual(missing.map { m in (0..<3).map { m[$0] } }, [false, true, false])
        XCTAssertEqual(try f.column("qty").type, .integer)
        // Text stays text; so does a column with one value that is not a number ("x").
        XCTAssertEqual(try f.column("name").type, .string)
        XCTAssertEqual(try f.column("code").type, .string)
        XCTAssertEqual(try f.column("mixed").type, .string)
        // Without the option the column is text, and named as a candidate with an example.
        let plain = try load(csv, decimalComma: false)
        XCTAssertEqual(try plain.column("price").type, .string)
        XCTAssertEqual(DecimalComma.candidates(plain).map(\.column), ["price"])
        XCTAssertEqual(DecimalComma.candidates(plain).first?.example, "1,50")
        XCTAssertTrue(DecimalComma.candidates(f).isEmpty)
    }
}
