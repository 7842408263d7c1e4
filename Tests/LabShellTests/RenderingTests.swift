import XCTest
import LabData
@testable import LabShell

final class RenderingTests: XCTestCase {
    func testNumbersKeepSixSignificantDigits() {
        XCTAssertEqual(NumberFormat.display(33.29547928134557, type: .float), "33.2955")
        XCTAssertEqual(NumberFormat.display(0.5, type: .float), "0.5")
        XCTAssertEqual(NumberFormat.display(1309, type: .integer), "1309")
        XCTAssertEqual(NumberFormat.display(1234567.891, type: .float), "1234568")
        XCTAssertEqual(NumberFormat.display(0.0000123456, type: .float), "1.23456e-05")
        XCTAssertEqual(NumberFormat.display(-2.5e20, type: .float), "-2.5e+20")
        XCTAssertEqual(NumberFormat.display(18292, type: .date), "2020-01-31")
    }

    func testWideTablesElideMiddleColumnsAndNeverExceedTheWidth() {
        let columns = (1...12).map { "column_\($0)" }
        let rows = (0..<3).map { r in columns.indices.map { Cell.number(Double(r * 100 + $0), .integer) } }
        let table = ResultTable(title: nil, columns: columns, numericColumns: Set(columns.indices), rows: rows, totalRows: 50)
        let text = TableRenderer(width: 60, style: .plain).render(table)
        let lines = text.split(separator: "\n")
        XCTAssertTrue(lines.allSatisfy { $0.count <= 60 }, text)
        XCTAssertEqual(lines[0], "column_1  column_2  column_3  …  column_11  column_12")
        XCTAssertEqual(lines[1], "       0         1         2  …         10         11")
        XCTAssertEqual(lines.suffix(2), ["[showing 3 of 50 rows]", "[7 of 12 columns hidden (show cols=... to pick)]"])
    }

    func testMissingIsShownDistinctlyAndLongTextIsCut() {
        let table = ResultTable(columns: ["a", "b"], rows: [[.missing, .text(String(repeating: "x", count: 40))]])
        // Cells are cut only when the table would not fit: 44 columns needed, 40 available.
        XCTAssertEqual(TableRenderer(width: 40, style: .plain).render(table), "a   b\nNA  xxxxxxxxxxxxxxxxxxxxxxxxxxx…")
        XCTAssertEqual(TableRenderer(width: 80, style: .plain).render(table), "a   b\nNA  " + String(repeating: "x", count: 40))
    }

    func testJSONOutputIsOneObjectWithColumnsAndRows() {
        let table = ResultTable(columns: ["n", "s"], numericColumns: [0],
                                rows: [[.number(1, .integer), .text("a\"b")], [.number(0.1, .float), .missing]])
        XCTAssertEqual(JSONOutput.line(number: 2, command: "show", output: .table(table)),
                       #"{"line":2,"command":"show","ok":true,"result":{"type":"table","columns":["n","s"],"rows":[[1,"a\"b"],[0.1,null]]}}"#)
    }
}
