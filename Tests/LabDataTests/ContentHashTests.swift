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
}
