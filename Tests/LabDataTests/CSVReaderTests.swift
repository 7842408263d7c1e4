import XCTest
import Foundation
@testable import LabData

final class CSVReaderTests: XCTestCase {
    private func load(_ text: String, options: CSVOptions = CSVOptions()) throws -> Frame {
        try CSVReader.parse(bytes: Array(text.utf8), source: "t.csv", name: "t", options: options).frame
    }

    private func error(_ text: String, options: CSVOptions = CSVOptions()) -> DataError? {
        error(bytes: Array(text.utf8), options: options)
    }

    private func error(bytes: [UInt8], options: CSVOptions = CSVOptions()) -> DataError? {
        do {
            _ = try CSVReader.parse(bytes: bytes, source: "t.csv", name: "t", options: options)
            return nil
        } catch let e as DataError {
            return e
        } catch {
            XCTFail("unexpected error type \(error)")
            return nil
        }
    }

    func testInfersEachColumnType() throws {
        let f = try load("""
        i,x,b,d,t,s
        1,1.5,true,2020-01-31,2020-01-31T10:20:30Z,a
        -7,2,False,2021-02-28,2021-02-28 00:00:01,b
        """)
        XCTAssertEqual(f.columns.map(\.type), [.integer, .float, .boolean, .date, .datetime, .string])
        XCTAssertEqual(f.columns[0].value(at: 1), .number(-7))
        XCTAssertEqual(f.columns[1].value(at: 1), .number(2))
        XCTAssertEqual(f.columns[2].value(at: 0), .bool(true))
        XCTAssertEqual(f.columns[3].value(at: 0), .number(Double(DateParsing.days(year: 2020, month: 1, day: 31))))
        XCTAssertEqual(f.columns[3].value(at: 0), .number(18292))
        XCTAssertEqual(f.columns[4].text(at: 0), "2020-01-31T10:20:30Z")
        XCTAssertEqual(f.columns[4].value(at: 1), .number(18686 * 86400 + 1))
        XCTAssertEqual(f.columns[5].value(at: 1), .string("b"))
    }

    func testDatetimeOffsetsAreConvertedToUTC() throws {
        let f = try load("t\n2020-01-01T12:00:00+02:00\n2020-01-01T12:00:00.25-0130\n")
        XCTAssertEqual(f.columns[0].text(at: 0), "2020-01-01T10:00:00Z")
        XCTAssertEqual(f.columns[0].text(at: 1), "2020-01-01T13:30:00.25Z")
    }

    func testMissingMarkersAndEmptyCells() throws {
        let f = try load("a,b\n1,x\n,NA\nNaN,\nnull,y\n")
        XCTAssertEqual(f.columns[0].type, .integer)
        XCTAssertEqual(f.columns[0].missingCount, 3)
        XCTAssertEqual(f.columns[1].missingCount, 2)
        var options = CSVOptions()
        options.missingMarkers.append("?")
        let g = try load("a\n1\n?\n", options: options)
        XCTAssertEqual(g.columns[0].missingCount, 1)
        XCTAssertEqual(g.columns[0].type, .integer)
    }

    func testNumericMissingMarkers() throws {
        // Sentinels such as -999 are numbers to the parser: they must still read as missing,
        // byte for byte (-9990 and -999.0 stay values), in every column and on the last line.
        var options = CSVOptions()
        options.missingMarkers.append(contentsOf: ["-999", "99.5"])
        let f = try load("a,b,c\n1,-999,x\n-999,2.5,y\n-9990,99.5,z\n-999.0,3,-999\n4,-999,w", options: options)
        XCTAssertEqual(f.columns[0].type, .float)
        XCTAssertEqual(f.columns[0].missingCount, 1)
        XCTAssertEqual(f.columns[0].value(at: 2), .number(-9990))
        XCTAssertEqual(f.columns[0].value(at: 3), .number(-999))
        XCTAssertEqual(f.columns[1].type, .float)
        XCTAssertEqual(f.columns[1].missingCount, 3)
        XCTAssertEqual(f.columns[1].value(at: 0), .missing)
        XCTAssertEqual(f.columns[1].value(at: 1), .number(2.5))
        XCTAssertEqual(f.columns[2].type, .string)
        XCTAssertEqual(f.columns[2].missingCount, 1)
        // Without the option they are plain values.
        XCTAssertEqual(try load("a\n-999\n1\n").columns[0].missingCount, 0)
    }

