import XCTest
import CSQLite
@testable import LabData

final class WarehouseTests: XCTestCase {
    private var folder = ""

    override func setUp() {
        folder = "/tmp/opslab-warehouse-tests-\(UInt32.random(in: 0...UInt32.max))"
        try? FileIO.makeDirectory(folder)
    }

    /// One column of every type, each with a missing cell, and values that are easy to get wrong:
    /// big integers, negative zero, sub-second and pre-1970 times, an empty string, non-ASCII text.
    private func everyType() throws -> Frame {
        try Frame(name: "all", columns: [
            Column(name: "i", type: .integer, values: [1, -9_007_199_254_740_991, 0, 42], missing: Bitmap([false, false, true, false])),
            Column(name: "x", type: .float, values: [0.1, -0.0, 1e300, 0], missing: Bitmap([false, false, false, true])),
            Column(name: "b", type: .boolean, values: [1, 0, 0, 1], missing: Bitmap([false, false, true, false])),
            Column(name: "d", type: .date, values: [18292, -719_162, 0, 2_932_896], missing: Bitmap([false, false, false, true])),
            Column(name: "t", type: .datetime, values: [1_580_466_030.125, -1.5, 0, 0.000_000_1], missing: Bitmap([false, false, true, false])),
            Column(name: "s", strings: ["héllo, \"world\"", "", nil, "line\nbreak"]),
            Column(name: "with space", strings: ["a", "a", "b", nil]),
        ])
    }

    private func error(_ body: () throws -> Any) -> LabError? {
        do {
            _ = try body()
            XCTFail("expected an error")
            return nil
        } catch {
            return error as? LabError
        }
    }

    func testEveryTypeRoundTripsExactly() throws {
        let f = try everyType()
        let path = folder + "/w.db"
        let stored = try Warehouse.store(f, path: path, table: "all", mode: .replace)
        XCTAssertEqual(stored, Warehouse.Stored(table: "all", rowsWritten: 4, rowsInTable: 4))
        let back = try Warehouse.load(path: path, table: "all", name: "all")
        XCTAssertEqual(back.columns.map(\.type), f.columns.map(\.type))
        XCTAssertEqual(back.columns.map(\.name), f.columns.map(\.name))
        for (a, b) in zip(back.columns, f.columns) {
            for r in 0..<4 {
                XCTAssertEqual(a.isMissing(r), b.isMissing(r), "\(a.name)[\(r)]")
                if !a.isMissing(r) { XCTAssertEqual(a.value(at: r), b.value(at: r), "\(a.name)[\(r)]") }
            }
        }
        XCTAssertEqual(back.contentHash, f.contentHash)
        // Stored as any SQLite tool sees it: booleans 0/1, dates ISO text, a datetime that text cannot carry exactly as REAL.
        let db = try SQLiteConnection(path: path, mode: .existing)
        XCTAssertEqual(try db.scalar("SELECT group_concat(typeof(b) || ':' || coalesce(b, 'null'), ' ') FROM \"all\""),
                       .text("integer:1 integer:0 null:null integer:1"))
        XCTAssertEqual(try db.scalar("SELECT group_concat(coalesce(d, 'null'), ' ') FROM \"all\""),
                       .text("2020-01-31 0001-01-01 1970-01-01 null"))
        XCTAssertEqual(try db.scalar("SELECT group_concat(typeof(t), ' ') FROM \"all\""), .text("text text null real"))
        XCTAssertEqual(try db.scalar("SELECT t FROM \"all\" LIMIT 1"), .text("2020-01-31T10:20:30.125Z"))
        XCTAssertEqual(try db.scalar("SELECT group_concat(type, ',') FROM _opslab_columns WHERE table_name = 'all'"),
                       .text("integer,float,boolean,date,datetime,string,string"))
    }

    func testReplaceOverwritesAndAppendAddsRows() throws {
        let path = folder + "/w.db"
        let a = try Frame(name: "a", columns: [Column(name: "k", type: .integer, values: [1, 2]), Column(name: "v", strings: ["x", "y"])])
        let b = try Frame(name: "b", columns: [Column(name: "k", type: .integer, values: [3]), Column(name: "v", strings: [nil])])
        _ = try Warehouse.store(a, path: path, table: "t", mode: .replace)
        XCTAssertEqual(try Warehouse.store(b, path: path, table: "t", mode: .append), Warehouse.Stored(table: "t", rowsWritten: 1, rowsInTable: 3))
        let both = try Warehouse.load(path: path, table: "t", name: "t")
        XCTAssertEqual((0..<3).map { both.columns[0].value(at: $0) }, [.number(1), .number(2), .number(3)])
        XCTAssertEqual((0..<3).map { both.columns[1].text(at: $0) }, ["x", "y", nil])
        _ = try Warehouse.store(b, path: path, table: "t", mode: .replace)
        XCTAssertEqual(try Warehouse.load(path: path, table: "t", name: "t").rowCount, 1)
        // Appending to a table that does not exist yet creates it.
        XCTAssertEqual(try Warehouse.store(a, path: path, table: "fresh", mode: .append).rowsInTable, 2)
        XCTAssertEqual(try Warehouse.tables(path: path), ["fresh", "t"])
    }

