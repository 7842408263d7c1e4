import XCTest
import LabData
@testable import LabOps

final class LabDatabaseTests: XCTestCase {
    private func error(_ body: () throws -> Any) -> LabError? {
        do {
            _ = try body()
            XCTFail("expected an error")
            return nil
        } catch {
            return error as? LabError
        }
    }

    func testANewLabDatabaseHasTheCurrentSchemaInWALMode() throws {
        let dir = TestFolders.temporary()
        let lab = try LabDatabase(stateDirectory: dir)
        XCTAssertEqual(lab.path, dir + "/lab.db")
        XCTAssertEqual(try lab.connection.scalar("PRAGMA journal_mode"), .text("wal"))
        XCTAssertEqual(try lab.connection.scalar("SELECT version FROM schema_version"), .integer(Int64(LabDatabase.schemaVersion)))
        XCTAssertEqual(try lab.connection.scalar("SELECT count(*) FROM schema_version"), .integer(1))
        XCTAssertTrue(try lab.connection.tableExists("dataset_versions"))
        XCTAssertTrue(try lab.connection.tableExists("dataset_columns"))
        // Opening it again migrates nothing and keeps one version row.
        let again = try LabDatabase(stateDirectory: dir)
        XCTAssertEqual(try again.connection.scalar("SELECT count(*) FROM schema_version"), .integer(1))
    }

    func testALabDatabaseFromANewerOpslabIsRefusedAndLeftAlone() throws {
        let dir = TestFolders.temporary()
        do {
            let lab = try LabDatabase(stateDirectory: dir)
            try lab.connection.execute("UPDATE schema_version SET version = 99; PRAGMA journal_mode = DELETE")
        }
        let before = try FileIO.readAll(dir + "/lab.db")
        let e = error { try LabDatabase(stateDirectory: dir) }
        XCTAssertEqual(e?.message, "\(dir)/lab.db was written by a newer opslab (lab.db schema 99; this opslab knows \(LabDatabase.schemaVersion))")
        XCTAssertEqual(e?.hint, "use that newer opslab in this folder, or set OPSLAB_HOME to another folder; the file is left as it is")
        XCTAssertEqual(try FileIO.readAll(dir + "/lab.db"), before)
        XCTAssertFalse(FileIO.exists(dir + "/lab.db-wal"), "not even switched to WAL")
        let f = try Frame(name: "t", columns: [Column(name: "v", type: .integer, values: [1])])
        XCTAssertThrowsError(try DatasetVersions.record(frame: f, source: "x", in: dir))
        XCTAssertEqual(try FileIO.readAll(dir + "/lab.db"), before)
    }

    func testADamagedLabDatabaseGetsAClearMessageAndIsNotOverwritten() throws {
        let dir = TestFolders.temporary()
        let garbage = Array("this is not a database, it is a shopping list: eggs, milk, flour\n".utf8) + [UInt8](repeating: 7, count: 4000)
        try FileIO.writeAtomically(garbage, to: dir + "/lab.db")
        let f = try Frame(name: "t", columns: [Column(name: "v", type: .integer, values: [1])])
        let e = error { try DatasetVersions.record(frame: f, source: "x", in: dir) }
        XCTAssertEqual(e?.message, "\(dir)/lab.db is damaged or not a SQLite database (file is not a database)")
        XCTAssertEqual(e?.hint, "opslab has not changed it; move it aside (e.g. mv \(dir)/lab.db \(dir)/lab.db.bad) and a new one is started")
        XCTAssertEqual(error { try DatasetVersions.list(in: dir) }?.message, e?.message)
        XCTAssertEqual(try FileIO.readAll(dir + "/lab.db"), garbage)
        XCTAssertFalse(FileIO.exists(dir + "/lab.db-wal"))
        XCTAssertFalse(FileIO.exists(dir + "/lab.db-journal"))
    }
}
