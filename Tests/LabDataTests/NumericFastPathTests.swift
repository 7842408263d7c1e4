import XCTest
@testable import LabData

/// The reader's fast path for records of plain numbers (`NumericRecords`, C) must give the frame
/// the general scanner gives, to the bit, and the same errors: every file below is read both ways.
final class NumericFastPathTests: XCTestCase {
    private func read(_ bytes: [UInt8], fast: Bool, options: CSVOptions = CSVOptions()) -> Result<Frame, DataError> {
        var options = options
        options.numbersInC = fast
        do {
            return .success(try CSVReader.parse(bytes: bytes, source: "t.csv", name: "t", options: options).frame)
        } catch let error as DataError {
            return .failure(error)
        } catch {
            XCTFail("unexpected \(error)")
            return .failure(DataError("unexpected"))
        }
    }

    /// Same columns, types, missing cells and value bits (so -0.0 differs from 0.0), or the same error.
    private func assertSameBothWays(_ text: String, options: CSVOptions = CSVOptions(), file: StaticString = #filePath, line: UInt = #line) {
        let bytes = Array(text.utf8)
        switch (read(bytes, fast: true, options: options), read(bytes, fast: false, options: options)) {
        case (.success(let a), .success(let b)):
            XCTAssertEqual(a.columns.map(\.name), b.columns.map(\.name), file: file, line: line)
            XCTAssertEqual(a.rowCount, b.rowCount, file: file, line: line)
            for (x, y) in zip(a.columns, b.columns) {
                XCTAssertEqual(x.type, y.type, "column \(x.name)", file: file, line: line)
                switch (x.data, y.data) {
                case (.numbers(let u, let m), .numbers(let v, let n)):
                    let differs = u.count == v.count ? u.indices.first { u[$0].bitPattern != v[$0].bitPattern } : 0
                    XCTAssertNil(differs, "column \(x.name), row \(differs ?? 0): \(differs.map { u[$0] } ?? 0) fast, \(differs.map { v[$0] } ?? 0) scanned",
                                 file: file, line: line)
                    XCTAssertEqual(m, n, "column \(x.name)", file: file, line: line)
                default:
                    XCTAssertEqual(x, y, file: file, line: line)
                }
            }
        case (.failure(let a), .failure(let b)):
            XCTAssertEqual(a.description, b.description, file: file, line: line)
        case (let a, let b):
            XCTFail("fast path \(a), scanner \(b)", file: file, line: line)
        }
    }

    /// Numbers as files write them, and the lookalikes the fast path must leave to the scanner.
    static let forms = [
        "0", "-0", "+5", "12", "-3.25", "1.", ".5", "-.5", "007", "-0.0", "1e5", "-2.5E-3", "1e+22", "1e23",
        "1e-22", "1e-23", "4.9e-324", "1.7976931348623157e308", "9007199254740992", "9007199254740993",
        "1234567890123456789", "12345678901234567890", "0.1234567890123456789", "0.00000000000000000001",
        "3.14159", "1e", "1e+", "1.5.3", "--1", "+-1", "1-", "", "NA", "nan", "inf", "-inf", "abc", " 1", "1 ",
        "\"2.5\"", "0x10", "1_000", "1,5",
    ]

    func testEveryFormReadsAsTheScannerReadsIt() {
        // Each form alone in a column of plain numbers, placed past the fast path's start so it
        // meets the form mid-piece, and at the last line (left to the scanner: too near the end).
        let filler = (0..<40).map { "\($0 * 37 % 101).25,\($0)" }.joined(separator: "\n")
        for form in Self.forms {
            let value = form.contains(",") && !form.hasPrefix("\"") ? "\"\(form)\"" : form
            assertSameBothWays("a,b\n\(filler)\n\(value),1\n\(filler)\n")
            assertSameBothWays("a,b\n\(filler)\n1,\(value)\n\(filler)\n")
            assertSameBothWays("a,b\n\(filler)\n\(filler)\n\(value),\(value)")
        }
    }

    func testLineEndingsBlankLinesAndRaggedRows() {
        let rows = (0..<200).map { "\(Double($0) * 0.1),\(-$0),\($0 % 7)e-\($0 % 30)" }
        let body = rows.joined(separator: "\n")
        assertSameBothWays("x,y,z\n" + body + "\n")
        assertSameBothWays("x,y,z\r\n" + rows.joined(separator: "\r\n") + "\r\n")
        assertSameBothWays("x,y,z\n" + rows[..<100].joined(separator: "\n") + "\n\n\n" + rows[100...].joined(separator: "\n"))
        assertSameBothWays("x,y,z\n" + rows[..<100].joined(separator: "\n") + "\n1,2\n" + rows[100...].joined(separator: "\n"))
        assertSameBothWays("x,y,z\n" + rows[..<100].joined(separator: "\n") + "\n1,2,3,4\n" + rows[100...].joined(separator: "\n"))
        assertSameBothWays("x,y,z\n" + rows[..<100].joined(separator: "\n") + "\n1,\"2\n" + rows[100...].joined(separator: "\n"))
        var semicolons = CSVOptions()
        semicolons.separator = UInt8(ascii: ";")
        assertSameBothWays("x;y;z\n" + body.replacingOccurrences(of: ",", with: ";") + "\n", options: semicolons)
        var sentinel = CSVOptions()
        sentinel.missingMarkers.append("-7")
        assertSameBothWays("x,y,z\n" + body + "\n", options: sentinel)
    }

    func testRandomFilesInParallelPieces() {
        // About 3 MB: read in pieces on every core, the fast path stopping and starting again at
        // the odd record in each piece.
        var rng = SeededGenerator(seed: 42)
        var lines = ["a,b,c,d,e,f"]
        for _ in 0..<60_000 {
            var fields: [String] = []
            for j in 0..<6 {
                let x = (rng.unit() - 0.5) * pow(10, Double(rng.below(12)) - 4)
                switch rng.below(1000) {
                case 0: fields.append(Self.forms[rng.below(Self.forms.count)].replacingOccurrences(of: ",", with: ""))
                case 1: fields.append(String(x))
                case 2..<50: fields.append(String(Int(x)))
                default: fields.append(String(format: "%.\(j + rng.below(4))f", x))
                }
            }
            lines.append(fields.joined(separator: ","))
        }
        assertSameBothWays(lines.joined(separator: "\n") + "\n")
        // Plain numbers throughout, each column typed from its own values.
        let clean = lines.enumerated().map { i, l in i == 0 ? l : l.split(separator: ",").enumerated().map { j, f in
            Double(f) != nil && !f.contains("nan") && !f.contains("inf") ? String(f) : "\(j)" }.joined(separator: ",") }
        assertSameBothWays(clean.joined(separator: "\n") + "\n")
    }
}
