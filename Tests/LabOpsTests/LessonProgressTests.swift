import XCTest
import LabData
@testable import LabOps

final class LessonProgressTests: XCTestCase {
    func testProgressSurvivesANewConnectionAndResets() throws {
        let dir = TestFolders.temporary()
        XCTAssertEqual(try LessonProgress.load(lesson: "prep", in: dir), .none)
        try LessonProgress.setPosition(lesson: "prep", position: 2, stepCount: 12, finished: false, in: dir)
        try LessonProgress.record(lesson: "prep", StepRecord(step: 0, status: .read, hints: 0, seconds: 3.5), in: dir)
        try LessonProgress.record(lesson: "prep", StepRecord(step: 1, status: .open, hints: 1, seconds: 10), in: dir)
        try LessonProgress.record(lesson: "prep", StepRecord(step: 1, status: .skipped, hints: 2, seconds: 40.25), in: dir)
        try LessonProgress.setPosition(lesson: "sandbox", position: 10, stepCount: 10, finished: true, in: dir)

        let expected = LessonRecord(lesson: "prep", position: 2, stepCount: 12, finished: false, steps: [
            StepRecord(step: 0, status: .read, hints: 0, seconds: 3.5),
            StepRecord(step: 1, status: .skipped, hints: 2, seconds: 40.25),
        ])
        XCTAssertEqual(try LessonProgress.load(lesson: "prep", in: dir), .found(expected))
        let all = try LessonProgress.all(in: dir)
        XCTAssertEqual(all.keys.sorted(), ["prep", "sandbox"])
        XCTAssertEqual(all["sandbox"]?.finished, true)

        try LessonProgress.reset(lesson: "prep", in: dir)
        XCTAssertEqual(try LessonProgress.load(lesson: "prep", in: dir), .none)
        XCTAssertEqual(try LessonProgress.all(in: dir).keys.sorted(), ["sandbox"])
    }

    func testACorruptRecordIsReportedNotMisread() throws {
        let dir = TestFolders.temporary()
        try LessonProgress.setPosition(lesson: "prep", position: 1, stepCount: 5, finished: false, in: dir)
        try LessonProgress.record(lesson: "prep", StepRecord(step: 0, status: .done, hints: 0, seconds: 1), in: dir)
        let lab = try LabDatabase(stateDirectory: dir)
        try lab.connection.execute("UPDATE lesson_steps SET status = 'banana' WHERE lesson = 'prep'")
        XCTAssertEqual(try LessonProgress.load(lesson: "prep", in: dir), .corrupt("step 1 has status 'banana'"))
        try lab.connection.execute("UPDATE lesson_steps SET status = 'done'; UPDATE lesson_position SET step = 9")
        XCTAssertEqual(try LessonProgress.load(lesson: "prep", in: dir), .corrupt("step 10 of 5"))
        XCTAssertEqual(try LessonProgress.all(in: dir).count, 0, "a corrupt record is left out of the list")
    }

    func testAVersionOneLabDatabaseGainsTheLessonTablesInPlace() throws {
        let dir = TestFolders.temporary()
        do {
            let lab = try LabDatabase(stateDirectory: dir)
            let f = try Frame(name: "t", columns: [Column(name: "v", type: .integer, values: [1])])
            _ = try DatasetVersions.record(frame: f, source: "x", in: dir)
            try lab.connection.execute("DROP TABLE lesson_position; DROP TABLE lesson_steps; UPDATE schema_version SET version = 1")
        }
        try LessonProgress.setPosition(lesson: "data", position: 0, stepCount: 3, finished: false, in: dir)
        let lab = try LabDatabase(stateDirectory: dir)
        XCTAssertEqual(try lab.connection.scalar("SELECT version FROM schema_version"), .integer(Int64(LabDatabase.schemaVersion)))
        XCTAssertEqual(try DatasetVersions.list(in: dir).count, 1, "the versions recorded before are kept")
    }
}
