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
        "\"2.5\"", "0x10", "1_000", "1,5", " NA", "NA ", " ", "   ", " null ",
        // Around the limits of the common form (at most eight digits each side of a point).
        "12345678", "123456789", "12345678.12345678", "-99999999.99999999", "123456789.5", "1.123456789",
        "99999999.9", "0.00000001", "0.000000001", ".", "-", "+", "-.", "+.5", "1..", "1.2e3", "1.5-", "00000000.00000000",
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

    func testMarkersWithBlanksAroundThemAreMissingBothWays() throws {
        var options = CSVOptions()
        options.missingMarkers += ["?"]
        let filler = (0..<40).map { "\($0 * 37 % 101).25,\($0)" }.joined(separator: "\n")
        for value in ["?", " ?", "? ", "\t?", "  "] {
            assertSameBothWays("a,b\n\(filler)\n\(value),1\n\(filler)\n", options: options)
            let frame = try CSVReader.parse(bytes: Array("a,b\n\(filler)\n\(value),1\n\(filler)\n".utf8), source: "t.csv", name: "t", options: options).frame
            XCTAssertEqual(try frame.column("a").type, .float, "'\(value)'")
            XCTAssertEqual(try frame.column("a").missingCount, 1, "'\(value)'")
        }
    }

    func testEveryDigitSplitOfDecimals() {
        // 0 to 10 digits before the point and 0 to 10 after (the common form's edges at 8), with and
        // without a point, random digits and signs, many rows a column so the fast path reads them.
        var rng = SeededGenerator(seed: 7)
        var lines = ["a,b,c"]
        var written: [String] = []
        for whole in 0...10 {
            for fraction in 0...10 {
                for _ in 0..<30 {
                    let sign = ["", "-", "+"][rng.below(3)]
                    let w = String((0..<whole).map { _ in Character(String(rng.below(10))) })
                    let f = String((0..<fraction).map { _ in Character(String(rng.below(10))) })
                    let text = fraction == 0 && rng.below(2) == 0 ? sign + (w.isEmpty ? "0" : w) : sign + w + "." + f
                    guard text.contains(where: \.isNumber) else { continue }
                    written.append(text)
                    lines.append("\(text),\(rng.below(1000)),\(text)")
                }
            }
        }
        let file = lines.joined(separator: "\n") + "\n"
        assertSameBothWays(file)
        // And each value is the correctly rounded one Swift's own parser gives.
        guard case .success(let frame) = read(Array(file.utf8), fast: true), case .numbers(let values, _) = frame.columns[0].data else {
            return XCTFail("the decimals did not read as numbers")
        }
        XCTAssertEqual(values.count, written.count)
        for (value, text) in zip(values, written) where value.bitPattern != Double(text)!.bitPattern {
            XCTFail("\(text) read as \(value)")
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

    func testEmptyFieldsAreMissing() {
        // Gaps anywhere, a column with no value at all (typed as the scanner types it: float), a
        // one-column file whose empty lines are blank lines, and CR LF after an empty last field.
        let rows = (0..<300).map { i in "\(i % 3 == 0 ? "" : "\(i)"),,\(i % 5 == 0 ? "" : "\(Double(i) / 8)")" }
        assertSameBothWays("a,b,c\n" + rows.joined(separator: "\n") + "\n")
        assertSameBothWays("a,b,c\r\n" + rows.joined(separator: "\r\n") + "\r\n")
        let single = (0..<300).map { $0 % 7 == 0 ? "" : "\($0)" }
        assertSameBothWays("a\n" + single.joined(separator: "\n") + "\n")
        assertSameBothWays("a\r\n" + single.joined(separator: "\r\n") + "\r\n")
        let frame = try? read(Array(("a,b,c\n" + rows.joined(separator: "\n") + "\n").utf8), fast: true).get()
        XCTAssertEqual(frame?.columns.map(\.missingCount), [100, 300, 60])
        XCTAssertEqual(frame?.columns.map(\.type), [.integer, .float, .float])
    }

    func testFastPathStopsAtTheRecordItCannotRead() {
        // 100 plain records, then one whose first cell is empty (missing) and second is text: the
        // fast path ends before that record and forgets its missing cell (the scanner reads it).
        let head = "a,b\n", plain = String(repeating: "1.5,2\n", count: 100), odd = ",x\n"
        let bytes = Array((head + plain + odd + String(repeating: "3,4\n", count: 50)).utf8)
        bytes.withUnsafeBufferPointer { b in
            let scanner = CSVScanner(base: b.baseAddress!, size: b.count, separator: UInt8(ascii: ","), maxFieldBytes: 1 << 20)
            let columns = UnsafeMutablePointer<ChunkColumn>.allocate(capacity: 2)
            for j in 0..<2 { (columns + j).initialize(to: ChunkColumn(kind: .unknown, expectedRows: 16)) }
            defer {
                for j in 0..<2 { columns[j].deallocate() }
                columns.deinitialize(count: 2)
                columns.deallocate()
            }
            let read = NumericRecords.read(scanner, from: head.utf8.count, stopAt: b.count, columns: columns, width: 2)
            XCTAssertEqual(read.records, 100)
            XCTAssertEqual(read.end, head.utf8.count + plain.utf8.count)
            XCTAssertEqual(columns[0].rows, 100)
            XCTAssertEqual(columns[0].missingRows.count, 0)
            XCTAssertEqual(columns[0].kind, .float)
            XCTAssertEqual(columns[1].kind, .integer)
            XCTAssertEqual(Array(columns[0].valueBuffer.prefix(2)), [1.5, 1.5])
        }
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
