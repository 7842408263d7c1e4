import XCTest
import LabData
@testable import LabShell

final class CheckEvaluatorTests: XCTestCase {
    private func task(_ check: String, onFail: [(String, String)] = []) throws -> LessonTask {
        LessonTask(instruction: "do it", check: try Expression.parse(check), hints: [], solution: ["load titanic"],
                   onFail: try onFail.map { FailureMessage(when: try Expression.parse($0.0), say: $0.1) }, line: 1)
    }

    private func verdict(_ session: Session, _ check: String, onFail: [(String, String)] = []) throws -> CheckVerdict {
        CheckEvaluator(query: StateQuery(state: session.state, environment: session.environment)).verdict(for: try task(check, onFail: onFail))
    }

    private func value(_ session: Session, _ expression: String) throws -> Value {
        try Expression.parse(expression).evaluateValue(resolving: StateQuery(state: session.state, environment: session.environment).resolve)
    }

    func testAPassingCheckAndTheFirstFailingPartWithWhatTheStateHas() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        XCTAssertEqual(try verdict(s, #"frame("titanic").rows == 1309 and frame("titanic").has("age")"#), .passed)
        XCTAssertEqual(try verdict(s, #"frame("titanic").rows == 1309 and frame("titanic").missing("age") == 0 and current == "x""#),
                       .failed(part: #"frame("titanic").missing("age") == 0"#, reason: "it is 263", advice: nil))
        XCTAssertEqual(try verdict(s, #"not frame("titanic").has("sex")"#),
                       .failed(part: #"not frame("titanic").has("sex")"#, reason: "it is true", advice: nil))
        XCTAssertEqual(try verdict(s, #"current == "penguins""#),
                       .failed(part: #"current == "penguins""#, reason: #"it is "titanic""#, advice: nil))
    }

    func testAMissingFrameOrTypoFailsTheCheckWithAMessage() throws {
        let s = TestSupport.session()
        XCTAssertEqual(try verdict(s, #"frame("titanic").rows == 1309"#),
                       .failed(part: #"frame("titanic").rows == 1309"#, reason: "no frame named 'titanic' (nothing is loaded yet: `load titanic` if it is a bundled dataset (`datasets` lists them), or `load FILE.csv as titanic`)", advice: nil))
        _ = try s.execute("load titanic")
        XCTAssertEqual(try verdict(s, #"frame("titanic").rowz > 0"#),
                       .failed(part: #"frame("titanic").rowz > 0"#,
                               reason: #"frame("titanic") has no 'rowz' (did you mean 'rows'?) (frame("titanic") has: rows, columns, name, has, missing, type, mean, min, max, distinct, value)"#,
                               advice: nil))
        XCTAssertEqual(try verdict(s, #"frame("titanic").missing("agee") == 0"#),
                       .failed(part: #"frame("titanic").missing("agee") == 0"#,
                               reason: "frame 'titanic' has no column 'agee' (did you mean 'age'?)", advice: nil))
        XCTAssertEqual(try verdict(s, #"model("lr").metric("accuracy") > 0.7"#),
                       .failed(part: #"model("lr").metric("accuracy") > 0.7"#, reason: "no model named 'lr' (train one first: train KIND target=COLUMN as lr; help train lists the kinds)", advice: nil))
    }

    func testOnFailMatchesACondition_OrTheFailingPartItself() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        _ = try s.execute("split test=0.2")
        let check = #"split("titanic").test == 262 and split("titanic").balanced("survived")"#
        let advice: [(String, String)] = [("frames == 0", "load something"),
                                          (#"split("titanic").balanced("survived")"#, "stratify it")]
        XCTAssertEqual(try verdict(s, check, onFail: advice),
                       .failed(part: #"split("titanic").balanced("survived")"#, reason: "it is false", advice: "stratify it"))
        _ = try s.execute("undo")
        _ = try s.execute("split test=0.2 stratify=survived")
        XCTAssertEqual(try verdict(s, check, onFail: advice), .passed)
        let empty = TestSupport.session()
        guard case .failed(_, _, let said) = try verdict(empty, check, onFail: advice) else { return XCTFail() }
        XCTAssertEqual(said, "load something")
    }

    func testTheVocabularyOverFramesSplitsPrepAndModels() throws {
        let s = TestSupport.session()
        XCTAssertEqual(try value(s, "frames"), .number(0))
        XCTAssertEqual(try value(s, "current"), .missing)
        _ = try s.execute("load titanic")
        _ = try s.execute("split test=0.2 stratify=survived")
        _ = try s.execute("impute age fare with=median")
        _ = try s.execute("encode sex")
        _ = try s.execute("train logistic target=survived features=pclass,age,sex_male C=0.5 as lr")
        _ = try s.execute("train tree target=survived features=pclass,age,sex_male max_depth=none as t")
        XCTAssertEqual(try value(s, #"frame("titanic").missing("age")"#), .number(0))
        XCTAssertEqual(try value(s, #"frame("titanic").missing("cabin")"#), .number(1014))
        XCTAssertEqual(try value(s, #"frame("titanic").type("sex_male")"#), .string("integer"))
        XCTAssertEqual(try value(s, #"frame("titanic").max("sibsp")"#), .number(8))
        XCTAssertEqual(try value(s, #"frame("titanic").distinct("embarked")"#), .number(3))
        XCTAssertEqual(try value(s, #"frame("titanic").value("name", 1)"#), .string("Allen, Miss. Elisabeth Walton"))
        XCTAssertEqual(try value(s, #"current.rows"#), .number(1309))
        XCTAssertEqual(try value(s, "split.test + split.train"), .number(1309))
        XCTAssertEqual(try value(s, #"split("titanic").test_rows"#), .number(262))
        XCTAssertEqual(try value(s, #"split.balanced("survived")"#), .bool(true))
        XCTAssertEqual(try value(s, "prep.steps"), .number(3))
        XCTAssertEqual(try value(s, #"prep.has("impute", "fare") and prep.has("encode") and not prep.has("scale")"#), .bool(true))
        XCTAssertEqual(try value(s, "prep.leaks"), .bool(false))
        XCTAssertEqual(try value(s, #"model("lr").kind"#), .string("logistic"))
        XCTAssertEqual(try value(s, #"model("lr").param("C")"#), .number(0.5))
        XCTAssertEqual(try value(s, #"model("t").param("max_depth")"#), .string("none"))
        XCTAssertEqual(try value(s, #"model("lr").rows == split.train and model("lr").uses("age")"#), .bool(true))
        XCTAssertEqual(try value(s, #"models.count == 2 and models.of("tree") == 1 and models.has("t")"#), .bool(true))
        XCTAssertEqual(try value(s, #"versions("titanic")"#), .number(1))
        XCTAssertEqual(try value(s, #"stored("titanic")"#), .bool(false))
        XCTAssertThrowsError(try value(s, #"model("lr").metric("accuracy")"#)) { e in
            XCTAssertEqual((e as? LabError)?.message, "model 'lr' has not been evaluated yet, so it has no accuracy")
            XCTAssertEqual((e as? LabError)?.hint, "`eval lr` computes its metrics on the test rows")
        }
    }

    func testTheVocabularyOverTrackedRunsAndTheRegistry() throws {
        let s = TestSupport.session()
        XCTAssertEqual(try value(s, "experiment"), .string("Default"))
        XCTAssertEqual(try value(s, "runs"), .number(0))
        XCTAssertEqual(try value(s, #"runs("titanic-depth")"#), .number(0))
        XCTAssertEqual(try value(s, #"registered("titanic_survival")"#), .number(0))
        XCTAssertEqual(try value(s, #"alias("titanic_survival@champion")"#), .missing)
        for line in ["load titanic", "split test=0.2 stratify=survived", "encode sex", "experiment titanic-depth",
                     "train tree target=survived features=pclass,sex_male,fare max_depth=2 as d2", "eval d2",
                     "train tree target=survived features=pclass,sex_male,fare max_depth=4 as d4"] { _ = try s.execute(line) }
        XCTAssertEqual(try value(s, "experiment"), .string("titanic-depth"))
        // Two trains and an eval; the experiment switched to holds them all, Default none.
        XCTAssertEqual(try value(s, "runs"), .number(3))
        XCTAssertEqual(try value(s, #"runs("titanic-depth")"#), .number(3))
        XCTAssertEqual(try value(s, #"runs("Default")"#), .number(0))
        XCTAssertEqual(try value(s, #"tagged("stage", "candidate")"#), .number(0))
        _ = try s.execute("tag d4 stage=candidate")
        XCTAssertEqual(try value(s, #"tagged("stage", "candidate")"#), .number(1))
        XCTAssertEqual(try value(s, #"tagged("stage", "production")"#), .number(0))
        _ = try s.execute("register d4 as titanic_survival")
        _ = try s.execute("register d2 as titanic_survival")
        XCTAssertEqual(try value(s, #"registered("titanic_survival")"#), .number(2))
        XCTAssertEqual(try value(s, #"alias("titanic_survival@champion")"#), .missing)
        _ = try s.execute("alias titanic_survival@champion v2")
        XCTAssertEqual(try value(s, #"alias("titanic_survival@champion")"#), .number(2))
        // A deleted run is not counted.
        _ = try s.execute("delete run d2")
        XCTAssertEqual(try value(s, "runs"), .number(2))
        XCTAssertThrowsError(try value(s, #"alias("titanic_survival")"#)) { e in
            XCTAssertEqual((e as? LabError)?.message, #"alias(...) takes NAME@ALIAS, e.g. alias("titanic_survival@champion")"#)
        }
        XCTAssertThrowsError(try value(s, #"tagged("stage")"#)) { e in
            XCTAssertEqual((e as? LabError)?.message, #"tagged(...) needs argument 2 in quotes, e.g. tagged("stage", "candidate")"#)
        }
    }

    func testMetricsComeFromTheModelsLastEvaluation() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2 stratify=survived", "impute age with=median", "encode sex",
                     "train logistic target=survived features=pclass,age,sex_male,sibsp,parch as lr"] { _ = try s.execute(line) }
        XCTAssertEqual(try value(s, #"model("lr").evaluated"#), .missing)
        _ = try s.execute("eval lr")
        XCTAssertEqual(try value(s, #"model("lr").evaluated"#), .string("test"))
        XCTAssertEqual(try value(s, #"round(model("lr").metric("accuracy"), 4)"#), .number(0.7443))
        XCTAssertEqual(try value(s, #"round(model("lr").metric("recall"), 4)"#), .number(0.6))
        XCTAssertThrowsError(try value(s, #"model("lr").metric("acuracy")"#)) { e in
            XCTAssertEqual((e as? LabError)?.message, "the evaluation of 'lr' has no metric 'acuracy' (did you mean 'accuracy'?)")
        }
    }

    func testTextShowsTheLearnersOwnNumbers() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let query = StateQuery(state: s.state, environment: s.environment)
        XCTAssertEqual(LessonText.fill(#"{{ frame("titanic").missing("age") }} of {{frame("titanic").rows}} ages are missing"#, query),
                       "263 of 1309 ages are missing")
        XCTAssertEqual(LessonText.fill(#"mean {{ frame("titanic").mean("fare") }}, {{ model("x").kind }}, {{ unclosed"#, query),
                       "mean 33.3, ?, {{ unclosed")
    }
}
