import XCTest
import LabData
@testable import LabShell

final class StoreCommandTests: XCTestCase {
    private func failure(_ s: Session, _ line: String, file: StaticString = #filePath, line l: UInt = #line) -> (String, String?) {
        do {
            _ = try s.execute(line)
            XCTFail("expected `\(line)` to fail", file: file, line: l)
            return ("", nil)
        } catch {
            let e = error as? LabError
            return (e?.message ?? "\(error)", e?.hint)
        }
    }

    private func people(_ s: Session) throws -> String {
        let dir = TestSupport.temporaryDirectory()
        let csv = dir + "/people.csv"
        try FileIO.writeAtomically(Array("""
            id,name,member,born,seen,score
            1,ann,true,1990-05-01,2024-01-02T03:04:05.5Z,7.5
            2,bob,false,,2024-01-03T00:00:00Z,
            3,"cyd, jr",true,2001-12-31,,9.25
            """.utf8), to: csv)
        _ = try s.execute("load \(csv)")
        return dir
    }

    func testStoreAndLoadBackEveryTypeThroughTheCommands() throws {
        let s = TestSupport.session()
        let dir = try people(s)
        let original = try XCTUnwrap(s.state.current)
        XCTAssertEqual(original.columns.map(\.type), [.integer, .string, .boolean, .date, .datetime, .float])
        let out = try s.execute("store")
        XCTAssertEqual(out.output, .message("stored 3 rows × 6 columns of 'people' as table people in \(s.environment.stateDirectory)/warehouse.db"))
        XCTAssertNil(out.recorded, "store writes a file; it does not change the session")
        XCTAssertTrue(FileIO.exists(s.environment.stateDirectory + "/warehouse.db"))
        _ = try s.execute("load sqlite:\(s.environment.stateDirectory)/warehouse.db table=people as back")
        let back = try XCTUnwrap(s.state.current)
        XCTAssertEqual(back.name, "back")
        XCTAssertEqual(back.columns, original.columns)
        XCTAssertEqual(s.recordedLines.last, "load sqlite:\(s.environment.stateDirectory)/warehouse.db as back sha256=\(original.contentHash) table=people")

        _ = try s.execute("store people to=\(dir)/w.db table=staff")
        _ = try s.execute("load sqlite:\(dir)/w.db query=\"SELECT name, score FROM staff WHERE member ORDER BY score DESC\"")
        XCTAssertEqual(s.state.currentName, "w")
        XCTAssertEqual(s.state.current?.columns[0].text(at: 0), "cyd, jr")
        XCTAssertEqual(s.state.current?.columns[1].value(at: 1), .number(7.5))
        XCTAssertEqual(s.state.current?.rowCount, 2)
    }

    func testAppendAddsRowsAndASchemaMismatchIsRefused() throws {
        let s = TestSupport.session()
        let dir = try people(s)
        _ = try s.execute("store to=\(dir)/w.db table=p")
        let out = try s.execute("store to=\(dir)/w.db table=p mode=append")
        XCTAssertEqual(out.output, .message("appended 3 rows of 'people' to table p in \(dir)/w.db (now 6 rows)"))
        _ = try s.execute("select id name")
        let (m, h) = failure(s, "store to=\(dir)/w.db table=p mode=append")
        XCTAssertEqual(m, "cannot append 'people' to table 'p' in \(dir)/w.db: the columns differ (the frame lacks member, born, seen, score)")
        XCTAssertEqual(h, "table: id integer, name string, member boolean, born date, seen datetime, score float; use mode=replace to overwrite it, or table= for a new one")
        _ = try s.execute("load sqlite:\(dir)/w.db table=p")
        XCTAssertEqual(s.state.current?.rowCount, 6)
    }

    func testBadStoreAndLoadLinesGetOneClearMessageAndChangeNothing() throws {
        let s = TestSupport.session()
        let dir = try people(s)
        _ = try s.execute("store to=\(dir)/w.db table=people")
        let frames = s.state.frameOrder, current = s.state.current, lines = s.recordedLines
        let cases: [(String, String, String?)] = [
            ("store to=\(dir)/missing/w.db", "cannot store to '\(dir)/missing/w.db': the folder '\(dir)/missing' does not exist",
             "create the folder first, or leave out to= to use the default warehouse"),
            ("store nobody", "no frame named 'nobody'", "frames: people"),
            ("store mode=merge", "mode=merge is not valid for store", "expected one of: replace, append"),
            ("load sqlite:\(dir)/none.db table=people", "no SQLite database at '\(dir)/none.db'",
             "store a frame there first with `store to=\(dir)/none.db`, or check the path"),
            ("load sqlite:\(dir)/w.db table=peple", "no table 'peple' in \(dir)/w.db (did you mean 'people'?)", "tables: people"),
            ("load sqlite:\(dir)/w.db", "load sqlite: needs table=NAME or query=\"SELECT ...\"", "tables in \(dir)/w.db: people"),
            ("load sqlite:\(dir)/w.db table=people query=\"SELECT 1\"", "give either table= or query=, not both", nil),
            ("load sqlite:\(dir)/w.db table=people sep=;", "sep= is for CSV files; a SQLite source does not take it", nil),
            ("load \(dir)/people.csv table=people", "table= and query= are for SQLite sources, not '\(dir)/people.csv'", nil),
            ("load sqlite:\(dir)/w.db query=\"SELECT nme FROM people\"", "SQL error: no such column: nme", nil),
            ("load sqlite:\(dir)/people.csv table=people", "'\(dir)/people.csv' is not a SQLite database (file is not a database)", nil),
            ("load sqlite:\(dir)/w.db table=people sha256=abc", "the data changed: table people of \(dir)/w.db has content sha256 \(current!.contentHash.prefix(12))…, the script expects abc…", nil),
        ]
        for (line, message, hint) in cases {
            let (m, h) = failure(s, line)
            XCTAssertEqual(m, message, line)
            if let hint { XCTAssertEqual(h, hint, line) }
            XCTAssertEqual(s.state.frameOrder, frames, line)
            XCTAssertEqual(s.state.current, current, line)
            XCTAssertEqual(s.recordedLines, lines, line)
        }
        XCTAssertFalse(FileIO.exists(dir + "/none.db"))
        XCTAssertFalse(FileIO.exists(dir + "/missing"))
    }

    func testADamagedLabDatabaseOnlyWarnsAndIsLeftAlone() throws {
        let s = TestSupport.session()
        let garbage = Array("not a database\n".utf8) + [UInt8](repeating: 1, count: 3000)
        try FileIO.writeAtomically(garbage, to: s.environment.stateDirectory + "/lab.db")
        let out = try s.execute("load iris")
        guard case .group(let parts) = out.output, case .warning(let w) = parts.last else { return XCTFail("\(out.output)") }
        XCTAssertEqual(w, "dataset version not recorded: \(s.environment.stateDirectory)/lab.db is damaged or not a SQLite database (file is not a database) "
                       + "(opslab has not changed it; move it aside (e.g. mv \(s.environment.stateDirectory)/lab.db \(s.environment.stateDirectory)/lab.db.bad) and a new one is started)")
        XCTAssertEqual(s.state.current?.rowCount, 150, "the load itself succeeded")
        XCTAssertThrowsError(try s.execute("versions")) { e in
            XCTAssertEqual((e as? LabError)?.message, "\(s.environment.stateDirectory)/lab.db is damaged or not a SQLite database (file is not a database)")
        }
        XCTAssertEqual(try FileIO.readAll(s.environment.stateDirectory + "/lab.db"), garbage)
    }
}