    func testAppendWithADifferentSchemaIsRefusedAndChangesNothing() throws {
        let path = folder + "/w.db"
        let a = try Frame(name: "a", columns: [Column(name: "k", type: .integer, values: [1]), Column(name: "v", strings: ["x"])])
        _ = try Warehouse.store(a, path: path, table: "t", mode: .replace)
        let retyped = try Frame(name: "r", columns: [Column(name: "k", type: .float, values: [1.5]), Column(name: "v", strings: ["y"])])
        var e = error { try Warehouse.store(retyped, path: path, table: "t", mode: .append) }
        XCTAssertEqual(e?.message, "cannot append 'r' to table 't' in \(path): the columns differ (k is integer in the table, float in the frame)")
        XCTAssertEqual(e?.hint, "table: k integer, v string; use mode=replace to overwrite it, or table= for a new one")
        let renamed = try Frame(name: "n", columns: [Column(name: "k", type: .integer, values: [1]), Column(name: "w", strings: ["y"])])
        e = error { try Warehouse.store(renamed, path: path, table: "t", mode: .append) }
        XCTAssertEqual(e?.message, "cannot append 'n' to table 't' in \(path): the columns differ (the frame lacks v; the table lacks w)")
        let reordered = try Frame(name: "o", columns: [Column(name: "v", strings: ["y"]), Column(name: "k", type: .integer, values: [1])])
        e = error { try Warehouse.store(reordered, path: path, table: "t", mode: .append) }
        XCTAssertEqual(e?.message, "cannot append 'o' to table 't' in \(path): the columns differ (the columns are in a different order)")
        XCTAssertEqual(try Warehouse.load(path: path, table: "t", name: "t").columns, a.columns)
    }

    func testAnInterruptedStoreLeavesThePreviousTable() throws {
        let path = folder + "/w.db"
        let small = try Frame(name: "s", columns: [Column(name: "v", type: .integer, values: [7, 8, 9])])
        _ = try Warehouse.store(small, path: path, table: "t", mode: .replace)
        let big = try Frame(name: "b", columns: [Column(name: "v", type: .integer, values: (0..<70_000).map(Double.init))])
        Cancellation.request()
        defer { Cancellation.reset() }
        XCTAssertThrowsError(try Warehouse.store(big, path: path, table: "t", mode: .replace)) { XCTAssertTrue($0 is CancelledError) }
        Cancellation.reset()
        XCTAssertEqual(try Warehouse.load(path: path, table: "t", name: "t").columns, small.columns)
    }

    func testBadPathsAndNamesGetOneClearMessage() throws {
        let f = try everyType()
        var e = error { try Warehouse.store(f, path: self.folder + "/nope/w.db", table: "t", mode: .replace) }
        XCTAssertEqual(e?.message, "cannot store to '\(folder)/nope/w.db': the folder '\(folder)/nope' does not exist")
        XCTAssertFalse(FileIO.exists(folder + "/nope"))
        e = error { try Warehouse.store(f, path: self.folder, table: "t", mode: .replace) }
        XCTAssertEqual(e?.message, "'\(folder)' is a folder, not a SQLite database")
        e = error { try Warehouse.store(f, path: self.folder + "/w.db", table: "sqlite_master", mode: .replace) }
        XCTAssertEqual(e?.message, "'sqlite_master' cannot be a table name")
        e = error { try Warehouse.load(path: self.folder + "/missing.db", table: "t", name: "t") }
        XCTAssertEqual(e?.message, "no SQLite database at '\(folder)/missing.db'")
        XCTAssertFalse(FileIO.exists(folder + "/missing.db"), "loading must not create the file")
        try FileIO.writeAtomically(Array("id,name\n1,a\n".utf8), to: folder + "/fake.db")
        e = error { try Warehouse.load(path: self.folder + "/fake.db", table: "t", name: "t") }
        XCTAssertEqual(e?.message, "'\(folder)/fake.db' is not a SQLite database (file is not a database)")
        e = error { try Warehouse.store(f, path: self.folder + "/fake.db", table: "t", mode: .replace) }
        XCTAssertEqual(e?.message, "'\(folder)/fake.db' is not a SQLite database (file is not a database)")
        XCTAssertEqual(try FileIO.readAll(folder + "/fake.db"), Array("id,name\n1,a\n".utf8))
        _ = try Warehouse.store(f, path: folder + "/w.db", table: "passengers", mode: .replace)
        e = error { try Warehouse.load(path: self.folder + "/w.db", table: "pasengers", name: "t") }
        XCTAssertEqual(e?.message, "no table 'pasengers' in \(folder)/w.db (did you mean 'passengers'?)")
        XCTAssertEqual(e?.hint, "tables: passengers")
    }

    func testQueriesRunAgainstTheDatabase() throws {
        let path = folder + "/w.db"
        _ = try Warehouse.store(try everyType(), path: path, table: "all", mode: .replace)
        let r = try Warehouse.load(path: path, query: "SELECT s, b, i * 2 AS twice FROM \"all\" WHERE i IS NOT NULL ORDER BY i", name: "q")
        XCTAssertEqual(r.columns.map(\.type), [.string, .boolean, .integer])
        XCTAssertEqual((0..<3).map { r.columns[0].text(at: $0) }, ["", "héllo, \"world\"", "line\nbreak"])
        XCTAssertEqual((0..<3).map { r.columns[2].value(at: $0) }, [.number(-18_014_398_509_481_982), .number(2), .number(84)])
        var e = error { try Warehouse.load(path: path, query: "SELECT * FROM alll", name: "q") }
        XCTAssertEqual(e?.message, "SQL error: no such table: alll")
        XCTAssertEqual(e?.hint, "did you mean 'all'? tables in \(path): all; query: SELECT * FROM alll")
        e = error { try Warehouse.load(path: path, query: "DELETE FROM \"all\"", name: "q") }
        XCTAssertEqual(e?.message, "load runs only queries that return rows (SELECT ...)")
        XCTAssertEqual(try Warehouse.load(path: path, table: "all", name: "a").rowCount, 4, "nothing was deleted")
    }
}
