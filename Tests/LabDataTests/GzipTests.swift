import XCTest
@testable import LabData

/// .csv.gz files read as the CSV they hold, pinned by the file's own bytes; written by `write x.csv.gz`.
final class GzipTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private let text = "name,age,city\n\"Smith, J\",41,Oslo\nLee,,\"New\nYork\"\nKim,7.5,Rome\n"

    func testAGzipFileReadsAsTheTextItHolds() throws {
        let gz = try Gzip.compress([Array(text.utf8)])
        XCTAssertEqual(Array(gz.prefix(2)), [0x1F, 0x8B])
        let path = try file("people.csv.gz", gz)
        let load = try CSVReader.read(path: path, name: "people")
        let plain = try CSVReader.parse(bytes: Array(text.utf8), source: "people.csv", name: "people")
        XCTAssertEqual(load.frame.columnNames, ["name", "age", "city"])
        XCTAssertEqual(try load.frame.column("city").value(at: 1), .string("New\nYork"))
        XCTAssertEqual(load.frame.contentHash, plain.frame.contentHash)
        // The file's own hash is of the compressed bytes, as they lie.
        XCTAssertEqual(try CSVReader.fileSHA256(path: path), SHA256Hasher.hex(gz))
        XCTAssertEqual(load.byteCount, gz.count)
    }

    func testMembersOneAfterAnotherReadAsOneText() throws {
        let bytes = Array(text.utf8)
        let cut = bytes.firstIndex(of: 0x0A)! + 1
        let path = try file("two.csv.gz", try Gzip.compress([Array(bytes[..<cut])]) + (try Gzip.compress([Array(bytes[cut...])])))
        XCTAssertEqual(try CSVReader.read(path: path, name: "two").frame.rowCount, 3)
    }

    func testACutOrDamagedFileSaysSoAndLoadsNothing() throws {
        let big = (0..<5000).map { "\($0),\($0 * 7 % 13),label\($0 % 5)\n" }.joined()
        let gz = try Gzip.compress([Array(("a,b,c\n" + big).utf8)])
        let cutPath = try file("cut.csv.gz", Array(gz.prefix(gz.count / 2)))
        XCTAssertThrowsError(try CSVReader.read(path: cutPath, name: "cut")) { error in
            XCTAssertEqual((error as? DataError)?.message, "\(cutPath) ends before its compressed data does: the file is cut short")
            XCTAssertEqual((error as? DataError)?.hint, "copy or download it again; gzip -t \(cutPath) tests it")
        }
        var damaged = gz
        damaged[damaged.count - 6] ^= 0xFF // the CRC-32 of the text
        let damagedPath = try file("bad.csv.gz", damaged)
        XCTAssertThrowsError(try CSVReader.read(path: damagedPath, name: "bad")) { error in
            XCTAssertEqual((error as? DataError)?.message.hasPrefix("\(damagedPath) is damaged: its gzip data does not decompress (incorrect data check"), true)
        }
    }

    func testExpandingPastTheLimitIsRefused() throws {
        let zeros = try Gzip.compress([[UInt8](repeating: 0x30, count: 1 << 22)])
        XCTAssertLessThan(zeros.count, 1 << 16)
        try zeros.withUnsafeBufferPointer { b in
            XCTAssertThrowsError(try Gzip.decompress(b.baseAddress!, b.count, source: "z.csv.gz", limit: 1 << 20)) { error in
                XCTAssertEqual((error as? DataError)?.message, "z.csv.gz expands to more than 1 MB, more than this machine can hold with its frame")
            }
            XCTAssertEqual(try Gzip.decompress(b.baseAddress!, b.count, source: "z.csv.gz", limit: 1 << 23).count, 1 << 22)
        }
    }

    func testWritingANameEndingInGzCompresses() throws {
        let frame = try CSVReader.parse(bytes: Array(text.utf8), source: "t.csv", name: "t").frame
        let path = directory.appendingPathComponent("out.csv.gz").path
        try CSVWriter.write(frame, to: path)
        let written = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(written.prefix(2)), [0x1F, 0x8B])
        let back = try written.withUnsafeBufferPointer { try Gzip.decompress($0.baseAddress!, $0.count, source: path, limit: 1 << 20) }
        XCTAssertEqual(String(decoding: back, as: UTF8.self), CSVWriter.csvText(frame))
        XCTAssertEqual(try CSVReader.read(path: path, name: "t").frame.contentHash, frame.contentHash)
        // Many parts, and none, compress to the same text.
        let parts = (0..<50).map { Array("part \($0)\n".utf8) }
        let many = try Gzip.compress(parts)
        XCTAssertEqual(try many.withUnsafeBufferPointer { try Gzip.decompress($0.baseAddress!, $0.count, source: "m", limit: 1 << 20) }, parts.flatMap { $0 })
        let none = try Gzip.compress([])
        XCTAssertEqual(try none.withUnsafeBufferPointer { try Gzip.decompress($0.baseAddress!, $0.count, source: "n", limit: 1 << 20) }, [])
    }
}
