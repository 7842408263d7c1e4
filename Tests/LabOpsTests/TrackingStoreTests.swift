#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import XCTest
import LabData
@testable import LabOps

final class TrackingStoreTests: XCTestCase {

    func testALargeArtifactLeavesNoLargeWriteAheadLog() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "big")
        let model = [UInt8](repeating: 7, count: RunHandle.largeArtifactBytes + 1024)
        try run.finish(artifacts: ["model/model.json": model])
        var info = stat()
        XCTAssertEqual(stat(dir + "/lab.db-wal", &info), 0)
        XCTAssertLessThan(Int(info.st_size), 4 << 20, "the log is cut back")
        XCTAssertEqual(try TrackingQueries.artifact(run: run.id, path: "model/model.json", in: dir), model)
        // A small write leaves the log as it is (no sync of its own).
        let small = try Tracking.startRun(in: dir, name: "small")
        try small.finish(artifacts: ["model/model.json": [1, 2, 3]])
        XCTAssertEqual(try TrackingQueries.artifact(run: small.id, path: "model/model.json", in: dir), [1, 2, 3])
    }

    func testARunRecordsParamsMetricSeriesTagsAndArtifactsAndFinishes() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "lr", tags: ["team": "a"])
        XCTAssertEqual(run.id.count, 32)
        XCTAssertTrue(run.id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        XCTAssertEqual(try TrackingQueries.run(id: run.id, in: dir)?.status, .running, "alive: this process")
        try run.logParams(["C": "1.0", "penalty": "l2"])
        for (step, loss) in [0.9, 0.5, 0.3].enumerated() { try run.logMetric("loss", loss, step: step) }
        try run.log(metrics: [MetricPoint(key: "auc", value: 0.81, step: 0, timestampMs: 1_700_000_000_000)],
                    artifacts: ["model/model.json": Array("{\"k\":1}".utf8)])
        try run.finish()

        let r = try XCTUnwrap(TrackingQueries.run(id: run.id, in: dir))
        XCTAssertEqual(r.name, "lr")
        XCTAssertEqual(r.experimentID, "0")
        XCTAssertEqual(r.experimentName, "Default")
        XCTAssertEqual(r.status, .finished)
        XCTAssertNotNil(r.endMs)
        XCTAssertGreaterThanOrEqual(r.endMs!, r.startMs)
        XCTAssertEqual(r.params, ["C": "1.0", "penalty": "l2"])
        XCTAssertEqual(r.metrics, ["loss": 0.3, "auc": 0.81], "latest = the highest step")
        XCTAssertEqual(r.tags["team"], "a")
        XCTAssertEqual(r.tags[Tracking.runNameTag], "lr")
        XCTAssertEqual(r.artifacts, ["model/model.json"])
        XCTAssertEqual(try TrackingQueries.metricHistory(run: run.id, key: "loss", in: dir).map(\.value), [0.9, 0.5, 0.3])
        XCTAssertEqual(try TrackingQueries.metricHistory(run: run.id, key: "loss", in: dir).map(\.step), [0, 1, 2])
        XCTAssertEqual(try TrackingQueries.metricHistory(run: run.id, key: "auc", in: dir).first?.timestampMs, 1_700_000_000_000)
        XCTAssertEqual(try TrackingQueries.artifact(run: run.id, path: "model/model.json", in: dir), Array("{\"k\":1}".utf8))
    }

    func testARunLeftRunningByAProcessThatIsGoneReadsAsFailed() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "crashed")
        try run.logParams(["a": "1"])
        // As if the process that started it had been killed: its pid no longer exists.
        let lab = try LabDatabase(stateDirectory: dir)
        try lab.connection.execute("UPDATE runs SET pid = 2147483646")
        let r = try XCTUnwrap(TrackingQueries.run(id: run.id, in: dir))
        XCTAssertEqual(r.status, .failed)
        XCTAssertNil(r.endMs)
        XCTAssertEqual(r.params, ["a": "1"], "what was logged before the crash is whole")
    }

    func testARunWhosePidWasReusedByAnotherProcessReadsAsFailed() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "x")
        #if os(Linux)
        XCTAssertNotNil(ProcessLiveness.startTime(of: getpid()))
        #endif
        XCTAssertEqual(try TrackingQueries.run(id: run.id, in: dir)?.status, .running)
        // The same pid, alive, but started at another time: not the process that began the run.
        let lab = try LabDatabase(stateDirectory: dir)
        try lab.connection.execute("UPDATE runs SET pid_started = 12345")
        #if os(Linux)
        XCTAssertEqual(try TrackingQueries.run(id: run.id, in: dir)?.status, .failed)
        #endif
    }

    func testExperimentsStartAtDefaultZeroAndAreNumberedAsMLflowDoes() throws {
        let dir = TestFolders.temporary()
        XCTAssertEqual(try TrackingQueries.experiments(in: dir).map(\.name), ["Default"])
        XCTAssertEqual(try Tracking.ensureExperiment("titanic", in: dir).id, "1")
        XCTAssertEqual(try Tracking.ensureExperiment("iris", in: dir).id, "2")
        XCTAssertEqual(try Tracking.ensureExperiment("titanic", in: dir).id, "1", "existing: same id")
        let run = try Tracking.startRun(in: dir, experiment: "iris", name: "x")
        XCTAssertEqual(try TrackingQueries.run(id: run.id, in: dir)?.experimentID, "2")
        XCTAssertEqual(try TrackingQueries.runs(in: dir, experiment: "titanic").count, 0)
        XCTAssertEqual(try TrackingQueries.runs(in: dir, experiment: "iris").count, 1)
    }

    func testRunsAreFoundByPrefixWithClearMessagesForUnknownAndAmbiguousOnes() throws {
        let dir = TestFolders.temporary()
        let a = try Tracking.startRun(in: dir, name: "a")
        XCTAssertEqual(try TrackingQueries.resolve(String(a.id.prefix(6)), in: dir).id, a.id)
        XCTAssertEqual(try TrackingQueries.resolve(a.id.uppercased(), in: dir).id, a.id)
        XCTAssertEqual(try TrackingQueries.resolve("a", in: dir).id, a.id, "a unique name works too")
        // One character off in the first eight: suggested.
        var typo = Array(a.id.prefix(8))
        typo[7] = typo[7] == "0" ? "1" : "0"
        let unknown = errorMessage { try TrackingQueries.resolve(String(typo), in: dir) }
        XCTAssertEqual(unknown, "no run '\(String(typo))' (did you mean '\(a.id.prefix(8))'?)")
        // Two runs whose ids share a prefix, made so by hand.
        let lab = try LabDatabase(stateDirectory: dir)
        try lab.connection.execute("INSERT INTO runs(run_id, experiment_id, name, status, start_ms, pid) VALUES ('abcd1', '0', 'p', 'FINISHED', 1, 0), ('abcd2', '0', 'p', 'FINISHED', 2, 0)")
        XCTAssertEqual(errorMessage { try TrackingQueries.resolve("abcd", in: dir) }, "'abcd' matches 2 runs: abcd1 (p), abcd2 (p)")
        XCTAssertEqual(errorMessage { try TrackingQueries.resolve("p", in: dir) }, "'p' matches 2 runs: abcd1 (p), abcd2 (p)")
        // Shorter than 4 characters is never an id prefix: a model called `ab` is not the run abcd1.
        XCTAssertEqual(errorMessage { try TrackingQueries.resolve("ab", in: dir) }.hasPrefix("no run 'ab'"), true)
    }

    func testSoftDeleteHidesARunUntilRestored() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "x")
        try run.finish()
        try Tracking.setDeleted(true, run: run.id, in: dir)
        XCTAssertEqual(try TrackingQueries.runs(in: dir).count, 0)
        XCTAssertEqual(try TrackingQueries.runs(in: dir, includeDeleted: true).map(\.deleted), [true])
        try Tracking.setDeleted(false, run: run.id, in: dir)
        XCTAssertEqual(try TrackingQueries.runs(in: dir).map(\.id), [run.id])
        XCTAssertEqual(errorMessage { try Tracking.setDeleted(true, run: "feed", in: dir) }, "no run feed in lab.db")
    }

    func testNamesMLflowWouldRefuseAreRefusedBeforeAnythingIsStored() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "x")
        XCTAssertEqual(errorMessage { try run.logParams(["bad:key": "1"]) }, "'bad:key' is not a valid param name")
        XCTAssertEqual(errorMessage { try run.log(params: ["ok": "1"], metrics: [MetricPoint(key: "../up", value: 1)]) }, "'../up' is not a valid metric name")
        XCTAssertEqual(try TrackingQueries.run(id: run.id, in: dir)?.params, [:], "all or nothing")
    }

    func testFinishingWithValuesStoresThemAndTheEndTogetherOrNothing() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "x")
        XCTAssertEqual(errorMessage { try run.finish(params: ["bad:key": "1"]) }, "'bad:key' is not a valid param name")
        let refused = try XCTUnwrap(TrackingQueries.run(id: run.id, in: dir))
        XCTAssertEqual(refused.status, .running, "a refused finish leaves the run as it was")
        XCTAssertEqual(refused.params, [:])
        try run.finish(params: ["C": "1"], metrics: [MetricPoint(key: "auc", value: 0.8)], tags: ["t": "v"])
        let done = try XCTUnwrap(TrackingQueries.run(id: run.id, in: dir))
        XCTAssertEqual(done.status, .finished)
        XCTAssertNotNil(done.endMs)
        XCTAssertEqual(done.params, ["C": "1"])
        XCTAssertEqual(done.metrics, ["auc": 0.8])
        XCTAssertEqual(done.tags["t"], "v")
    }

    func testNamesFollowMLflowsRules() {
        for good in ["auc", "roc_auc", "cv accuracy", "fold-1.score", "a/b", "tags/x.txt", String(repeating: "k", count: 250)] {
            XCTAssertTrue(TrackingKeys.isValidKey(good), good)
        }
        for bad in ["", ".", "..", "/a", "a/", "a//b", "a/./b", "a/../b", "é", "a:b", "a\nb", String(repeating: "k", count: 251)] {
            XCTAssertFalse(TrackingKeys.isValidKey(bad), bad)
        }
    }

    func testAMigratedSchemaOneDatabaseKeepsItsDatasetVersions() throws {
        let dir = TestFolders.temporary()
        do {
            let db = try SQLiteConnection(path: dir + "/lab.db", mode: .create)
            try db.execute(LabDatabase.migrations[0])
            try db.execute("CREATE TABLE schema_version(version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1)")
            try db.execute("INSERT INTO dataset_versions VALUES (1, 'iris', 'abc', 150, 5, '[]', 'bundled iris', '2026-01-01T00:00:00Z')")
        }
        let run = try Tracking.startRun(in: dir, name: "after")
        XCTAssertEqual(try TrackingQueries.run(id: run.id, in: dir)?.experimentName, "Default")
        XCTAssertEqual(try DatasetVersions.list(in: dir).map(\.name), ["iris"])
        let lab = try LabDatabase(stateDirectory: dir)
        XCTAssertEqual(try lab.connection.scalar("SELECT version FROM schema_version"), .integer(Int64(LabDatabase.schemaVersion)))
    }

    func testDiscardRemovesARunAndAllItsRows() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "typo")
        try run.log(params: ["a": "1"], metrics: [MetricPoint(key: "m", value: 1)], tags: ["t": "v"], artifacts: ["x": [1]])
        try Tracking.discard(run: run.id, in: dir)
        let lab = try LabDatabase(stateDirectory: dir)
        for table in ["runs", "run_params", "run_metrics", "run_tags", "run_artifacts"] {
            XCTAssertEqual(try lab.connection.scalar("SELECT count(*) FROM \(table)"), .integer(0), table)
        }
    }

    func testNaNMetricsAndOverlongValuesAreKept() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "edge")
        let features = (0..<2000).map { "feature_\($0)" }.joined(separator: ",")
        try run.log(params: ["features": features], metrics: [MetricPoint(key: "f1", value: .nan), MetricPoint(key: "gain", value: .infinity)],
                    tags: ["pipeline": String(repeating: "x", count: 9000)])
        let r = try XCTUnwrap(TrackingQueries.run(id: run.id, in: dir))
        XCTAssertTrue(r.metrics["f1"]!.isNaN, "an undefined score stays NaN")
        XCTAssertEqual(r.metrics["gain"], .infinity)
        XCTAssertTrue(try TrackingQueries.metricHistory(run: run.id, key: "f1", in: dir)[0].value.isNaN)
        XCTAssertLessThanOrEqual(r.params["features"]!.utf8.count, 6000)
        XCTAssertTrue(r.params["features"]!.hasSuffix("… (whole value in params/features.txt)"))
        XCTAssertEqual(try TrackingQueries.artifact(run: run.id, path: "params/features.txt", in: dir), Array(features.utf8))
        XCTAssertLessThanOrEqual(r.tags["pipeline"]!.utf8.count, 8000)
        XCTAssertEqual(try TrackingQueries.artifact(run: run.id, path: "tags/pipeline.txt", in: dir)?.count, 9000)
    }

    func testAnOpenLabDBReplacedOnDiskIsNoticedAtTheNextCall() throws {
        let dir = TestFolders.temporary()
        let first = try Tracking.startRun(in: dir, name: "a")
        try first.finish()
        // Another program replaces lab.db (and its WAL) with something that is not a database.
        let path = dir + "/" + LabDatabase.fileName
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        try FileIO.writeAtomically(Array(repeating: UInt8(ascii: "x"), count: 4096), to: path)
        XCTAssertTrue(errorMessage { try Tracking.startRun(in: dir, name: "b") }.contains("is damaged or not a SQLite database"))
        // A new, empty lab.db in its place is used from then on.
        unlink(path)
        try Tracking.startRun(in: dir, name: "c").finish()
        XCTAssertEqual(try TrackingQueries.runs(in: dir).map(\.name), ["c"])
    }
}
