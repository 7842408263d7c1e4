import XCTest
@testable import LabData

final class CSVWriterTests: XCTestCase {
    /// A cell at a time, as `Column.text(at:)` gives it, text columns quoted when needed.
    private func reference(_ frame: Frame, _ separator: Character) -> String {
        var out = frame.columnNames.map { CSVWriter.quoted($0, separator) }.joined(separator: String(separator)) + "\n"
        for row in 0..<frame.rowCount {
            out += frame.columns.map { c in c.text(at: row).map { c.type == .string ? CSVWriter.quoted($0, separator) : $0 } ?? "" }
                .joined(separator: String(separator)) + "\n"
        }
        return out
    }

    func testEveryTypeIsWrittenAsItsTextOverManyBlocks() throws {
        var rng = SeededGenerator(seed: 5)
        for n in [0, 1, 3, CSVWriter.blockRows + 17] {
            let floats: [Double] = [0, -0.0, 1, -2.5, 0.1, 1e15, 123_456_789_012_345, 1e-7, 3.0e300, .nan, 7e22]
            let f = (0..<n).map { _ in floats[Int(rng.next() % UInt64(floats.count))] }
            let i = (0..<n).map { _ in Double(Int64(bitPattern: rng.next()) >> Int64(rng.next() % 64)) }
            let b = (0..<n).map { _ in Double(rng.next() % 2) }
            let d = (0..<n).map { _ in Double(Int(rng.next() % 40_000) - 10_000) }
            let t = (0..<n).map { _ in Double(Int(rng.next() % 4_000_000_000) - 1_000_000_000) }
            let words = ["plain", "with, comma", "say \"hi\"", "two\nlines", "", "é"]
            let s = (0..<n).map { _ -> String? in rng.next() % 5 == 0 ? nil : words[Int(rng.next() % UInt64(words.count))] }
            var gaps = Bitmap(count: n)
            for r in 0..<n where rng.next() % 6 == 0 { gaps[r] = true }
            let frame = try Frame(name: "t", columns: [
                Column(name: "f", type: .float, values: f, missing: gaps), Column(name: "i", type: .integer, values: i),
                Column(name: "b", type: .boolean, values: b, missing: gaps), Column(name: "d", type: .date, values: d),
                Column(name: "t, time", type: .datetime, values: t), Column(name: "s", strings: s)])
            for separator: Character in [",", ";", "\t", "§"] {
                XCTAssertTrue(CSVWriter.csvText(frame, separator: separator) == reference(frame, separator), "n=\(n) sep=\(separator)")
            }
        }
    }

    /// "\r\n" inside a value is quoted like any line break (Swift reads it as one Character, equal
    /// to neither "\r" nor "\n"), and a row that is one missing cell is written "" so it stays a row.
    func testLineBreaksAreQuotedAndALoneMissingCellKeepsItsRow() throws {
        let text = Column(name: "t", strings: ["a\r\nb", nil, "c\rd", "e\nf", "g"])
        let written = CSVWriter.csvText(try Frame(name: "f", columns: [text]))
        XCTAssertEqual(written, "t\n\"a\r\nb\"\n\"\"\n\"c\rd\"\n\"e\nf\"\ng\n")
        let back = try CSVReader.parse(bytes: Array(written.utf8), source: "w.csv", name: "f").frame
        XCTAssertEqual(back.rowCount, 5)
        XCTAssertEqual(back.contentHash, try Frame(name: "f", columns: [text]).contentHash)
        // Numbers too: a missing number alone on its row.
        let numbers = Column(name: "x", type: .float, values: [1, 0, 3], missing: Bitmap([false, true, false]))
        XCTAssertEqual(CSVWriter.csvText(try Frame(name: "n", columns: [numbers])), "x\n1.0\n\"\"\n3.0\n")
    }

    func testAWrittenFileReadsBackToTheSameFrame() throws {
        let dir = "/tmp/opslab-writer-\(UInt32.random(in: 0...UInt32.max))"
        try FileIO.makeDirectory(dir)
        let catalog = DatasetCatalog(directory: URLPath.repositoryRoot(from: #filePath) + "/datasets")
        let frame = try CSVReader.read(path: catalog.dataset(named: "titanic")!.path, name: "titanic").frame
        try CSVWriter.write(frame, to: dir + "/t.csv")
        let back = try CSVReader.read(path: dir + "/t.csv", name: "titanic").frame
        XCTAssertEqual(back.contentHash, frame.contentHash)
    }
}
