import XCTest
import LabData
import LabOps
@testable import LabShell

final class TrackingCommandTests: XCTestCase {
    private func prepared() throws -> Session {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2 seed=42 stratify=survived", "impute age fare with=median", "encode sex"] {
            _ = try s.execute(line)
        }
        return s
    }

    private func texts(_ output: CommandOutput) -> [String] {
        switch output {
        case .message(let m), .text(let m), .warning(let m): return [m]
        case .group(let parts): return parts.flatMap(texts)
        default: return []
        }
    }

    private func failure(_ s: Session, _ line: String) -> String {
        do {
            _ = try s.execute(line)
            XCTFail("expected \(line) to fail")
            return ""
        } catch {
            return (error as? LabError)?.message ?? String(describing: error)
        }
    }

    private let features = "features=age,sex_male,pclass,fare"

    func testCurveArtifactsAreTheCSVOfTheirNumbersAsSwiftPrintsThem() {
        // Over 20,000 rows the halves are written on two cores; both sizes against the plain definition.
        var g = SeededGenerator(seed: 3)
        for count in [5, 30_001] {
            let a = (0..<count).map { i in i == 0 ? Double.infinity : g.unit() }
            let b = (0..<count).map { i in i == count - 1 ? Double.nan : -g.unit() * 1e-7 }
            let c = (0..<count).map { Double($0) / 3 }
            var expected = "x,y,z\n"
            for i in 0..<count { expected += [a[i], b[i], c[i]].map { $0.isNaN ? "" : "\($0)" }.joined(separator: ",") + "\n" }
            XCTAssertEqual(String(decoding: EvaluationRuns.csv(["x", "y", "z"], [a, b, c]), as: UTF8.self), expected, "\(count) rows")
        }
    }

    func testTrainRecordsARunWithParamsDefaultsMetricsLineageAndTheModel() throws {
        let s = try prepared()
        let out = try s.execute("train logistic target=survived \(features) C=0.5 as lr").output
        let line = try XCTUnwrap(texts(out).first { $0.hasPrefix("run ") })
        let runs = try TrackingQueries.runs(in: s.environment.stateDirectory)
        XCTAssertEqual(runs.count, 1)
        let r = runs[0]
        XCTAssertEqual(line, "run \(r.id.prefix(8)) recorded in experiment 'Default'")
        XCTAssertEqual(r.status, .finished)
        XCTAssertEqual(r.name, "lr")
        XCTAssertEqual(r.params["C"], "0.5")
        XCTAssertEqual(r.params["max_iter"], "100", "defaults are recorded too")
        XCTAssertEqual(r.params["target"], "survived")
        XCTAssertEqual(r.params["features"], "age,sex_male,pclass,fare")
        XCTAssertEqual(r.tags["opslab.data_sha256"], s.state.models["lr"]?.dataHash)
        XCTAssertEqual(r.tags["opslab.prep"], "impute median age; impute median fare; one-hot sex")
        XCTAssertEqual(Set(r.metrics.keys), ["accuracy", "roc_auc", "log_loss", "loss"])
        XCTAssertEqual(r.metrics["accuracy"]!, 0.7557, accuracy: 0.05)
        // The scores a train run records are the ones `eval` reports on the same test rows.
        _ = try s.execute("eval lr")
        let evaluated = try XCTUnwrap(try TrackingQueries.runs(in: s.environment.stateDirectory).last)
        for key in ["accuracy", "roc_auc", "log_loss"] {
            XCTAssertEqual(r.metrics[key]!, try XCTUnwrap(evaluated.metrics[key]), accuracy: 1e-12, key)
        }
        let lossSeries = try TrackingQueries.metricHistory(run: r.id, key: "loss", in: s.environment.stateDirectory)
        XCTAssertGreaterThan(lossSeries.count, 5)
        XCTAssertEqual(lossSeries.map(\.step), Array(0..<lossSeries.count))
        XCTAssertLessThan(lossSeries.last!.value, lossSeries.first!.value)
        let lineage = String(decoding: try XCTUnwrap(TrackingQueries.artifact(run: r.id, path: "lineage.lab", in: s.environment.stateDirectory)), as: UTF8.self)
        let lines = lineage.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5)
        XCTAssertTrue(lines[0].hasPrefix("load titanic sha256="))
        XCTAssertTrue(lines[4].hasPrefix("train logistic as lr target=survived"), lines[4])
        XCTAssertTrue(r.artifacts.contains(Registry.modelArtifact))
    }

    func testATrainRefusedForBadInputLeavesNoRun() throws {
        let s = try prepared()
        XCTAssertEqual(failure(s, "train logistic target=survivd"), "no column 'survivd' in frame 'titanic' (did you mean 'survived'?)")
        XCTAssertEqual(try TrackingQueries.runs(in: s.environment.stateDirectory, includeDeleted: true).count, 0)
    }

    func testRunsWhereSortBestAndCompare() throws {
        let s = try prepared()
        for c in ["0.01", "1.0"] { _ = try s.execute("train logistic target=survived \(features) C=\(c) as lr\(c == "1.0" ? "1" : "0")") }
        _ = try s.execute("train boost target=survived \(features) as gb")
        let dir = s.environment.stateDirectory
        let all = try TrackingQueries.runs(in: dir)
        guard case .table(let t) = try s.execute("runs where params.kind == \"logistic\" sort=-params.C").output else { return XCTFail() }
        XCTAssertEqual(t.rows.map { $0[1] }, [.text("lr1"), .text("lr0")])
        // Runs of one day: their time of day, the day in the title; no status column while every run simply finished.
        let day = RunDisplay.time(all[0].startMs).prefix(10)
        XCTAssertEqual(t.title, "runs in 'Default', started \(day) (UTC)")
        XCTAssertEqual(t.columns.last, "started")
        XCTAssertFalse(t.columns.contains("status"))
        XCTAssertEqual(t.rows[0].last, .text(String(RunDisplay.time(all[1].startMs).dropFirst(11).prefix(8))))
        _ = try s.execute("delete run lr0")
        guard case .table(let withDeleted) = try s.execute("runs deleted=true").output else { return XCTFail() }
        XCTAssertEqual(withDeleted.rows.first { $0[1] == .text("lr0") }?[withDeleted.columns.firstIndex(of: "status")!], .text("FINISHED (deleted)"))
        // A deleted run is still found by its model's name, to be restored.
        XCTAssertEqual(texts(try s.execute("restore run lr0").output).first?.hasPrefix("restored run "), true)
        XCTAssertEqual(try TrackingQueries.runs(in: dir).count, all.count)
        let best = all.max { $0.metrics["roc_auc"]! < $1.metrics["roc_auc"]! }!
        let text = texts(try s.execute("best metric=auc").output).joined()
        XCTAssertTrue(text.hasPrefix("best by roc_auc (highest of 3 runs): run \(best.id.prefix(8)) '\(best.name)'"), text)
        // The metric named alone is the same question, with a condition too.
        XCTAssertEqual(texts(try s.execute("best auc").output).joined(), text)
        XCTAssertEqual(texts(try s.execute("best auc where metrics.roc_auc > 0").output).joined(), text)
        let lowest = all.min { $0.metrics["log_loss"]! < $1.metrics["log_loss"]! }!
        XCTAssertTrue(texts(try s.execute("best metric=log_loss").output).joined().contains("run \(lowest.id.prefix(8))"), "losses are minimised")
        guard case .table(let c) = try s.execute("compare \(all[0].id.prefix(6)) \(all[1].id.prefix(6))").output else { return XCTFail() }
        let cRow = try XCTUnwrap(c.rows.first { $0[1] == .text("params.C") })
        XCTAssertEqual(cRow, [.text("≠"), .text("params.C"), .text("0.01"), .text("1.0")])
        XCTAssertNil(c.rows.first { $0[1] == .text("params.max_iter") }, "equal params hidden")
        XCTAssertEqual(c.rows.first { $0[1] == .text("experiment") }?[0], .text(""))
    }

    func testBadReferencesAndConditionsGetOneMessageAndChangeNothing() throws {
        let s = try prepared()
        _ = try s.execute("train logistic target=survived \(features) as lr")
        let id = try TrackingQueries.runs(in: s.environment.stateDirectory)[0].id
        let before = s.recordedLines
        XCTAssertEqual(failure(s, "run zzzz"), "no run 'zzzz'")
        XCTAssertEqual(failure(s, "runs where metrics.acurracy > 0.5"), "no run has metrics.acurracy (did you mean 'metrics.accuracy'?)")
        XCTAssertEqual(failure(s, "runs where metrics.auc >>> 1"), "expected a value at position 14, found '>'")
        XCTAssertEqual(failure(s, "best metric=f1"), "no run has metrics.f1")
        XCTAssertEqual(failure(s, "best"), "best needs metric=: the metric to rank by")
        XCTAssertEqual(failure(s, "best where metrics.accuracy > 0.5"), "best needs metric=: the metric to rank by")
        XCTAssertEqual(failure(s, "register lr"), "register needs 'as NAME': the registered name (letters, digits, _ - .)")
        XCTAssertEqual(failure(s, "runs where metrics.auc > 0.5"), "no run has metrics.auc (did you mean 'metrics.roc_auc'?)")
        // Named wrong next to a bound that no run meets: still the typo, not an empty answer.
        XCTAssertEqual(failure(s, "runs where metrics.accuracy > 2 and metrics.acurracy > 0"), "no run has metrics.acurracy (did you mean 'metrics.accuracy'?)")
        XCTAssertEqual(failure(s, "plot run \(id.prefix(6)) metric=los"), "run \(id.prefix(8)) has no metric 'los' (did you mean 'loss'?)")
        XCTAssertEqual(failure(s, "tag \(id.prefix(6)) just-a-word"), "expected key=value, not 'just-a-word'")
        XCTAssertEqual(failure(s, "register lrr as churn"), "no model or run 'lrr' (did you mean 'lr'?)")
        XCTAssertEqual(failure(s, "register lr as bad/name"), "'bad/name' is not a valid registered model name")
        _ = try s.execute("register lr as churn")
        XCTAssertEqual(failure(s, "alias churn@champion v3"), "churn has no version 3")
        XCTAssertEqual(failure(s, "predict churn@prod"), "churn has no alias 'prod'")
        XCTAssertTrue(failure(s, "track to=http://127.0.0.1:9").hasPrefix("cannot reach an MLflow server at http://127.0.0.1:9: cannot connect to 127.0.0.1:9"))
        XCTAssertNil(s.state.trackingServer)
        XCTAssertEqual(failure(s, "experiment \"\""), "'' is not a valid experiment name")
        XCTAssertEqual(s.state.experiment, "Default")
        XCTAssertEqual(s.recordedLines, before)
        XCTAssertEqual(try TrackingQueries.runs(in: s.environment.stateDirectory).count, 1)
    }

    func testAModelNameStandsForTheRunThatTrainedItWhenEarlierSessionsUsedTheNameToo() throws {
        let first = try prepared()
        _ = try first.execute("train logistic target=survived \(features) C=0.01 as m")
        let second = Session(environment: first.environment)
        for line in ["load titanic", "split test=0.2 seed=42 stratify=survived", "impute age fare with=median", "encode sex",
                     "train logistic target=survived \(features) C=1.0 as m"] { _ = try second.execute(line) }
        let dir = first.environment.stateDirectory
        let runs = try TrackingQueries.runs(in: dir)
        XCTAssertEqual(runs.map { $0.params["C"] }, ["0.01", "1.0"])
        _ = try second.execute("tag m reviewed=yes")
        XCTAssertEqual(try TrackingQueries.runs(tagged: "reviewed", "yes", in: dir).map(\.id), [runs[1].id])
        guard case .group(let parts) = try second.execute("run m").output, case .text(let head)? = parts.first else { return XCTFail() }
        XCTAssertTrue(head.hasPrefix("run \(runs[1].id)"), head)
        // Where no model has the name, it is ambiguous, and said so.
        XCTAssertTrue(failure(Session(environment: first.environment), "tag m x=1").hasPrefix("'m' matches 2 runs: "))
    }

    func testColumnTimesKeepTheDayApartWhenAllShareIt() {
        // 2026-11-30 13:42:22 UTC and later that day; then one on the next day.
        let t = Int64(1_796_046_142_000)
        let sameDay = RunDisplay.columnTimes([t, t + 999, t + 3_600_000])
        XCTAssertEqual(sameDay.day, "2026-11-30")
        XCTAssertEqual(sameDay.times, ["13:42:22", "13:42:22", "14:42:22"])
        let twoDays = RunDisplay.columnTimes([t, t + 86_400_000])
        XCTAssertNil(twoDays.day)
        XCTAssertEqual(twoDays.times, ["2026-11-30T13:42:22Z", "2026-12-01T13:42:22Z"])
    }

    func testTagNoteDeleteAndRestore() throws {
        let s = try prepared()
        _ = try s.execute("train logistic target=survived \(features) as lr")
        let dir = s.environment.stateDirectory
        let id = try TrackingQueries.runs(in: dir)[0].id
        _ = try s.execute("tag \(id.prefix(5)) stage=baseline owner=\"data team\"")
        _ = try s.execute("note \(id.prefix(5)) \"first try\"")
        let r = try XCTUnwrap(TrackingQueries.run(id: id, in: dir))
        XCTAssertEqual(r.tags["stage"], "baseline")
        XCTAssertEqual(r.tags["owner"], "data team")
        XCTAssertEqual(r.note, "first try")
        guard case .table(let t) = try s.execute("runs where tags.stage == \"baseline\"").output else { return XCTFail() }
        XCTAssertEqual(t.rows.count, 1)
        XCTAssertEqual(texts(try s.execute("runs where tags.stage == \"final\"").output), ["no run matches tags.stage == \"final\"; `runs` lists them all"])
        _ = try s.execute("delete run \(id.prefix(5))")
        XCTAssertEqual(texts(try s.execute("runs").output), ["no runs match; `train` records one"])
        _ = try s.execute("restore run \(id.prefix(5))")
        XCTAssertEqual(try TrackingQueries.runs(in: dir).map(\.id), [id])
    }

    func testExperimentSwitchesWhereRunsGoAndIsRecorded() throws {
        let s = try prepared()
        _ = try s.execute("experiment titanic")
        XCTAssertEqual(s.recordedLines.last, "experiment titanic")
        _ = try s.execute("train logistic target=survived \(features) as lr")
        let dir = s.environment.stateDirectory
        XCTAssertEqual(try TrackingQueries.runs(in: dir, experiment: "titanic").count, 1)
        XCTAssertEqual(try TrackingQueries.runs(in: dir, experiment: "Default").count, 0)
    }

    func testRegisteredModelsLoadInAFreshSessionByAliasAndVersion() throws {
        let s = try prepared()
        _ = try s.execute("train logistic target=survived \(features) as lr")
        _ = try s.execute("train boost target=survived \(features) as gb")
        _ = try s.execute("register lr as survival")
        _ = try s.execute("register gb as survival")
        _ = try s.execute("alias survival@champion v2")
        // Another process on the same folder: it never trained anything.
        let fresh = Session(environment: s.environment)
        for line in ["load titanic", "impute age fare with=median", "encode sex"] { _ = try fresh.execute(line) }
        _ = try fresh.execute("predict survival@champion as scored")
        let scored = try fresh.state.frame(named: "scored")
        let mine = try s.execute("predict gb as mine")
        _ = mine
        let expected = try s.state.frame(named: "mine").column("pred_gb")
        XCTAssertEqual(try scored.column("pred_gb").data, expected.data, "the registered model predicts what it predicted when trained")
        guard case .group(let parts) = try fresh.execute("model survival/v1").output, case .text(let text) = parts[0] else { return XCTFail() }
        XCTAssertTrue(text.hasPrefix("lr: logistic classification of survived"), text)
        // import pins the stored model's SHA-256: once the alias moves, the recorded line no longer replays.
        _ = try fresh.execute("import survival@champion as champ")
        XCTAssertEqual(fresh.state.models["champ"]?.kind.rawValue, "boost")
        let pinned = try XCTUnwrap(fresh.recordedLines.last)
        XCTAssertTrue(pinned.hasPrefix("import survival@champion as champ sha256="), pinned)
        _ = try fresh.execute("alias survival@champion v1")
        XCTAssertTrue(failure(fresh, pinned).hasPrefix("model file the registry (survival/v1) has changed since this script was saved"))
        guard case .table(let registry) = try fresh.execute("registry").output else { return XCTFail() }
        XCTAssertEqual(registry.rows.map { $0[1] }, [.text("v1"), .text("v2")])
        XCTAssertEqual(registry.rows.map { $0[2] }, [.text("@champion"), .text("")])
        // Registered on one day: the time of day in the column, the day in the title.
        let versions = try Registry.model("survival", in: s.environment.stateDirectory).versions
        let day = RunDisplay.time(versions[0].createdMs).prefix(10)
        if RunDisplay.time(versions[1].createdMs).hasPrefix(day) {
            XCTAssertEqual(registry.title, "registered models, all on \(day) (UTC)")
            XCTAssertEqual(registry.columns[5], "registered")
            XCTAssertEqual(registry.rows.map { $0[5] }, versions.map { .text(String(RunDisplay.time($0.createdMs).dropFirst(11).prefix(8))) })
        }
    }

    func testPlotsOfRunsAndOfAMetricsSteps() throws {
        let s = try prepared()
        for c in ["0.01", "0.1", "1.0"] { _ = try s.execute("train logistic target=survived \(features) C=\(c) as m") }
        guard case .plot(let p) = try s.execute("plot runs x=params.C y=metrics.roc_auc").output else { return XCTFail() }
        XCTAssertEqual(p.series[0].points.map(\.0), [0.01, 0.1, 1.0])
        let runs = try TrackingQueries.runs(in: s.environment.stateDirectory)
        XCTAssertEqual(p.series[0].points.map(\.1), runs.map { $0.metrics["roc_auc"]! })
        guard case .plot(let q) = try s.execute("plot run \(runs[2].id.prefix(6)) metric=loss").output else { return XCTFail() }
        let history = try TrackingQueries.metricHistory(run: runs[2].id, key: "loss", in: s.environment.stateDirectory)
        XCTAssertEqual(q.series[0].points.map(\.1), history.map(\.value))
        // `run` points to the plot only where a metric has several steps.
        func metricsNote(_ line: String) throws -> String?? {
            guard case .group(let parts) = try s.execute(line).output else { return nil }
            for case .table(let t) in parts where t.title == "metrics" { return .some(t.note) }
            return nil
        }
        XCTAssertEqual(try metricsNote("run \(runs[2].id.prefix(8))"), .some("a series with several steps: plot run \(runs[2].id.prefix(8)) metric=loss"))
        _ = try s.execute("train tree target=survived \(features) max_depth=2 as t")
        XCTAssertEqual(try metricsNote("run t"), .some(nil))
    }

    func testRestoringAJournalDoesNotRecordItsRunsAgain() throws {
        let s = try prepared()
        _ = try s.execute("train logistic target=survived \(features) as lr")
        let restored = Session(environment: s.environment)
        XCTAssertEqual(try restored.restore(s.recordedLines), 5)
        XCTAssertNotNil(restored.state.models["lr"])
        XCTAssertEqual(try TrackingQueries.runs(in: s.environment.stateDirectory).count, 1)
        // A journal that sends to a server that is down now still restores.
        _ = try restored.execute("experiment titanic")
        let lines = restored.recordedLines + ["track to=http://127.0.0.1:9"]
        let again = Session(environment: s.environment)
        XCTAssertEqual(try again.restore(lines), 7)
        XCTAssertEqual(again.state.trackingServer, "http://127.0.0.1:9")
        XCTAssertEqual(again.state.experiment, "titanic")
        // The restored model still finds its run, so it can be registered.
        XCTAssertEqual(texts(try restored.execute("register lr as survival").output).first?.hasPrefix("registered survival version 1 from run"), true)
    }

    func testTheGenericRecordingAPIKeepsParentAndChildRuns() throws {
        let s = try prepared()
        var state = s.state
        state.experiment = "tuning"
        _ = try Tracking.ensureExperiment("tuning", in: s.environment.stateDirectory)
        let context = CommandContext(state: state, environment: s.environment, recorded: Arguments(), request: nil,
                                     history: s.historyEntries, table: s.table)
        let parent = TrackedRun.start(name: "tune lr", context)
        var childIDs: [String] = []
        for (i, (c, score)) in [("0.1", 0.7), ("1.0", 0.8)].enumerated() {
            let child = TrackedRun.start(name: "tune lr C=\(c)", context, parent: parent.id)
            _ = child.finish(line: "tune lr", params: ["C": c], metrics: [MetricPoint(key: "score", value: score, step: i)], context)
            childIDs.append(try XCTUnwrap(child.id))
        }
        let notes = parent.finish(line: "tune lr", params: ["grid": "C=0.1,1.0"], metrics: [MetricPoint(key: "best_score", value: 0.8)], context)
        XCTAssertEqual(notes, [.message("run \(parent.id!.prefix(8)) recorded in experiment 'tuning'")])
        let runs = try TrackingQueries.runs(in: s.environment.stateDirectory, experiment: "tuning")
        XCTAssertEqual(runs.map(\.name), ["tune lr", "tune lr C=0.1", "tune lr C=1.0"])
        XCTAssertEqual(runs.compactMap(\.parentRunID), [parent.id!, parent.id!])
        XCTAssertEqual(runs[2].metrics["score"], 0.8)
        XCTAssertTrue(runs.allSatisfy { $0.status == .finished && $0.artifacts == ["lineage.lab"] })
        XCTAssertEqual(try RunFilter.filter(runs, where: "tags.`mlflow.parentRunId` is not missing").count, 2)
    }

    func testTabCompletesRunIdsAndRegisteredModelsWithoutCreatingLabDB() throws {
        let empty = TestSupport.session()
        let none = Completer(table: empty.table, state: empty.state, catalog: empty.environment.catalog,
                             stateDirectory: empty.environment.stateDirectory)
        XCTAssertEqual(none.complete("run ").candidates, [])
        XCTAssertFalse(FileIO.exists(empty.environment.stateDirectory + "/lab.db"), "completion never creates lab.db")

        let s = try prepared()
        _ = try s.execute("train logistic target=survived \(features) as lr")
        _ = try s.execute("register lr as survival")
        _ = try s.execute("alias survival@champion v1")
        let id = try TrackingQueries.runs(in: s.environment.stateDirectory)[0].id
        let c = Completer(table: s.table, state: s.state, catalog: s.environment.catalog, stateDirectory: s.environment.stateDirectory)
        XCTAssertEqual(c.complete("run \(id.prefix(2))").candidates, [String(id.prefix(8))])
        XCTAssertEqual(c.complete("compare \(id.prefix(8)) \(id.prefix(3))").candidates, [String(id.prefix(8))])
        XCTAssertEqual(c.complete("predict surv").candidates, ["survival@champion", "survival/v1"])
        XCTAssertEqual(c.complete("model l").candidates, ["lr"])
    }

    func testAFreshProcessRegistersARunByItsNameNotByAnIdThatStartsLikeIt() throws {
        let s = try prepared()
        for name in ["a", "b", "c", "d", "e", "f"] { _ = try s.execute("train logistic target=survived \(features) as \(name)") }
        let runs = try TrackingQueries.runs(in: s.environment.stateDirectory)
        let fresh = Session(environment: s.environment)
        for name in ["a", "b", "c", "d", "e", "f"] {
            _ = try fresh.execute("register \(name) as by_name")
            let version = try Registry.resolve("by_name/latest", in: s.environment.stateDirectory)
            XCTAssertEqual(version.runID, runs.first { $0.name == name }!.id, name)
        }
    }

    func testEvalCVAndTuneRecordRunsTooWithTuningPointsAsChildRuns() throws {
        let s = try prepared()
        let dir = s.environment.stateDirectory
        _ = try s.execute("train logistic target=survived \(features) as lr")
        let trained = try TrackingQueries.runs(in: dir)[0]
        _ = try s.execute("eval lr")
        let evaluation = try XCTUnwrap(s.state.evaluations["lr"])
        let evalRun = try XCTUnwrap(TrackingQueries.runs(in: dir).first { $0.name == "eval lr" })
        XCTAssertEqual(evalRun.metrics.count, evaluation.metrics.count)
        for m in evaluation.metrics { XCTAssertEqual(evalRun.metrics[m.name], m.value, m.name) }
        XCTAssertEqual(evalRun.tags["opslab.model_run"], trained.id)
        XCTAssertEqual(evalRun.tags["opslab.eval_data_sha256"], try s.state.frame(named: "titanic").contentHash)
        XCTAssertEqual(Set(evalRun.artifacts), ["lineage.lab", "pr.csv", "roc.csv"])
        let roc = String(decoding: try XCTUnwrap(TrackingQueries.artifact(run: evalRun.id, path: "roc.csv", in: dir)), as: UTF8.self)
        XCTAssertTrue(roc.hasPrefix("threshold,fpr,tpr\ninf,0.0,0.0\n"), String(roc.prefix(60)))

        _ = try s.execute("cv logistic target=survived \(features) folds=3")
        let cv = try XCTUnwrap(TrackingQueries.runs(in: dir).first { $0.name == "cv logistic" })
        let folds = try TrackingQueries.metricHistory(run: cv.id, key: "cv_accuracy_fold", in: dir)
        XCTAssertEqual(folds.map(\.step), [0, 1, 2])
        XCTAssertEqual(cv.metrics["cv_accuracy"]!, folds.map(\.value).reduce(0, +) / 3, accuracy: 1e-12)
        XCTAssertEqual(cv.params["folds"], "3")
        XCTAssertEqual(cv.params["C"], "1.0", "the defaults of the kind")
        // `best` says how to register the winner's model: an eval run points to the run that
        // trained it, a cv run holds no model, a train run is registered itself.
        let bestAP = texts(try s.execute("best metric=average_precision").output).joined()
        XCTAssertTrue(bestAP.hasSuffix("\nregister its model: register \(trained.id.prefix(8)) as NAME (the run that trained lr)"), bestAP)
        let bestCV = texts(try s.execute("best metric=cv_accuracy").output).joined()
        XCTAssertFalse(bestCV.contains("register"), bestCV)
        let bestLoss = texts(try s.execute("best metric=loss").output).joined()
        XCTAssertTrue(bestLoss.hasSuffix("\nregister it: register \(trained.id.prefix(8)) as NAME"), bestLoss)

        _ = try s.execute("tune logistic target=survived \(features) grid=\"C=0.1,1,10\" folds=3 as tuned")
        let runs = try TrackingQueries.runs(in: dir)
        let parent = try XCTUnwrap(runs.first { $0.name == "tune logistic" })
        let children = runs.filter { $0.parentRunID == parent.id }
        XCTAssertEqual(children.map { $0.params["C"] }, ["0.1", "1", "10"])
        XCTAssertTrue(children.allSatisfy { $0.metrics["cv_accuracy_std"] != nil && $0.metrics["accuracy"] == nil })
        XCTAssertEqual(parent.metrics["cv_accuracy"], children.map { $0.metrics["cv_accuracy"]! }.max())
        XCTAssertEqual(parent.params["grid"], "C=0.1,1,10")
        XCTAssertTrue(parent.artifacts.contains(Registry.modelArtifact))
        _ = try s.execute("register tuned as tuned_model")
        XCTAssertEqual(try Registry.resolve("tuned_model/v1", in: dir).runID, parent.id)
    }

    func testCrossValidatedMeansRankTheWayTheirMetricDoes() {
        XCTAssertTrue(BestCommand.smallerIsBetter("cv_rmse"))
        XCTAssertTrue(BestCommand.smallerIsBetter("cv_log_loss"))
        XCTAssertFalse(BestCommand.smallerIsBetter("cv_roc_auc"))
        XCTAssertEqual(MetricNames.canonical("cv_auc"), "cv_roc_auc")
        XCTAssertEqual(MetricNames.canonical("auc"), "roc_auc")
    }
}
