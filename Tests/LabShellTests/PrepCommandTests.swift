import XCTest
import LabData
import LabML
@testable import LabShell

final class PrepCommandTests: XCTestCase {

    func testFittingBeforeTheSplitWarnsTwice() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let impute = try s.execute("impute age with=median").output
        XCTAssertEqual(TestSupport.warnings(impute).count, 1)
        XCTAssertTrue(TestSupport.warnings(impute)[0].hasPrefix("fitted on all 1309 rows. A split made after this leaks"))
        // No split yet: no row is a test row, but one made now would leak.
        guard case .table(let unsplit) = try s.execute("prep").output else { return XCTFail() }
        XCTAssertEqual(unsplit.note, "some steps learned from all rows: a split made now would leak (its test rows helped fit them); split first, then prepare")
        let split = try s.execute("split test=0.2 stratify=survived").output
        XCTAssertEqual(TestSupport.warnings(split), ["impute median age learned from all rows, the new test rows included: that leaks. Undo back before them, split first, then prepare."])
        XCTAssertTrue(s.state.pipeline(for: "titanic").fittedBeforeSplit)
        guard case .table(let split) = try s.execute("prep").output else { return XCTFail() }
        XCTAssertEqual(split.note, "some steps learned from rows that are test rows now (fitted before the split, or before a new one): they leak test information")
    }

    func testANewSplitAfterPreparationWarnsWhenRowsTheStepsLearnedFromAreTestRowsNow() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2", "encode sex", "impute age with=median"] { _ = try s.execute(line) }
        // The same split again moves no row: nothing leaks.
        XCTAssertEqual(TestSupport.warnings(try s.execute("split test=0.2").output), [])
        XCTAssertFalse(s.state.pipeline(for: "titanic").fittedBeforeSplit)
        let before = try s.state.frame(named: "titanic")
        let split = try s.execute("split test=0.2 stratify=survived").output
        let moved = SplitCommand.trainingRowsNowTest(before: before, after: try s.state.frame(named: "titanic"))
        XCTAssertGreaterThan(moved, 0)
        XCTAssertEqual(TestSupport.warnings(split), ["one-hot sex, impute median age learned from the training rows of the previous split, \(moved) of which are test rows now: that leaks. Undo back before them, split, then prepare again."])
        XCTAssertTrue(s.state.pipeline(for: "titanic").fittedBeforeSplit)
        guard case .table(let prep) = try s.execute("prep").output else { return XCTFail() }
        XCTAssertEqual(prep.note, "some steps learned from rows that are test rows now (fitted before the split, or before a new one): they leak test information")
        // Undone, the session is as it was: no leak.
        _ = try s.execute("undo")
        XCTAssertFalse(s.state.pipeline(for: "titanic").fittedBeforeSplit)
    }

    func testPreparationAfterTheSplitUsesTrainingRowsAndReplays() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        _ = try s.execute("split test=0.2 seed=5 stratify=survived")
        let out = try s.execute("impute age fare with=median").output
        XCTAssertTrue(TestSupport.warnings(out).isEmpty)
        _ = try s.execute("impute embarked with=most_frequent")
        _ = try s.execute("encode sex embarked drop=first")
        _ = try s.execute("scale age fare method=robust")
        _ = try s.execute("derive family = sibsp + parch + 1")
        _ = try s.execute("bin family bins=3 strategy=uniform")
        let pipeline = s.state.pipeline(for: "titanic")
        XCTAssertEqual(pipeline.steps.count, 9)
        XCTAssertFalse(pipeline.fittedBeforeSplit)
        XCTAssertEqual(s.recordedLines[1], "split test=0.2 seed=5 stratify=survived")
        XCTAssertEqual(s.recordedLines[2], "impute age fare with=median indicator=false")

        let replay = TestSupport.session()
        for line in s.recordedLines { _ = try replay.execute(line) }
        XCTAssertEqual(replay.state.current, s.state.current)
        XCTAssertEqual(replay.state.pipeline(for: "titanic"), pipeline)
    }

    func testApplyPrepRunsTheSameStepsOnNewData() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        _ = try s.execute("load titanic as fresh")
        _ = try s.execute("use titanic")
        _ = try s.execute("split test=0.2")
        _ = try s.execute("impute age with=mean")
        _ = try s.execute("scale age")
        _ = try s.execute("apply prep to=fresh as ready")
        XCTAssertEqual(s.state.currentName, "titanic")
        let ready = try s.state.frame(named: "ready")
        let titanic = try s.state.frame(named: "titanic")
        // Same learned mean and scale: every age in `ready` equals the one in `titanic`.
        XCTAssertEqual(try ready.column("age"), try titanic.column("age"))
        XCTAssertNil(ready.index(of: TrainingRows.splitColumn))
        // From the new data's side, the frame whose steps could be meant is named.
        _ = try s.execute("use fresh")
        XCTAssertThrowsError(try s.execute("apply prep to=fresh")) { e in
            XCTAssertEqual((e as? LabError)?.message, "the current frame 'fresh' has no preparation steps to apply")
            XCTAssertEqual((e as? LabError)?.hint, "apply runs the current frame's steps; 'titanic' has some: use titanic, then apply prep to=fresh")
        }
    }

    func testBadPreparationLeavesTheSessionUnchanged() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let before = s.state.current
        XCTAssertThrowsError(try s.execute("encode embarked")) { e in
            XCTAssertEqual((e as? LabError)?.hint, "impute it first, e.g. impute embarked with=most_frequent; or make them a category of their own: encode embarked missing=category")
        }
        XCTAssertThrowsError(try s.execute("scale name"))
        XCTAssertThrowsError(try s.execute("split test=0.2 stratify=nope")) { e in
            XCTAssertEqual((e as? LabError)?.message, "no column 'nope' in frame 'titanic'")
        }
        XCTAssertThrowsError(try s.execute("apply prep to=titanic")) { e in
            XCTAssertEqual((e as? LabError)?.message, "the current frame 'titanic' has no preparation steps to apply")
        }
        XCTAssertThrowsError(try s.execute("impute age with=avg")) { e in
            XCTAssertEqual((e as? LabError)?.message, "with=avg is not valid for impute")
        }
        // A later column that is not there: the message lists the frame's columns, not those the first step made.
        XCTAssertThrowsError(try s.execute("encode sex nonexist")) { e in
            XCTAssertEqual((e as? LabError)?.message, "no column 'nonexist' in frame 'titanic'")
            XCTAssertFalse((e as? LabError)?.hint?.contains("sex_male") ?? true)
        }
        XCTAssertEqual(s.state.current, before)
        XCTAssertTrue(s.state.pipeline(for: "titanic").isEmpty)
        XCTAssertEqual(s.recordedLines.count, 1)
    }

    func testFeaturesRanksUnlessToldToKeep() throws {
        let s = TestSupport.session()
        for line in ["load breast_cancer", "split test=0.2"] { _ = try s.execute(line) }
        guard case .table(let ranked) = try s.execute("features target=diagnosis").output else { return XCTFail("no table") }
        XCTAssertEqual(ranked.rows.count, 30)
        XCTAssertEqual(s.recordedLines.count, 2, "ranking changes nothing")
        guard case .table(let explicit) = try s.execute("features rank target=diagnosis").output else { return XCTFail("no table") }
        XCTAssertEqual(ranked.rows, explicit.rows)
        let best = ranked.rows.prefix(3).map { $0[1] }
        XCTAssertEqual(try s.execute("features target=diagnosis k=3").recorded, "features keep target=diagnosis method=f_test k=3 seed=42")
        XCTAssertEqual(s.state.current?.columnNames.filter { $0 != "diagnosis" && $0 != "_split" }.map { Cell.text($0) }.sorted { "\($0)" < "\($1)" },
                       best.sorted { "\($0)" < "\($1)" })
    }

    func testAnOptionsValueWrittenAmongTheColumnsIsShownWithItsName() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let before = s.state.current
        for (line, meant) in [("impute age median", "with=median"), ("scale fare minmax", "method=minmax"),
                              ("encode sex ordinal", "method=ordinal"), ("impute embarked most_frequent", "with=most_frequent")] {
            XCTAssertThrowsError(try s.execute(line), line) { e in
                let word = meant.split(separator: "=")[1]
                XCTAssertEqual((e as? LabError)?.message, "'\(word)' is not a column: an option's value goes with its name (did you mean \(meant)?)")
            }
        }
        // With the option typed, or with a column of that name, the word is a column as written.
        XCTAssertThrowsError(try s.execute("impute age median with=mean")) { e in
            XCTAssertEqual((e as? LabError)?.message, "no column 'median' in frame 'titanic'")
        }
        _ = try s.execute("derive median = age")
        XCTAssertNoThrow(try s.execute("impute median age median"))
        XCTAssertEqual(s.recordedLines.count, 3)
        _ = try s.execute("undo steps=2")
        XCTAssertEqual(s.state.current, before)
    }

    /// `split by=COL` without at= holds out the latest share of rows, says where it cut, and
    /// records the shares (no seed: nothing is drawn); stratify= does not go with it.
    func testTimeSplitByShareSaysWhereItCutAndReplays() throws {
        let s = TestSupport.session()
        _ = try s.execute("load seattle_weather")
        let before = s.state.current
        XCTAssertThrowsError(try s.execute("split by=date stratify=weather")) { e in
            XCTAssertEqual((e as? LabError)?.message, "stratify= goes with a random split, not with by=date")
        }
        XCTAssertEqual(s.state.current, before)
        let output = try s.execute("split by=date test=0.2 valid=0.1").output
        guard case .group(let parts) = output, case .message(let said) = parts.first else { return XCTFail("\(output)") }
        XCTAssertEqual(said, "by date: train before 2014-10-18, valid from 2014-10-18, test from 2015-03-14")
        XCTAssertEqual(s.recordedLines.last, "split test=0.2 valid=0.1 by=date")
        let replay = TestSupport.session()
        for line in s.recordedLines { _ = try replay.execute(line) }
        XCTAssertEqual(try replay.state.current?.column("_split"), try s.state.current?.column("_split"))
    }

    /// A `by=` column of two values reads as a class: the split says each part holds one of
    /// them and how to keep the class shares instead; a time column gets no such note.
    func testASplitByATwoValueColumnSaysEachPartHoldsOneValue() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let output = try s.execute("split by=survived at=1").output
        guard case .group(let parts) = output else { return XCTFail("\(output)") }
        let notes = parts.compactMap { part -> String? in if case .message(let m) = part { return m } else { return nil } }
        XCTAssertEqual(notes, ["note: survived holds two values (0, 1), so each part holds rows of one of them; "
                               + "to keep each class's share in every part instead: split test=0.2 stratify=survived"])
        _ = try s.execute("load seattle_weather")
        let timed = try s.execute("split by=date at=2015-01-01").output
        guard case .group(let timedParts) = timed else { return XCTFail("\(timed)") }
        XCTAssertFalse(timedParts.contains { if case .message(let m) = $0 { return m.hasPrefix("note:") } else { return false } })
        // Text values are named as they read, in order.
        let twoDays = try XCTUnwrap(s.state.current).gathering([1, 0])
        XCTAssertEqual(SplitCommand.classLikeNote(twoDays, by: "weather"), "note: weather holds two values (drizzle, rain), so each part "
                       + "holds rows of one of them; to keep each class's share in every part instead: split test=0.2 stratify=weather")
        XCTAssertNil(SplitCommand.classLikeNote(try XCTUnwrap(s.state.current), by: "weather"), "five kinds of weather")
    }

    /// `encode COL missing=category` makes the gaps a category of their own (COL_nan, as
    /// scikit-learn's OneHotEncoder), recorded as typed; ordinal codes refuse the option.
    func testMissingValuesCanBeACategoryOfTheirOwn() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2 seed=3 stratify=survived"] { _ = try s.execute(line) }
        let before = s.state.current
        XCTAssertThrowsError(try s.execute("encode embarked method=ordinal missing=category")) { e in
            XCTAssertEqual((e as? LabError)?.message, "missing=category goes with method=onehot")
        }
        XCTAssertEqual(s.state.current, before)
        _ = try s.execute("encode sex embarked missing=category")
        let frame = try XCTUnwrap(s.state.current)
        // A category is what the training rows hold: sex has no gaps, so no sex_nan.
        XCTAssertNil(frame.index(of: "sex_nan"))
        XCTAssertNotNil(frame.index(of: "sex_male"))
        let names = ["embarked_C", "embarked_Q", "embarked_S", "embarked_nan"]
        XCTAssertEqual(names.compactMap { frame.index(of: $0) }.count, 4)
        let columns = try names.map { try frame.column($0) }
        XCTAssertTrue(columns.allSatisfy { $0.missingCount == 0 })
        guard case .numbers(let nan, _) = columns[3].data else { return XCTFail() }
        XCTAssertEqual(nan.filter { $0 == 1 }.count, 2, "titanic's two passengers without a port")
        for r in 0..<frame.rowCount {
            XCTAssertEqual(columns.reduce(0.0) { sum, c in if case .numbers(let v, _) = c.data { return sum + v[r] } else { return sum } }, 1, "row \(r)")
        }
        XCTAssertEqual(s.recordedLines.last, "encode sex embarked method=onehot drop=none unknown=ignore max_levels=1000 missing=category")
    }

    /// `impute ... indicator=true` marks the rows that were missing in missingindicator_COLUMN (as
    /// scikit-learn's add_indicator), on new data too; a column of that name already there is refused.
    func testImputeIndicatorMarksTheGapsOnNewDataToo() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2 seed=3 stratify=survived"] { _ = try s.execute(line) }
        _ = try s.execute("impute age with=median indicator=true")
        let marks = { (frame: String) throws -> Double in
            guard case .numbers(let v, _) = try self.s(s, frame).column("missingindicator_age").data else { throw DataError("not numbers") }
            return v.reduce(0, +)
        }
        XCTAssertEqual(try marks("titanic"), 263)
        _ = try s.execute("load titanic as fresh")
        _ = try s.execute("use titanic")
        _ = try s.execute("apply prep to=fresh as ready")
        XCTAssertEqual(try marks("ready"), 263, "new data gets its own marks")
        XCTAssertEqual(try s.state.frame(named: "ready").column("age").missingCount, 0)
        // A column of the indicator's name already there.
        _ = try s.execute("load titanic as other")
        _ = try s.execute("derive missingindicator_age = 1")
        let before = s.state.current
        XCTAssertThrowsError(try s.execute("impute age with=median indicator=true")) { e in
            XCTAssertEqual((e as? LabError)?.message, "imputing 'age' with an indicator would create column 'missingindicator_age', which already exists")
        }
        XCTAssertEqual(s.state.current, before)
    }

    /// Dropping a column a step made (here a derived one) is a step too: new data prepared by the
    /// pipeline does not get it back. Dropping a column of the data itself records nothing.
    func testDroppingAColumnAStepMadeIsRecordedInThePipeline() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2", "derive family = sibsp + parch + 1", "drop family", "drop cabin",
                     "load titanic as fresh", "use titanic", "apply prep to=fresh as ready"] { _ = try s.execute(line) }
        XCTAssertEqual(s.state.pipeline(for: "titanic").steps.last, .dropColumns(["family"]))
        XCTAssertEqual(s.state.pipeline(for: "titanic").steps.count, 2)
        let ready = try s.state.frame(named: "ready")
        XCTAssertNil(ready.index(of: "family"))
        XCTAssertNotNil(ready.index(of: "cabin"), "a column of the data itself stays in new data")
    }

    /// Renaming a column a step made is a step too: a model trained on the new name predicts on
    /// new data, whose prepared copy gets that name. A column of the data itself records nothing.
    func testRenamingAColumnAStepMadeIsRecordedInThePipeline() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2", "derive fam = sibsp + parch", "rename fam=family name=passenger",
                     "train tree target=survived features=pclass,family as t", "load titanic as fresh", "predict t on=fresh"] {
            _ = try s.execute(line)
        }
        XCTAssertEqual(s.state.pipeline(for: "titanic").steps.last, .renameColumns(from: ["fam"], to: ["family"]))
        XCTAssertEqual(s.state.pipeline(for: "titanic").rawColumns(for: ["pclass", "family"]), ["sibsp", "parch", "pclass"],
                       "family is made by the steps, from sibsp and parch")
        let fresh = try s.state.frame(named: "fresh")
        XCTAssertNotNil(fresh.index(of: "pred_t"))
        XCTAssertNil(fresh.index(of: "family"), "the frame itself is not prepared")
    }

    private func s(_ session: Session, _ frame: String) throws -> Frame { try session.state.frame(named: frame) }
}