    func testLinesEndingInCRAloneAreLines() throws {
        let path = NSTemporaryDirectory() + "cr-\(UInt32.random(in: 0...UInt32.max)).csv"
        let bytes = Array("a,b\r1,2\r3,\"x\"\r".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let load = try CSVReader.read(path: path, name: "cr")
        XCTAssertEqual(try CSVReader.fileSHA256(path: path), SHA256Hasher.hex(bytes), "the file's own bytes")
        let f = load.frame
        XCTAssertEqual(f.rowCount, 2)
        XCTAssertEqual(f.columns.map(\.name), ["a", "b"])
        XCTAssertEqual(f.columns[0].text(at: 1), "3")
        XCTAssertEqual(f.columns[1].text(at: 1), "x")
    }

    func testInfinitiesAreNumbersAndLookalikesAreText() throws {
        let f = try load("a,b,c\n1,inf,info\n2,-Infinity,x\n3,+INF,y\n")
        XCTAssertEqual(f.columns[0].type, .integer)
        XCTAssertEqual(f.columns[1].type, .float)
        guard case .numbers(let b, _) = f.columns[1].data else { return XCTFail("not numbers") }
        XCTAssertEqual(b, [.infinity, -.infinity, .infinity])
        XCTAssertEqual(f.columns[2].type, .string)
        // An integer column turns float at its first infinity.
        let g = try load("a\n1\n2\n inf \n")
        XCTAssertEqual(g.columns[0].type, .float)
        guard case .numbers(let a, _) = g.columns[0].data else { return XCTFail("not numbers") }
        XCTAssertEqual(a, [1, 2, .infinity])
        XCTAssertEqual(NumberParsing.parse(Array("-inf".utf8), 4).1, -.infinity)
        XCTAssertEqual(NumberParsing.parse(Array("infinite".utf8), 8).0, ParsedNumberKind.none)
    }

    func testRFC4180QuotingCRLFAndBOM() throws {
        let text = "\u{FEFF}name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\n\"multi\nline\",plain\r\n"
        let f = try load(text)
        XCTAssertEqual(f.columnNames, ["name", "note"])
        XCTAssertEqual(f.rowCount, 2)
        XCTAssertEqual(f.columns[0].text(at: 0), "Smith, J")
        XCTAssertEqual(f.columns[1].text(at: 0), "said \"hi\"")
        XCTAssertEqual(f.columns[0].text(at: 1), "multi\nline")
        XCTAssertEqual(f.columns[1].text(at: 1), "plain")
    }

    func testBlankLinesAreSkippedAndLastLineNeedsNoNewline() throws {
        let f = try load("a,b\n\n1,2\n\n3,4")
        XCTAssertEqual(f.rowCount, 2)
        XCTAssertEqual(f.columns[1].value(at: 1), .number(4))
    }

    func testColumnTurningToTextKeepsOriginalText() throws {
        let f = try load("code\n007\n12\nX9\n")
        XCTAssertEqual(f.columns[0].type, .string)
        XCTAssertEqual((0..<3).map { f.columns[0].text(at: $0) }, ["007", "12", "X9"])
    }

    func testIntegersWidenToFloatAndDatesToDatetime() throws {
        let f = try load("a,d\n1,2020-01-01\n2.5,2020-01-02T06:00:00Z\n")
        XCTAssertEqual(f.columns[0].type, .float)
        XCTAssertEqual(f.columns[1].type, .datetime)
        XCTAssertEqual(f.columns[1].text(at: 0), "2020-01-01T00:00:00Z")
    }

    func testAllMissingColumnIsFloat() throws {
        let f = try load("a,b\n1,\n2,\n")
        XCTAssertEqual(f.columns[1].type, .float)
        XCTAssertEqual(f.columns[1].missingCount, 2)
    }

    func testSeparatorOption() throws {
        var options = CSVOptions()
        options.separator = UInt8(ascii: ";")
        let f = try load("a;b\n1,5;x\n", options: options)
        XCTAssertEqual(f.columns[0].type, .string)
        XCTAssertEqual(f.columns[0].text(at: 0), "1,5")
    }

    func testEmptyHeaderNamesGetPlaceholders() throws {
        let f = try load("a,,c\n1,2,3\n")
        XCTAssertEqual(f.columnNames, ["a", "unnamed_2", "c"])
    }

    // MARK: bad input: one clear message with file, line and column

    func testRaggedRowTooFewFields() {
        let e = error("a,b,c\n1,2,3\n4,5\n")
        XCTAssertEqual(e?.message, "t.csv:3:4: this row has 2 fields, the header has 3")
    }

    func testRaggedRowTooManyFields() {
        let e = error("a,b\n1,2\n3,4,5\n")
        XCTAssertEqual(e?.message, "t.csv:3:5: this row has more than the 2 fields of the header")
    }

    func testARowWiderThanAOneColumnHeaderSuggestsTheSeparator() {
        let e = error("a;b;c\n1,5;2;x\n")
        XCTAssertEqual(e?.message, "t.csv:2:3: this row has more than the 1 fields of the header")
        XCTAssertEqual(e?.hint, "the header read as one column, 'a;b;c': if the fields are separated by ';', load the file with sep=;")
        XCTAssertEqual(error("a\tb\n1,5\t2\n")?.hint, "the header read as one column, 'a\tb': if the fields are separated by tabs, load the file with sep=tab")
        // Whatever the row's fault: here a quote that a comma cut the field before.
        XCTAssertEqual(error("id;city;amount\n1;\"Paris\";1,5\n")?.hint,
                       "the header read as one column, 'id;city;amount': if the fields are separated by ';', load the file with sep=;")
        // A header of several columns: the usual advice.
        XCTAssertEqual(error("a;b,c\n1,2,3\n")?.hint, "a value containing the separator must be quoted; or the header is missing a column name")
    }

    func testUnterminatedQuote() {
        let e = error("a,b\n1,\"never closed\n2,3\n")
        XCTAssertEqual(e?.message, "t.csv:2:3: a quoted field opened here is never closed")
    }

    func testStrayQuoteAndTextAfterQuote() {
        XCTAssertEqual(error("a\n5'10\"\n")?.message, "t.csv:2:5: a quote inside unquoted field 1 ('a')")
        XCTAssertEqual(error("a,b\n\"x\"y,1\n")?.message, "t.csv:2:4: unexpected text after the closing quote of field 1 ('a')")
    }

    func testInvalidUTF8() {
        var bytes = Array("a,b\nok,caf".utf8)
        bytes.append(0xE9)
        bytes += Array("\n".utf8)
        let e = error(bytes: bytes)
        XCTAssertEqual(e?.message, "t.csv:2:7: invalid UTF-8 (byte 0xE9)")
        XCTAssertNotNil(e?.hint?.contains("iconv"))
    }

    func testEmptyFileAndHeaderOnly() {
        XCTAssertEqual(error("")?.message, "t.csv is empty")
        XCTAssertEqual(error(" \n\n")?.message, "t.csv is empty")
        XCTAssertEqual(error("a,b\n")?.message, "t.csv has a header but no data rows")
    }

    func testFilesOfOtherFormatsAreNamedNotParsed() {
        func message(_ bytes: [UInt8]) -> String? { error(bytes: bytes).map { $0.message + " | " + ($0.hint ?? "") } }
        XCTAssertEqual(message([0x1F, 0x8B, 0x08, 0x00, 0x00]), "t.csv is not a CSV file: it is compressed with gzip | decompress it first: gunzip -k t.csv")
        XCTAssertEqual(message(Array("BZh9".utf8) + [0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0x00]),
                       "t.csv is not a CSV file: it is compressed with bzip2 | decompress it first: bunzip2 -k t.csv")
        XCTAssertEqual(message([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00])?.hasPrefix("t.csv is not a CSV file: it is a zip archive"), true)
        XCTAssertEqual(message(Array("PAR1".utf8) + [0, 1, 2] + Array("PAR1".utf8))?.hasPrefix("t.csv is not a CSV file: it is a Parquet file"), true)
        XCTAssertEqual(message(Array("SQLite format 3".utf8) + [0, 16, 0]),
                       "t.csv is not a CSV file: it is a SQLite database | load one of its tables: load sqlite:t.csv table=NAME")
        XCTAssertEqual(message([0xFF, 0xFE] + Array("a\0,\0b\0".utf8)),
                       "t.csv is text in UTF-16 (little-endian), not UTF-8 | convert it to UTF-8: iconv -f UTF-16 -t UTF-8 t.csv > out.csv")
        // Text that only starts like one of them is text.
        XCTAssertNil(error("BZh,PAR1\n1,2\n"))
        XCTAssertNil(error("PAR1,x\n1,2\n"))
    }

    func testARepeatedHeaderNameIsSuffixedWithTheFirstFreeNumber() throws {
        let load = try CSVReader.parse(bytes: Array("a,b,a,a_2,a\n1,2,3,4,5\n".utf8), source: "t.csv", name: "t")
        XCTAssertEqual(load.frame.columnNames, ["a", "b", "a_3", "a_2", "a_4"])
        XCTAssertEqual(load.renamed, [HeaderRename(position: 3, header: "a", name: "a_3"), HeaderRename(position: 5, header: "a", name: "a_4")])
        XCTAssertEqual(load.frame.columns[2].value(at: 0), .number(3))
        XCTAssertEqual(try CSVReader.parse(bytes: Array("a,b\n1,2\n".utf8), source: "t.csv", name: "t").renamed, [])
    }

    func testHugeFieldIsRefusedUnlessTheLimitIsRaised() throws {
        let big = String(repeating: "x", count: 3 << 20)
        var options = CSVOptions()
        options.maxFieldBytes = 2 << 20
        let e = error("a,b\n1,\"\(big)\"\n", options: options)
        XCTAssertEqual(e?.message, "t.csv:2:3: field 2 ('b') is 3 MB, over the 2 MB limit for one field")
        XCTAssertTrue(e?.hint?.contains("maxfield=4") ?? false)
        options.maxFieldBytes = 4 << 20
        let f = try load("a,b\n1,\"\(big)\"\n", options: options)
        XCTAssertEqual(f.columns[1].text(at: 0)?.count, 3 << 20)
    }

    func testMissingFileAndDirectory() {
        XCTAssertThrowsError(try CSVReader.read(path: "/nonexistent/x.csv", name: "x")) { e in
            XCTAssertEqual((e as? DataError)?.message, "cannot read '/nonexistent/x.csv': no such file")
        }
        XCTAssertThrowsError(try CSVReader.read(path: "/tmp", name: "x")) { e in
            XCTAssertEqual((e as? DataError)?.message, "'/tmp' is a directory, not a CSV file")
        }
    }

    // MARK: large inputs take the parallel path and must agree with the sequential one

    /// Rows whose quoted fields contain newlines and separators, so a guessed split point often falls inside a quote.
    private func bigCSV(rows: Int, textAt: Int? = nil) -> (String, [String], [Double]) {
        var rng = SeededGenerator(seed: 7)
        var text = "id,note,value\n"
        var notes: [String] = []
        var values: [Double] = []
        for i in 0..<rows {
            let note = rng.below(3) == 0 ? "line \(i)\nsecond, with \"quote\"" : "n\(i)"
            let value = Double(rng.below(1_000_000)) / 1000
            notes.append(note)
            values.append(value)
            let quotedNote = "\"" + note.replacingAll("\"", with: "\"\"") + "\""
            let id = i == textAt ? "X\(i)" : String(i)
            text += "\(id),\(quotedNote),\(value)\n"
        }
        return (text, notes, values)
    }

    func testParallelParseMatchesRowByRow() throws {
        let (text, notes, values) = bigCSV(rows: 120_000)
        XCTAssertGreaterThan(text.utf8.count, CSVReader.parallelThreshold)
        let f = try load(text)
        XCTAssertEqual(f.rowCount, 120_000)
        XCTAssertEqual(f.columns[0].type, .integer)
        for i in stride(from: 0, to: 120_000, by: 997) {
            XCTAssertEqual(f.columns[0].value(at: i), .number(Double(i)))
            XCTAssertEqual(f.columns[1].text(at: i), notes[i])
            XCTAssertEqual(f.columns[2].value(at: i), .number(values[i]))
        }
    }

    func testColumnBecomingTextInALaterChunkIsRereadAsText() throws {
        let (text, _, _) = bigCSV(rows: 120_000, textAt: 119_000)
        let f = try load(text)
        XCTAssertEqual(f.columns[0].type, .string)
        XCTAssertEqual(f.columns[0].text(at: 5), "5")
        XCTAssertEqual(f.columns[0].text(at: 119_000), "X119000")
        XCTAssertEqual(f.columns[2].type, .float)
    }

    func testErrorLineIsExactInALargeFile() {
        var (text, _, _) = bigCSV(rows: 60_000)
        text += "1,2\n"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        XCTAssertEqual(error(text)?.message, "t.csv:\(lines):4: this row has 2 fields, the header has 3")
    }

    func testFileHashIsSHA256OfTheBytes() throws {
        let path = NSTemporaryDirectory() + "hash-\(UInt32.random(in: 0...UInt32.max)).csv"
        try Data("a\n1\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try CSVReader.fileSHA256(path: path), SHA256Hasher.hex(Array("a\n1\n".utf8)))
        XCTAssertEqual(SHA256Hasher.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testBundledDatasetsLoad() throws {
        let here = URLPath.repositoryRoot(from: #filePath)
        let catalog = DatasetCatalog(directory: here + "/datasets")
        XCTAssertEqual(catalog.names.count, 10)
        let titanic = try CSVReader.read(path: catalog.dataset(named: "titanic")!.path, name: "titanic").frame
        XCTAssertEqual(titanic.rowCount, 1309)
        XCTAssertEqual(titanic.columnCount, 14)
        XCTAssertEqual(try titanic.column("age").missingCount, 263)
        XCTAssertEqual(try titanic.column("name").text(at: 0), "Allen, Miss. Elisabeth Walton")
        for d in catalog.datasets {
            let f = try CSVReader.read(path: d.path, name: d.name).frame
            XCTAssertEqual(f.rowCount, d.rows, d.name)
            XCTAssertEqual(f.columnCount, d.columns, d.name)
        }
    }
}

enum URLPath {
    static func repositoryRoot(from file: String) -> String {
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/")
    }
}
