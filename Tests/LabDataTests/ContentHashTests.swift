import XCTest
@testable import LabData

final class ContentHashTests: XCTestCase {
    private func csv(_ text: String, name: String = "t") throws -> Frame {
        try CSVReader.parse(bytes: Array(text.utf8), source: "t.csv", name: name).frame
    }

    /// The documented canonical form, computed independently with Python's hashlib and struct:
    /// `i` integer [1, missing, 3], `x` float [0.5, -0.0, 2.25], `s` string ["a", missing, "é"].
    func testMatchesTheDocumentedCanonicalForm() throws {
        let f = try Frame(name: "anything", columns: [
            Column(name: "i", type: .integer, values: [1, 42, 3], missing: Bitmap([false, true, false])),
            Column(name: "x", type: .float, values: [0.5, -0.0, 2.25]),
            Column(name: "s", strings: ["a", nil, "é"]),
        ])
        XCTAssertEqual(f.contentHash, "2c2c02eb26410289c0c43e21649f7f0f1447fcf0cefffb0d156f7aa04bf1ac63")
    }

    func testIgnoresFormattingLevelOrderAndFrameName() throws {
        let a = try csv("id,price,city\n1,1.50,Oslo\n2,2,Lima\n3,,Oslo\n", name: "a")
        let b = try csv("\"id\",\"price\",\"city\"\r\n1,1.5,\"Oslo\"\r\n2,2.0,Lima\r\n3,NA,Oslo\r\n", name: "b")
        XCTAssertEqual(a.contentHash, b.contentHash)
        // Same strings under a different dictionary order.
        let c1 = try Frame(name: "x", columns: [Column(name: "s", codes: [0, 1, 0], levels: ["p", "q"])])
        let c2 = try Frame(name: "y", columns: [Column(name: "s", codes: [1, 0, 1], levels: ["q", "p"])])
        XCTAssertEqual(c1.contentHash, c2.contentHash)
        // A filtered frame keeps its (now unused) levels; the hash only sees the rows.
        let filtered = try csv("s\np\nq\np\n").filtering(Bitmap([true, false, true]))
        XCTAssertEqual(filtered.contentHash, try csv("s\np\np\n").contentHash)
    }

    func testChangesWithAnyValueNameTypeOrMissingCell() throws {
        let base = try csv("a,b\n1,x\n2,y\n")
        let hashes = [
            base.contentHash,
            try csv("a,b\n1,x\n3,y\n").contentHash,
            try csv("a,c\n1,x\n2,y\n").contentHash,
            try csv("a,b\n1.5,x\n2,y\n").contentHash,
            try csv("a,b\n1,x\n,y\n").contentHash,
            try csv("a,b\n1,x\n0,y\n").contentHash,
            try csv("a,b\n1,x\n2,\n").contentHash,
            try csv("a,b\n1,x\n2,y\n2,y\n").contentHash,
            try csv("b,a\nx,1\ny,2\n").contentHash,
        ]
        XCTAssertEqual(Set(hashes).count, hashes.count)
        // An integer 1 and a float 1.0 hold the same number but are different data.
        let int = try Frame(name: "t", columns: [Column(name: "v", type: .integer, values: [1])])
        let float = try Frame(name: "t", columns: [Column(name: "v", type: .float, values: [1])])
        XCTAssertNotEqual(int.contentHash, float.contentHash)
        // An empty string is not a missing one.
        let empty = try Frame(name: "t", columns: [Column(name: "s", strings: [""])])
        let missing = try Frame(name: "t", columns: [Column(name: "s", strings: [nil])])
        XCTAssertNotEqual(empty.contentHash, missing.contentHash)
    }

    func testLargeFramesHashTheSameAcrossChunkBoundaries() throws {
        let n = 20_000
        let values = (0..<n).map { Double($0 % 977) * 0.25 }
        let f = try Frame(name: "t", columns: [
            Column(name: "v", type: .float, values: values, missing: Bitmap((0..<n).map { $0 % 101 == 0 })),
            Column(name: "s", strings: (0..<n).map { $0 % 7 == 0 ? nil : "level \($0 % 13)" }),
        ])
        XCTAssertEqual(f.contentHash, f.gathering(Array(0..<n)).contentHash)
        XCTAssertNotEqual(f.contentHash, f.head(n - 1).contentHash)
        XCTAssertEqual(f.contentHash.count, 64)
    }

    /// The canonical form written out row by row, as the documentation states it, against the
    /// hashing's fast paths: values normalized in chunks, short categories copied as fixed slots
    /// (a record of exactly 32 bytes, one of 33), long ones byte by byte, across the 64 KB buffer.
    func testLargeFramesMatchTheCanonicalFormWrittenOut() throws {
        let n = 30_000
        let specials: [Double] = [0, -0.0, .nan, -.nan, .infinity, -.infinity, Double.leastNonzeroMagnitude * 3, -2.5]
        let values: [Double] = (0..<n).map { (r: Int) -> Double in r % 97 < specials.count ? specials[r % 97] : Double(r) * 0.37 - 5000 }
        let missing = (0..<n).map { $0 % 89 == 3 }
        let short = ["", "a", "yes", "Fort Worth", String(repeating: "x", count: 28), String(repeating: "y", count: 29), "é€"]
        let long = short + [String(repeating: "long value ", count: 40)]
        let strings: [String?] = (0..<n).map { $0 % 11 == 5 ? nil : short[$0 % short.count] }
        let longStrings: [String?] = (0..<n).map { $0 % 13 == 7 ? nil : long[($0 * 7) % long.count] }
        let f = try Frame(name: "t", columns: [
            Column(name: "v", type: .float, values: values, missing: Bitmap(missing)),
            Column(name: "s", strings: strings),
            Column(name: "l", strings: longStrings),
        ])

        func digest(_ bytes: [UInt8]) -> [UInt8] {
            let hex = SHA256Hasher.hex(bytes).utf8.map { $0 <= 57 ? $0 - 48 : $0 - 87 }
            return stride(from: 0, to: 64, by: 2).map { hex[$0] << 4 | hex[$0 + 1] }
        }
        func numbers() -> [UInt8] {
            var out: [UInt8] = []
            for w in 0..<((n + 63) / 64) {
                var word: UInt64 = 0
                for r in (w * 64)..<min(n, w * 64 + 64) where missing[r] { word |= 1 << UInt64(r % 64) }
                out.appendLittleEndian(word)
            }
            for r in 0..<n {
                let x = values[r]
                out.appendLittleEndian(missing[r] || x == 0 ? UInt64(0) : x.isNaN ? 0x7FF8_0000_0000_0000 : x.bitPattern)
            }
            return out
        }
        func text(_ rows: [String?]) -> [UInt8] {
            var out: [UInt8] = []
            for row in rows {
                guard let row else { out.appendLittleEndian(UInt32.max); continue }
                out.appendLittleEndian(UInt32(row.utf8.count))
                out += row.utf8
            }
            return out
        }
        var frame = Array("opslab-frame-v1\n".utf8)
        frame.appendLittleEndian(UInt64(3))
        frame.appendLittleEndian(UInt64(n))
        for (name, type, data) in [("v", "float", numbers()), ("s", "string", text(strings)), ("l", "string", text(longStrings))] {
            frame.appendLittleEndian(UInt64(name.utf8.count))
            frame += name.utf8
            frame.appendLittleEndian(UInt64(type.utf8.count))
            frame += type.utf8
            frame += digest(data)
        }
        XCTAssertEqual(f.columns.map { $0.type.rawValue }, ["float", "string", "string"])
        XCTAssertEqual(f.contentHash, SHA256Hasher.hex(frame))
    }
}
