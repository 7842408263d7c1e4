import XCTest
@testable import LabData

final class NumberMarksTests: XCTestCase {
    private let comma = UInt8(ascii: ","), point = UInt8(ascii: ".")

    private func load(_ text: String, _ marks: NumberMarks) throws -> Frame {
        var options = CSVOptions()
        options.separator = UInt8(ascii: ";")
        options.numberMarks = marks
        return try CSVReader.parse(bytes: Array(text.utf8), source: "t.csv", name: "t", options: options).frame
    }

    private func assertReads(_ marks: NumberMarks, _ cases: [(String, String)], refuses: [String], file: StaticString = #filePath, line: UInt = #line) {
        for (text, plain) in cases {
            XCTAssertEqual(marks.value(text)?.bitPattern, Double(plain)?.bitPattern, text, file: file, line: line)
        }
        for text in refuses { XCTAssertNil(marks.value(text), text, file: file, line: line) }
    }

    func testDecimalCommaValuesAreTheNumbersWithThePointForTheComma() {
        assertReads(NumberMarks(decimal: comma),
                    [("1,5", "1.5"), ("-0,25", "-0.25"), ("+3", "3"), (",5", "0.5"), ("1,5e3", "1.5e3"), (" 2,25 ", "2.25"),
                     ("1,5E+2", "1.5E+2"), ("0,1", "0.1"), ("123456789,987654321", "123456789.987654321"), ("7,", "7.")],
                    refuses: ["1.5", "1,2,3", "abc", ",", "-", "", "1e", "1,5e", "1 5", "1.234,5", "1,5x", "inf", "1e999"])
    }

    func testThousandsGroupsAreThreeDigitsAfterOneToThree() {
        assertReads(NumberMarks(thousands: comma),
                    [("1,234", "1234"), ("1,234,567", "1234567"), ("-12,345.5", "-12345.5"), ("999", "999"), ("1234", "1234"),
                     ("0.5", "0.5"), ("1,000e3", "1000e3"), ("+123,456", "123456")],
                    refuses: ["1,23", "1,2345", "1234,567", ",123", "1,,234", "1,234,", "12,34,567", "1.2.3", "a,123"])
        // Both marks: 1.234.567,89 as written in much of Europe.
        assertReads(NumberMarks(decimal: comma, thousands: point),
                    [("1.234.567,89", "1234567.89"), ("12,5", "12.5"), ("1.000", "1000"), ("-0,01", "-0.01")],
                    refuses: ["1,234.56", "1.23,4", "12.34"])
    }

    func testTextColumnsOfSuchNumbersBecomeNumbersWithTheOption() throws {
        let csv = "name;price;qty;code;mixed\napple;1,50;3;a1;1,5\npear;;4;b2;n/a\nfig;10,00;1;c3;x\n"
        let f = try load(csv, NumberMarks(decimal: comma))
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
        let plain = try load(csv, NumberMarks())
        XCTAssertEqual(try plain.column("price").type, .string)
        XCTAssertEqual(NumberMarks(decimal: comma).candidates(plain).map(\.column), ["price"])
        XCTAssertEqual(NumberMarks(decimal: comma).candidates(plain).first?.example, "1,50")
        XCTAssertTrue(NumberMarks(decimal: comma).candidates(f).isEmpty)
        // Thousands without a fraction anywhere: an integer column.
        let counts = try load("city;people;share\nA;1.234.567;0,5\nB;999;0,25\n", NumberMarks(decimal: comma, thousands: point))
        XCTAssertEqual(try counts.column("people").type, .integer)
        XCTAssertEqual(try counts.column("people").value(at: 0), .number(1_234_567))
        XCTAssertEqual(try counts.column("share").type, .float)
    }
}
