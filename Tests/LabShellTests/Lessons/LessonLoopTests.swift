import XCTest
import LabData
import LabOps
@testable import LabShell

final class LessonLoopTests: XCTestCase {
    /// A session over the repository's lessons, with its state in `state` (fresh unless given).
    private func session(state: String? = nil) -> Session {
        let root = TestSupport.repositoryRoot
        let env = Environment(workingDirectory: root, stateDirectory: state ?? TestSupport.temporaryDirectory(),
                              catalog: DatasetCatalog(directory: root + "/datasets"), version: "test", lessonsDirectory: root + "/lessons")
        return Session(environment: env)
    }

    /// Every lesson note's title and text in an output, in order.
    private func notes(_ output: CommandOutput?) -> [String] {
        switch output {
        case .lesson(let n)?: return [(n.title.map { $0 + ": " } ?? "") + n.text]
        case .group(let parts)?: return parts.flatMap { notes($0) }
        default: return []
        }
    }

    private func messages(_ output: CommandOutput?) -> [String] {
        switch output {
        case .message(let m)?, .warning(let m)?: return [m]
        case .group(let parts)?: return parts.flatMap { messages($0) }
        default: return []
        }
    }

    func testTasksAreCheckedAfterEveryCommandAndTheLoopMovesOn() throws {
        let s = session()
        let start = try s.execute("lesson 1")
        XCTAssertEqual(s.lesson?.promptLabel, "1/13 sandbox")
        XCTAssertTrue(notes(start.output).last!.hasPrefix("lesson 1 · step 1/13: MLOps is the work around a model"), "\(notes(start.output))")
        _ = try s.execute("next")
        XCTAssertEqual(s.lesson?.promptLabel, "2/13 sandbox")
        let help = try s.execute("help")
        XCTAssertNil(help.feedback, "help does not load titanic")
        let load = try s.execute("load titanic")
        XCTAssertEqual(notes(load.feedback).first, "step 2 done: ")
        XCTAssertTrue(notes(load.feedback).last!.hasPrefix("lesson 1 · step 3/13: The shell completes"))
        XCTAssertEqual(s.lesson?.position, 2)
        XCTAssertThrowsError(try s.execute("answer 2")) { e in
            XCTAssertEqual((e as? LabError)?.message, "there is no question to answer on this step")
        }
        _ = try s.execute("next")
        // A wrong attempt: the check says which part fails, in the lesson's words when an on_fail matches.
        _ = try s.execute("filter age > 70")
        let check = try s.execute("check")
        XCTAssertEqual(notes(check.output), [#"not yet: frame("titanic").rows == 33: it is 6"# + "\n"
            + "That kept fewer rows than expected. `undo` steps back; then filter on `age > 60` alone."])
        XCTAssertThrowsError(try s.execute("next")) { e in
            XCTAssertEqual((e as? LabError)?.message, #"this task is not done yet: frame("titanic").rows == 33: it is 6"#)
        }
        _ = try s.execute("undo")
        let filtered = try s.execute("filter age > 60")
        XCTAssertEqual(notes(filtered.feedback).first, "step 4 done: ")
        let wrong = try s.execute("answer 1")
        XCTAssertTrue(notes(wrong.output).first!.hasPrefix("not quite: the answer is 2. They are dropped"), "\(notes(wrong.output))")
        // Lesson commands change no data, so the session records only the learner's own commands.
        XCTAssertEqual(s.recordedLines.map { String($0.prefix(12)) }, ["load titanic", "filter age >"])
    }

    func testHintsEscalateToTheSolutionAndSkipRunsIt() throws {
        let s = session()
        _ = try s.execute("lesson prep")
        _ = try s.execute("skip")  // the intro text
        XCTAssertEqual(notes(try s.execute("hint").output), ["1 of 1: `load titanic`, then `missing` shows a missing count per column."])
        XCTAssertEqual(notes(try s.execute("hint").output), ["the solution:   load titanic\n  missing\n(type it, or `skip` to have it run)"])
        let skip = try s.execute("skip")
        XCTAssertEqual(messages(skip.output).prefix(3), ["running the solution of step 2:", "> load titanic", "> missing"])
        XCTAssertEqual(notes(skip.feedback).first, "skipped: the solution ran:   load titanic\n  missing")
        XCTAssertEqual(s.state.current?.rowCount, 1309)
        XCTAssertEqual(s.recordedLines.count, 1, "the solution's load is recorded as if typed; `missing` changes nothing")
        let quiz = try s.execute("answer 263")
        XCTAssertTrue(notes(quiz.output).first!.hasPrefix("right: 263 of 1309 ages are missing"), "\(notes(quiz.output))")
        let progress = try s.execute("progress")
        guard case .table(let table) = progress.output else { return XCTFail("\(progress.output)") }
        XCTAssertEqual(table.rows.prefix(4).map { [$0[1], $0[2], $0[3]] }, [
            [.text("say"), .text("read"), .number(0, .integer)],
            [.text("task"), .text("skipped"), .number(2, .integer)],
            [.text("quiz"), .text("done"), .number(0, .integer)],
            [.text("say"), .text("← here"), .number(0, .integer)],
        ])
    }

    func testProgressIsKeptAcrossSessionsAndAResumedLessonReplaysWhatItBuildsOn() throws {
        let state = TestSupport.temporaryDirectory()
        do {
            let s = session(state: state)
            _ = try s.execute("lesson 3")
            for _ in 0..<5 { _ = try s.execute("skip") }   // say, task, quiz, say, split task
            XCTAssertEqual(s.lesson?.position, 5)
            let bye = try s.execute("bye")
            XCTAssertEqual(messages(bye.output), ["left lesson 3 at step 6 of 22; `lesson 3` resumes it"])
            XCTAssertNil(s.lesson)
        }
        let again = session(state: state)
        let resumed = try again.execute("lesson prep")
        XCTAssertEqual(again.lesson?.position, 5)
        XCTAssertTrue(messages(resumed.output).contains("resuming lesson 3 at step 6 of 22"))
        XCTAssertTrue(messages(resumed.output).contains("replaying the 2 commands of the earlier steps so the session has what they built:"))
        XCTAssertEqual(again.recordedLines.map { String($0.prefix(10)) }, ["load titan", "split test"])
        XCTAssertTrue(notes(resumed.feedback).last!.hasPrefix("lesson 3 · step 6/22 · task: Fill the missing ages"))
        let lessons = try again.execute("lessons")
        guard case .table(let table) = lessons.output else { return XCTFail() }
        XCTAssertEqual(table.columns, ["#", "id", "time", "progress", "title"])
        XCTAssertEqual(table.rows.map { $0[3] }, [.text(""), .text(""), .text("here: step 6/22"), .text(""), .text(""), .text(""), .text("")])
    }

    func testAResumedLessonRebuildsItsModelsWithoutRecordingTheirRunsAgain() throws {
        let state = TestSupport.temporaryDirectory()
        do {
            let s = session(state: state)
            _ = try s.execute("lesson track")
            for _ in 0..<6 { _ = try s.execute("skip") }   // through the three trees and their evals
            XCTAssertEqual(s.lesson?.position, 6)
        }
        let runs = try TrackingQueries.runs(in: state, experiment: "titanic-depth")
        XCTAssertEqual(runs.map(\.name), ["d2", "eval d2", "d4", "eval d4", "d12", "eval d12"])
        let again = session(state: state)
        let resumed = try again.execute("lesson track")
        XCTAssertTrue(messages(resumed.output).contains("replaying the 11 commands of the earlier steps so the session has what they built:"),
                      "\(messages(resumed.output))")
        XCTAssertEqual(again.state.models["d4"]?.parameters["max_depth"], "4")
        XCTAssertEqual(try TrackingQueries.runs(in: state, experiment: "titanic-depth").map(\.id), runs.map(\.id), "no run recorded twice")
        // A name of this session's model stands for the run that trained it.
        _ = try again.execute("tag d4 stage=candidate")
        XCTAssertEqual(try TrackingQueries.runs(tagged: "stage", "candidate", in: state).map(\.id), [runs[2].id])
        // A learner's own `skip` records its runs as typed commands do.
        _ = try again.execute("answer 6")
        XCTAssertEqual(again.lesson?.position, 7)
    }

    func testACorruptProgressRecordResetsThatLessonAndSaysSo() throws {
        let state = TestSupport.temporaryDirectory()
        try LessonProgress.setPosition(lesson: "sandbox", position: 3, stepCount: 13, finished: false, in: state)
        let db = try SQLiteConnection(path: state + "/lab.db", mode: .create)
        try db.execute("INSERT INTO lesson_steps VALUES ('sandbox', 0, 'chewed', 0, 1.0, 'now')")
        let s = session(state: state)
        let out = try s.execute("lesson 1")
        XCTAssertTrue(messages(out.output).contains("the saved progress of lesson 1 could not be read (step 1 has status 'chewed'); it was reset"))
        XCTAssertEqual(s.lesson?.position, 0)
    }

    func testBackShowsTheStepBeforeAndRestartForgetsTheProgress() throws {
        let state = TestSupport.temporaryDirectory()
        let s = session(state: state)
        _ = try s.execute("lesson 1")
        _ = try s.execute("next")
        _ = try s.execute("load titanic")
        XCTAssertEqual(s.lesson?.position, 2)
        let back = try s.execute("back")
        XCTAssertTrue(notes(back.output).last!.hasPrefix("lesson 1 · step 2/13 · task: Ask for the list of commands"), "\(notes(back.output))")
        XCTAssertEqual(s.lesson?.position, 1)
        _ = try s.execute("back")
        XCTAssertThrowsError(try s.execute("back")) { e in XCTAssertEqual((e as? LabError)?.message, "this is the first step") }
        _ = try s.execute("next")
        _ = try s.execute("show n=1")   // the task's state is still there: done again after any command
        XCTAssertEqual(s.lesson?.position, 2)
        let restart = try s.execute("restart")
        XCTAssertEqual(messages(restart.output), ["lesson 1 starts again"])
        XCTAssertEqual(s.lesson?.position, 0)
        guard case .found(let record) = try LessonProgress.load(lesson: "sandbox", in: state) else { return XCTFail() }
        XCTAssertEqual(record.position, 0)
        XCTAssertEqual(record.steps, [])
        XCTAssertEqual(s.state.current?.rowCount, 1309, "restart keeps the session's data")
    }

    func testLessonSaveWritesTheLearnersCommandsAsAScript() throws {
        let s = session()
        _ = try s.execute("lesson 1")
        _ = try s.execute("next")
        _ = try s.execute("load titanic")
        _ = try s.execute("hint")
        let path = s.environment.stateDirectory + "/mine.lab"
        _ = try s.execute("lesson save \(path)")
        let script = String(decoding: try FileIO.readAll(path), as: UTF8.self)
        let commands = script.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(commands.count, 1)
        let titanic = TestSupport.session()
        _ = try titanic.execute("load titanic")
        XCTAssertEqual(commands[0], "load titanic sha256=\(try titanic.state.frame(named: "titanic").contentHash)")
    }

    /// Skips lesson `id` up to its quiz whose question holds `phrase`, running the solutions before it.
    private func walk(_ s: Session, lesson id: String, toQuizWith phrase: String) throws {
        _ = try s.execute("lesson \(id)")
        func atTheQuiz() -> Bool {
            guard let run = s.lesson, case .quiz(let quiz) = run.lesson.steps[run.position] else { return false }
            return quiz.question.contains(phrase)
        }
        while !atTheQuiz() {
            guard let run = s.lesson else { throw DataError("lesson \(id) has no quiz on \(phrase)") }
            let before = run.position
            if case .say = run.lesson.steps[before] { _ = try s.execute("next") } else { _ = try s.execute("skip") }
            if s.lesson?.position == before { throw DataError("lesson \(id) does not move on from step \(before + 1)") }
        }
    }

    /// Lesson 4's quiz on `model t2 rules` names what the rules say: it still must, on the
    /// tree the lesson's own solutions grow.
    func testTheTreeRulesQuizDescribesTheTreeTheLessonGrows() throws {
        let s = session()
        try walk(s, lesson: "train", toQuizWith: "model t2 rules")
        guard case .group(let parts) = try s.execute("model t2 rules").output, case .text(let rules) = parts[1] else { return XCTFail() }
        XCTAssertEqual(rules, """
            |--- sex_male <= 0.50
            |   |--- pclass <= 2.50
            |   |   |--- class: 1
            |   |--- pclass >  2.50
            |   |   |--- class: 0
            |--- sex_male >  0.50
            |   |--- age <= 9.50
            |   |   |--- class: 1
            |   |--- age >  9.50
            |   |   |--- class: 0
            """)
        XCTAssertTrue(notes(try s.execute("answer 1").output).first!.hasPrefix("right: "))
    }

    /// Lesson 4's quiz on lin's scatter: the most economical cars are the ones predicted too low.
    func testTheScatterQuizDescribesLinsErrors() throws {
        let s = session()
        try walk(s, lesson: "train", toQuizWith: "Where does lin miss most?")
        let frame = try s.state.frame(named: "auto_mpg")
        let mpg = try frame.column("mpg"), predicted = try frame.column("pred_lin")
        var errors: [(truth: Double, error: Double)] = []
        for r in 0..<frame.rowCount {
            if case .number(let y) = mpg.value(at: r), case .number(let p) = predicted.value(at: r) { errors.append((y, p - y)) }
        }
        let mean = { (rows: [(truth: Double, error: Double)]) in rows.map(\.error).reduce(0, +) / Double(rows.count) }
        XCTAssertLessThan(mean(errors.filter { $0.truth > 35 }), -3, "the most economical cars are predicted several mpg too low")
        XCTAssertLessThan(mean(errors.filter { $0.truth < 15 }), 0, "the thirstiest are not predicted too high")
        XCTAssertTrue(notes(try s.execute("answer 1").output).first!.hasPrefix("right: "))
    }

    /// The rows of a command's table, as text, by the table's column names.
    private func tableRows(_ s: Session, _ line: String) throws -> [[String: Cell]] {
        func table(_ output: CommandOutput) -> ResultTable? {
            switch output {
            case .table(let t): return t
            case .group(let parts): return parts.lazy.compactMap(table).first
            default: return nil
            }
        }
        guard let t = table(try s.execute(line).output) else { throw DataError("\(line) gave no table") }
        return t.rows.map { Dictionary(uniqueKeysWithValues: zip(t.columns, $0)) }
    }

    private func number(_ cell: Cell?) -> Double {
        switch cell {
        case .number(let x, _)?, .fixed(let x, _)?: return x
        case .text(let t)?: return Double(t) ?? .nan
        default: return .nan
        }
    }

    /// The facts the multiple-choice quizzes state about the data hold on what the lessons build.
    func testQuizzesStateWhatTheDataShows() throws {
        // Lesson 3: sex_male has the largest F score of pclass, sex_male, fare and age.
        let prep = session()
        try walk(prep, lesson: "prep", toQuizWith: "largest F score")
        let scores = Dictionary(uniqueKeysWithValues: try tableRows(prep, "features rank target=survived").map {
            (String(describing: $0["feature"]!), number($0["score"]))
        })
        let named = ["pclass", "sex_male", "fare", "age"].map { name in scores.first { $0.key.contains("\"\(name)\"") }?.value ?? .nan }
        XCTAssertFalse(named.contains { $0.isNaN }, "\(scores)")
        XCTAssertEqual(named.firstIndex(of: named.max()!), 1, "\(scores)")
        // Lesson 4: about 62% of first class and 26% of third class survived.
        let train = session()
        try walk(train, lesson: "train", toQuizWith: "suggest about pclass")
        let shares = try tableRows(train, "counts pclass survived share=row").map { number($0["survived=1"]) }
        XCTAssertEqual(shares[0], 62, accuracy: 1)
        XCTAssertEqual(shares[2], 26, accuracy: 1)
        // Lesson 4: validation accuracy peaks, then falls, while training accuracy rises.
        try walk(train, lesson: "train", toQuizWith: "validation accuracy peaks")
        _ = try train.execute("use titanic")
        guard case .group(let parts) = try train.execute("curve validation tree param=max_depth values=1..12 target=survived features=pclass,age,sex_male,sibsp,parch").output,
              case .plot(let curve)? = parts.first(where: { if case .plot = $0 { true } else { false } }) else { return XCTFail("no curve") }
        let training = curve.series[0].points.map(\.1), validation = curve.series[1].points.map(\.1)
        XCTAssertGreaterThan(training.last!, training.first!)
        let peak = validation.firstIndex(of: validation.max()!)!
        XCTAssertTrue(peak > 0 && peak < validation.count - 1 && validation.last! < validation[peak] - 0.01, "\(validation)")
        // Lesson 5: at 0.3, recall rises and precision falls.
        let eval = session()
        try walk(eval, lesson: "eval", toQuizWith: "Lowering the threshold")
        let rows = try tableRows(eval, "threshold lr at=0.3")
        func change(_ metric: String) -> Double { number(rows.first { String(describing: $0["metric"]!).contains("\"\(metric)\"") }?["change"]) }
        XCTAssertFalse(change("recall").isNaN || change("precision").isNaN, "\(rows)")
        XCTAssertGreaterThan(change("recall"), 0)
        XCTAssertLessThan(change("precision"), 0)
    }

    func testEveryLessonsSolutionsReplayAndPassTheirChecks() throws {
        let root = TestSupport.repositoryRoot
        let library = LessonLibrary(directory: root + "/lessons")
        XCTAssertEqual(library.problems.map(\.message), [])
        XCTAssertEqual(library.unknownRequirements.map(\.message), [])
        XCTAssertGreaterThanOrEqual(library.lessons.count, 5)
        for lesson in library.lessons {
            let report = LessonLinter.lint(lesson, catalog: DatasetCatalog(directory: root + "/datasets"), lessonsDirectory: root + "/lessons", version: "test")
            XCTAssertEqual(report.problems.map(\.message), [], lesson.file)
            XCTAssertGreaterThan(report.commands, 0, lesson.file)
        }
    }
}

final class ExplainTests: XCTestCase {
    func testEveryVerbHasItsCounterpartsExplained() throws {
        let missing = CommandTable.standard.verbs.filter { Equivalents.table[$0] == nil }
        XCTAssertEqual(missing, [], "explain has no entry for these verbs")
        let extra = Equivalents.table.keys.filter { CommandTable.standard.command(for: $0) == nil }
        XCTAssertEqual(extra, [], "entries for verbs that do not exist")
        let s = TestSupport.session()
        guard case .text(let page) = try s.execute("explain impute").output else { return XCTFail() }
        XCTAssertEqual(page, """
            impute — Fill missing values with a statistic learned from the training rows
              opslab:        impute age with=median
              pandas:        df.age.fillna(df.loc[train, "age"].median())
              scikit-learn:  SimpleImputer(strategy="median").fit(X_train)
              note:          indicator=true is scikit-learn's add_indicator=True: a missingindicator_COLUMN column marks the filled rows
            `help impute` lists its options.
            """)
        XCTAssertThrowsError(try s.execute("explain imput")) { e in
            XCTAssertEqual((e as? LabError)?.message, "unknown command 'imput' (did you mean 'impute'?)")
        }
    }

    func testLessonIdsComplete() {
        let c = Completer(table: .standard, state: SessionState(), catalog: DatasetCatalog(directory: nil), lessons: ["sandbox", "prep"])
        XCTAssertEqual(c.complete("lesson p").candidates, ["prep"])
        XCTAssertEqual(c.complete("lesson s").candidates, ["sandbox", "save"])
        XCTAssertEqual(c.complete("expl").candidates, ["explain"])
    }
}
