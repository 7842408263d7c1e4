import Foundation
import XCTest
import LabData
@testable import LabOps

final class RunQueryAndRegistryTests: XCTestCase {

    /// Three finished runs: C = 0.1, 1, 10 with auc 0.7, 0.9, 0.8; the last is a tree without C.
    private func threeRuns(_ dir: String) throws -> [String] {
        var ids: [String] = []
        for (name, params, auc) in [("a", ["C": "0.1", "kind": "logistic"], 0.7), ("b", ["C": "1", "kind": "logistic"], 0.9),
                                    ("c", ["kind": "tree"], 0.8)] {
            let run = try Tracking.startRun(in: dir, name: name)
            try run.log(params: params, metrics: [MetricPoint(key: "auc", value: auc)], artifacts: [Registry.modelArtifact: Array("{}".utf8)])
            try run.finish()
            ids.append(run.id)
        }
        return ids
    }

    func testWhereUsesTheExpressionLanguageOverParamsMetricsAndTags() throws {
        let dir = TestFolders.temporary()
        _ = try threeRuns(dir)
        let runs = try TrackingQueries.runs(in: dir)
        XCTAssertEqual(try RunFilter.filter(runs, where: "metrics.auc > 0.75").map(\.name), ["b", "c"])
        XCTAssertEqual(try RunFilter.filter(runs, where: "params.C < 1").map(\.name), ["a"], "numeric params compare as numbers")
        XCTAssertEqual(try RunFilter.filter(runs, where: #"params.kind == "logistic" and metrics.auc >= 0.7"#).map(\.name), ["a", "b"])
        XCTAssertEqual(try RunFilter.filter(runs, where: "params.C is missing").map(\.name), ["c"])
        XCTAssertEqual(try RunFilter.filter(runs, where: #"name in ("a", "c")"#).map(\.name), ["a", "c"])
        XCTAssertEqual(try RunFilter.sort(runs, by: "-metrics.auc").map(\.name), ["b", "c", "a"])
        XCTAssertEqual(try RunFilter.sort(runs, by: "params.C").map(\.name), ["a", "b", "c"], "missing values last")
    }

    func testAFilterReadsOnlyTheFieldsItNamesThenTheWinnersWhole() throws {
        let dir = TestFolders.temporary()
        let ids = try threeRuns(dir)
        let fields = try RunFilter.fields(where: #"metrics.auc > 0.75 and params.kind == "logistic""#, ["-params.C"])
        XCTAssertEqual(fields, RunFields(params: ["kind", "C"], metrics: ["auc"]))
        let slim = try TrackingQueries.runs(in: dir, reading: RunReading(fields))
        XCTAssertEqual(slim.map(\.params), [["C": "0.1", "kind": "logistic"], ["C": "1", "kind": "logistic"], ["kind": "tree"]])
        XCTAssertTrue(slim.allSatisfy { $0.artifacts.isEmpty && $0.tags.isEmpty })
        let known = try TrackingQueries.keys(in: dir)
        XCTAssertEqual(known.metrics, ["auc"])
        XCTAssertEqual(try TrackingQueries.knownKeys(fields, in: dir), fields, "every name there: looked up one by one")
        XCTAssertEqual(try TrackingQueries.knownKeys(RunFields(metrics: ["acu"]), in: dir), known, "one missing: every name, for the suggestion")
        let hit = try RunFilter.filter(slim, where: #"metrics.auc > 0.75 and params.kind == "logistic""#, known: known)
        XCTAssertEqual(hit.map(\.name), ["b"])
        XCTAssertEqual(try TrackingQueries.runs(ids: [ids[2], ids[0]], in: dir).map(\.name), ["c", "a"], "in the order asked")
        XCTAssertEqual(try TrackingQueries.runs(ids: [ids[1]], in: dir).first?.artifacts, [Registry.modelArtifact])
        // A param that is a number in some runs and a word in others compares as text.
        let odd = try Tracking.startRun(in: dir, name: "d")
        try odd.log(params: ["C": "none"])
        let all = try TrackingQueries.runs(in: dir)
        XCTAssertEqual(try RunFilter.filter(all, where: #"params.C == "none""#).map(\.name), ["d"])
        XCTAssertEqual(try RunFilter.filter(all, where: #"params.C in ("0.1", "1")"#).map(\.name), ["a", "b"])
    }

    func testBadConditionsGetOneClearMessage() throws {
        let dir = TestFolders.temporary()
        _ = try threeRuns(dir)
        let runs = try TrackingQueries.runs(in: dir)
        XCTAssertEqual(errorMessage { try RunFilter.filter(runs, where: "metrics.acu > 0.5") }, "no run has metrics.acu (did you mean 'metrics.auc'?)")
        XCTAssertEqual(errorMessage { try RunFilter.filter(runs, where: "metrics.auc >") }, "unexpected end of expression: expected a value at position 14")
        XCTAssertEqual(errorMessage { try RunFilter.filter(runs, where: "metrics.auc + 1") },
                       "runs where needs a condition that is true or false, but 'metrics.auc + 1' gives a value")
        XCTAssertEqual(errorMessage { try RunFilter.filter(runs, where: "param.C > 1") }, "'param.C' is not a run field (did you mean 'params.'?)")
        XCTAssertEqual(errorMessage { try RunFilter.sort(runs, by: "-metrics.f1") }, "no run has metrics.f1")
    }

    func testRegistryNumbersVersionsAndResolvesAliasesAndVersionReferences() throws {
        let dir = TestFolders.temporary()
        let ids = try threeRuns(dir)
        XCTAssertEqual(try Registry.register(run: ids[0], as: "churn", in: dir).version, 1)
        XCTAssertEqual(try Registry.register(run: ids[1], as: "churn", in: dir).version, 2)
        XCTAssertEqual(try Registry.register(run: ids[2], as: "other", in: dir).version, 1)
        try Registry.setAlias("champion", name: "churn", version: 2, in: dir)
        XCTAssertEqual(try Registry.resolve("churn@champion", in: dir).runID, ids[1])
        XCTAssertEqual(try Registry.resolve("churn/v1", in: dir).runID, ids[0])
        XCTAssertEqual(try Registry.resolve("churn/1", in: dir).runID, ids[0])
        XCTAssertEqual(try Registry.resolve("churn/latest", in: dir).version, 2)
        try Registry.setAlias("champion", name: "churn", version: 1, in: dir)
        XCTAssertEqual(try Registry.resolve("churn@champion", in: dir).version, 1, "an alias moves")
        let models = try Registry.models(in: dir)
        XCTAssertEqual(models.map(\.name), ["churn", "other"])
        XCTAssertEqual(models[0].aliases, ["champion": 1])
        XCTAssertEqual(try Registry.modelArtifact(of: Registry.resolve("churn/v2", in: dir), in: dir), Array("{}".utf8))
    }

    func testRegistryRefusesWhatMLflowRefusesAndUnknownVersions() throws {
        let dir = TestFolders.temporary()
        let ids = try threeRuns(dir)
        XCTAssertEqual(errorMessage { try Registry.register(run: ids[0], as: "bad/name", in: dir) }, "'bad/name' is not a valid registered model name")
        XCTAssertEqual(errorMessage { try Registry.register(run: ids[0], as: "a:b", in: dir) }, "'a:b' is not a valid registered model name")
        try Registry.register(run: ids[0], as: "churn", in: dir)
        XCTAssertEqual(errorMessage { try Registry.setAlias("champion", name: "churn", version: 3, in: dir) }, "churn has no version 3")
        XCTAssertEqual(errorMessage { try Registry.setAlias("v2", name: "churn", version: 1, in: dir) }, "'v2' is not a valid alias")
        XCTAssertEqual(errorMessage { try Registry.setAlias("champion", name: "chrun", version: 1, in: dir) },
                       "no registered model 'chrun' (did you mean 'churn'?)")
        XCTAssertEqual(errorMessage { try Registry.resolve("churn@prod", in: dir) }, "churn has no alias 'prod'")
        XCTAssertEqual(errorMessage { try Registry.resolve("churn/v9", in: dir) }, "churn has no version 'v9'")
        let bare = try Tracking.startRun(in: dir, name: "no-model")
        XCTAssertEqual(errorMessage { try Registry.register(run: bare.id, as: "churn", in: dir) }, "run \(bare.id.prefix(8)) has no saved model to register")
        XCTAssertEqual(try Registry.model("churn", in: dir).versions.count, 1, "nothing half-registered")
    }

    func testTwoWritersAtOnceLoseNoRun() throws {
        let dir = TestFolders.temporary()
        _ = try LabDatabase(stateDirectory: dir)
        let failures = FailureLog()
        let perWriter = 150
        // Two threads, each with its own connections, as two opslab processes would have.
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for i in 0..<perWriter {
                do {
                    let run = try Tracking.startRun(in: dir, experiment: "load", name: "w\(writer)-\(i)")
                    try run.log(params: ["writer": String(writer), "i": String(i)],
                                metrics: (0..<5).map { MetricPoint(key: "m", value: Double($0), step: $0) })
                    try run.finish()
                } catch {
                    failures.add("\(writer)/\(i): \(error)")
                }
            }
        }
        XCTAssertEqual(failures.all, [])
        let runs = try TrackingQueries.runs(in: dir, experiment: "load")
        XCTAssertEqual(runs.count, 2 * perWriter)
        XCTAssertEqual(Set(runs.map(\.name)).count, 2 * perWriter)
        XCTAssertTrue(runs.allSatisfy { $0.status == .finished && $0.metrics["m"] == 4 && $0.params.count == 2 })
        XCTAssertEqual(try TrackingQueries.experiments(in: dir).map(\.name), ["Default", "load"], "created once")
    }

    func testAnUnreachableServerKeepsEverythingQueued() throws {
        let dir = TestFolders.temporary()
        let ids = try threeRuns(dir)
        // Port 9 (discard) on loopback: nothing listens there.
        let server = try MLflowServer(url: "http://127.0.0.1:9")
        for id in ids { try MLflowSync.queue(.run, id, server: server.url, in: dir) }
        let report = MLflowSync.flush(server, in: dir)
        XCTAssertEqual(report.sent, [])
        XCTAssertEqual(report.pending, 3)
        XCTAssertTrue(report.failure?.contains("Connection refused") ?? false, report.failure ?? "")
        XCTAssertEqual(Set(try MLflowSync.pending(in: dir).map(\.id)), Set(ids))
        XCTAssertEqual(errorMessage { try MLflowServer(url: "https://x:1") }, "'https://x:1' is not an http:// address")
        XCTAssertEqual(errorMessage { try MLflowServer(url: "http://host:99999") }, "'http://host:99999' has no valid port")
    }

    func testHTTPResponsesWithLengthOrChunksAreParsed() throws {
        let plain = Array("HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nhello".utf8)
        XCTAssertTrue(HTTPResponseParser.isComplete(plain))
        XCTAssertEqual(try HTTPResponseParser.parse(plain).status, 404)
        XCTAssertEqual(try HTTPResponseParser.parse(plain).text, "hello")
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n".utf8)
        XCTAssertTrue(HTTPResponseParser.isComplete(chunked))
        XCTAssertEqual(try HTTPResponseParser.parse(chunked).text, "Wikipedia")
        XCTAssertFalse(HTTPResponseParser.isComplete(Array("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhal".utf8)))
    }

    func testExportWritesMLflowsFileStoreLayout() throws {
        let dir = TestFolders.temporary()
        let ids = try threeRuns(dir)
        try Registry.register(run: ids[1], as: "churn", in: dir)
        try Registry.setAlias("champion", name: "churn", version: 1, in: dir)
        let out = dir + "/mlruns"
        let summary = try MLflowFileStore.export(from: dir, to: out)
        XCTAssertEqual(summary.runs, 3)
        XCTAssertEqual(summary.models, 1)
        let text = { (p: String) in String(decoding: try FileIO.readAll(out + "/" + p), as: UTF8.self) }
        XCTAssertTrue(try text("0/meta.yaml").contains("name: 'Default'"))
        XCTAssertTrue(try text("0/\(ids[1])/meta.yaml").contains("status: 3"))
        XCTAssertEqual(try text("0/\(ids[1])/params/C"), "1")
        let metric = try text("0/\(ids[1])/metrics/auc").split(separator: " ")
        XCTAssertEqual(metric.count, 3)
        XCTAssertEqual(metric[1], "0.9")
        XCTAssertEqual(metric[2], "0\n")
        XCTAssertEqual(try text("models/churn/aliases/champion"), "1")
        XCTAssertTrue(try text("models/churn/version-1/meta.yaml").contains("run_id: '\(ids[1])'"))
        XCTAssertEqual(errorMessage { try MLflowFileStore.export(from: dir, to: out) }, "\(out) already exists and is not empty")
    }
}

/// Errors collected from several threads.
final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

extension RunQueryAndRegistryTests {
    func testManyRunsAreReadWholeInTheOrderAsked() throws {
        let dir = TestFolders.temporary()
        var ids: [String] = []
        for i in 0..<1203 {
            let run = try Tracking.startRun(in: dir, name: "r\(i)")
            try run.log(params: ["i": String(i)], metrics: [MetricPoint(key: "auc", value: Double(i) / 1203)], tags: ["t": "x"])
            try run.finish()
            ids.append(run.id)
        }
        let asked = Array(ids.reversed().prefix(1101))
        let found = try TrackingQueries.runs(ids: asked, in: dir)
        XCTAssertEqual(found.map(\.id), asked)
        XCTAssertEqual(found.map { $0.params["i"] }, asked.indices.map { String(1202 - $0) })
        XCTAssertTrue(found.allSatisfy { $0.tags["t"] == "x" && $0.metrics["auc"] != nil })
        // A selection reads only its own runs' params, metrics and tags.
        let two = try TrackingQueries.runs(ids: [ids[5], ids[7]], in: dir)
        XCTAssertEqual(two.map { $0.params }, [["i": "5"], ["i": "7"]])
    }

    func testTheListedParamAndTagReadThroughTheirIndexesAlongsideOtherKeys() throws {
        let dir = TestFolders.temporary()
        let parent = try Tracking.startRun(in: dir, name: "grid")
        try parent.log(params: ["kind": "tree", "max_depth": "3"])
        try parent.finish()
        let child = try Tracking.startRun(in: dir, name: "point", parentRunID: parent.id)
        try child.log(params: ["kind": "tree", "max_depth": "5"], tags: ["note": "n"])
        try child.finish()
        let bare = try Tracking.startRun(in: dir, name: "bare")
        try bare.log(params: ["max_depth": "7"])
        try bare.finish()
        let ids = [parent.id, child.id, bare.id]
        let listed = try TrackingQueries.runs(ids: ids, reading: RunReading(params: ["kind"], tags: [Tracking.parentRunTag]), in: dir)
        XCTAssertEqual(listed.map(\.params), [["kind": "tree"], ["kind": "tree"], [:]])
        XCTAssertEqual(listed.map(\.parentRunID), [nil, parent.id, nil])
        let mixed = try TrackingQueries.runs(ids: ids, reading: RunReading(params: ["kind", "max_depth"], tags: [Tracking.parentRunTag, "note"]), in: dir)
        XCTAssertEqual(mixed.map(\.params), [["kind": "tree", "max_depth": "3"], ["kind": "tree", "max_depth": "5"], ["max_depth": "7"]])
        XCTAssertEqual(mixed[1].tags, [Tracking.parentRunTag: parent.id, "note": "n"])
        XCTAssertEqual(try TrackingQueries.runs(ids: [child.id], reading: RunReading(params: ["kind"]), in: dir).first?.params, ["kind": "tree"], "one run")
        let whole = try TrackingQueries.runs(ids: ids, in: dir)
        XCTAssertEqual(whole[1].params, ["kind": "tree", "max_depth": "5"])
    }

    func testAFieldNoneOfTheRunsHasComparesAsMissingWithTextOrNumbers() throws {
        let dir = TestFolders.temporary()
        let trained = try Tracking.startRun(in: dir, name: "train")
        try trained.log(params: ["kind": "logistic", "C": "0.5"], metrics: [MetricPoint(key: "auc", value: 0.6)])
        try trained.finish()
        let evaluated = try Tracking.startRun(in: dir, name: "eval")
        try evaluated.log(metrics: [MetricPoint(key: "auc", value: 0.9)])
        try evaluated.finish()
        let known = try TrackingQueries.keys(in: dir)
        // Narrowed to the runs with auc > 0.8, only the eval run is left, and it has neither param.
        let narrowed = try TrackingQueries.runs(in: dir, bounds: [MetricBound(key: "auc", comparison: .greater, value: 0.8)])
        XCTAssertEqual(narrowed.map(\.name), ["eval"])
        for condition in ["metrics.auc > 0.8 and params.kind == \"logistic\"", "params.C < 1", "params.kind in (\"a\", \"b\")"] {
            XCTAssertEqual(try RunFilter.filter(narrowed, where: condition, known: known).map(\.name), [], condition)
        }
        XCTAssertEqual(try RunFilter.filter(narrowed, where: "params.kind is missing", known: known).map(\.name), ["eval"])
        let all = try TrackingQueries.runs(in: dir)
        XCTAssertEqual(try RunFilter.filter(all, where: "params.kind == \"logistic\" or metrics.auc > 0.8", known: known).map(\.name), ["train", "eval"])
    }

    func testASchemaFourDatabaseGetsTheListingIndexesOnMigration() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "old")
        try run.log(params: ["kind": "ridge"])
        try run.finish()
        do {
            let lab = try LabDatabase(stateDirectory: dir)
            try lab.connection.execute("DROP INDEX run_params_kind; DROP INDEX run_tags_parent; UPDATE schema_version SET version = 4")
        }
        OpenDatabases.shared.forget(dir)
        XCTAssertEqual(try TrackingQueries.runs(ids: [run.id], reading: RunReading(params: ["kind"]), in: dir).first?.params, ["kind": "ridge"])
        let lab = try LabDatabase(stateDirectory: dir)
        XCTAssertEqual(try lab.connection.scalar("SELECT count(*) FROM sqlite_schema WHERE name IN ('run_params_kind', 'run_tags_parent')"), .integer(2))
    }

    /// Runs whose auc steps up and down, some NaN, some without auc, in two experiments.
    private func steppedRuns(_ dir: String) throws -> [RunRecord] {
        for i in 0..<40 {
            let run = try Tracking.startRun(in: dir, experiment: i % 3 == 0 ? "other" : "Default", name: "s\(i)")
            if i % 7 != 0 {
                let last = i % 5 == 0 ? Double.nan : Double(i) / 40
                // The latest value is the highest step, whatever order the points are written in.
                try run.log(metrics: [MetricPoint(key: "auc", value: last, step: 2), MetricPoint(key: "auc", value: 0.99, step: 1),
                                      MetricPoint(key: "loss", value: Double(40 - i), step: 0)])
                try run.logMetric("auc", 0.01, step: 0)
            }
            try run.finish()
        }
        return try TrackingQueries.runs(in: dir, experiment: "Default")
    }

    func testTheLatestMetricIsTheHighestStepThenTheNewestPoint() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "x")
        try run.log(metrics: [MetricPoint(key: "m", value: 1, step: 3, timestampMs: 100), MetricPoint(key: "m", value: 2, step: 3, timestampMs: 50),
                              MetricPoint(key: "m", value: 3, step: 1, timestampMs: 900)])
        XCTAssertEqual(try TrackingQueries.run(id: run.id, in: dir)?.metrics["m"], 1, "step 3, newest of the two")
        try run.log(metrics: [MetricPoint(key: "m", value: 4, step: 3, timestampMs: 100)])
        XCTAssertEqual(try TrackingQueries.run(id: run.id, in: dir)?.metrics["m"], 4, "a tie goes to the later write")
        XCTAssertEqual(try TrackingQueries.metricHistory(run: run.id, key: "m", in: dir).map(\.value), [3, 2, 1, 4], "every point is kept")
    }

    func testMetricComparisonsAtTheTopOfAConditionBecomeBounds() throws {
        XCTAssertEqual(try RunFilter.metricBounds(where: #"metrics.auc > 0.9 and params.kind == "tree" and 0.5 >= metrics.loss"#),
                       [MetricBound(key: "auc", comparison: .greater, value: 0.9), MetricBound(key: "loss", comparison: .lessOrEqual, value: 0.5)])
        XCTAssertEqual(try RunFilter.metricBounds(where: "metrics.auc == -1"), [MetricBound(key: "auc", comparison: .equal, value: -1)])
        // Under `or` or `not`, with `!=` (NaN) or against another field, nothing can be narrowed safely.
        for condition in ["metrics.auc > 0.9 or metrics.auc < 0.1", "not (metrics.auc > 0.9)", "metrics.auc != 0.5", "metrics.auc > metrics.f1",
                          "metrics.auc + 0 > 1"] {
            XCTAssertEqual(try RunFilter.metricBounds(where: condition), [], condition)
        }
    }

    func testNarrowingInLabDBKeepsExactlyWhatTheFilterKeeps() throws {
        let dir = TestFolders.temporary()
        let all = try steppedRuns(dir)
        let known = try TrackingQueries.keys(in: dir)
        for condition in ["metrics.auc > 0.5", "metrics.auc >= 0.5 and metrics.loss < 15", "0.3 < metrics.auc and metrics.auc <= 0.6",
                          "metrics.auc == 0.25", "metrics.auc != 0.25", "metrics.auc is missing", "metrics.auc > 0.9 or metrics.loss > 35",
                          "metrics.auc > -1 and name != \"s4\""] {
            let expected = try RunFilter.filter(all, where: condition, known: known).map(\.name)
            let fields = try RunFilter.fields(where: condition, [])
            let narrowed = try TrackingQueries.runs(in: dir, experiment: "Default", reading: RunReading(fields),
                                                    bounds: try RunFilter.metricBounds(where: condition))
            XCTAssertEqual(try RunFilter.filter(narrowed, where: condition, known: known).map(\.name), expected, condition)
        }
        XCTAssertEqual(try RunFilter.filter(all, where: "metrics.auc > 0.99", known: known).count, 0, "step 1's 0.99 is not the latest")
        XCTAssertGreaterThan(try RunFilter.filter(all, where: "metrics.auc > 0.5", known: known).count, 5)
        let bounded = try TrackingQueries.runs(in: dir, experiment: "Default", reading: .rowsOnly, bounds: [MetricBound(key: "auc", comparison: .greater, value: 0.5)])
        XCTAssertEqual(bounded.map(\.name), try RunFilter.filter(all, where: "metrics.auc > 0.5", known: known).map(\.name), "lab.db alone narrows to the matches")
    }

    func testASchemaThreeDatabaseGetsItsLatestMetricsOnMigration() throws {
        let dir = TestFolders.temporary()
        let run = try Tracking.startRun(in: dir, name: "old")
        try run.log(metrics: [MetricPoint(key: "m", value: 7, step: 2), MetricPoint(key: "m", value: 8, step: 1), MetricPoint(key: "n", value: .nan)])
        do {
            let lab = try LabDatabase(stateDirectory: dir)
            try lab.connection.execute("DROP TABLE run_latest_metrics; UPDATE schema_version SET version = 3")
        }
        OpenDatabases.shared.forget(dir)
        let migrated = try XCTUnwrap(TrackingQueries.run(id: run.id, in: dir))
        XCTAssertEqual(migrated.metrics["m"], 7)
        XCTAssertEqual(migrated.metrics["n"].map(\.isNaN), true)
        let lab = try LabDatabase(stateDirectory: dir)
        XCTAssertEqual(try lab.connection.scalar("SELECT version FROM schema_version"), .integer(Int64(LabDatabase.schemaVersion)))
    }
}
