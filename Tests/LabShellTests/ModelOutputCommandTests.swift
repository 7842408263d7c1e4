import XCTest
import LabData
import LabML
@testable import LabShell

/// What models hand back to frames (predictions, components) and what they take from them
/// (targets, default features), through the commands.
final class ModelOutputCommandTests: XCTestCase {

    private func numbers(_ s: Session, _ frame: String, _ column: String) throws -> [Double] {
        guard case .numbers(let v, _) = try s.state.frame(named: frame).column(column).data else { throw DataError("not numbers") }
        return v
    }

    private func prepared() throws -> Session { try TestSupport.titanicWithLogistic() }

    func testAClassifierRefusesAContinuousTargetAndChangesNothing() throws {
        let s = TestSupport.session()
        _ = try s.execute("load auto_mpg")
        _ = try s.execute("split seed=1")
        // Kinds that learn either task name the setting that makes them a regression; the others list the regressions.
        let hints = ["forest trees=3": "forest predicts numbers too: train forest target=mpg criterion=squared_error",
                     "tree": "tree predicts numbers too: train tree target=mpg criterion=squared_error",
                     "boost rounds=2": "boost predicts numbers too: train boost target=mpg loss=squared_error",
                     "knn": "for numbers use a regression: " + ModelKind.regressionChoices,
                     "naive_bayes": "for numbers use a regression: " + ModelKind.regressionChoices,
                     "logistic": "for numbers use a regression: " + ModelKind.regressionChoices]
        for (kind, hint) in hints {
            XCTAssertThrowsError(try s.execute("train \(kind) target=mpg")) { error in
                let e = error as? LabError
                XCTAssertTrue(e?.message.hasPrefix("target 'mpg' holds continuous numbers (row ") ?? false, e?.message ?? "\(error)")
                XCTAssertEqual(e?.hint, hint)
            }
        }
        XCTAssertTrue(s.state.models.isEmpty)
        // The same column as a regression target trains.
        _ = try s.execute("train tree criterion=squared_error max_depth=3 target=mpg as t")
        XCTAssertEqual(s.state.models["t"]?.task, .regression)
        _ = try s.execute("train boost target=mpg loss=squared_error rounds=2 as b")
        XCTAssertEqual(s.state.models["b"]?.task, .regression)
    }

    func testNewDataWithTextWhereTheModelLearnedNumbersIsNamedWithTheMarkers() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileIO.writeAtomically(Array("a,b,y\n1,2.5,0\n2,3.1,1\n3,4,0\n4,7,1\n5,1,0\n6,2,1\n".utf8), to: dir + "/train.csv")
        try FileIO.writeAtomically(Array("a,b,y\n1,?,0\n2,3.1,1\n3,n/k,0\n".utf8), to: dir + "/new.csv")
        let s = TestSupport.session()
        _ = try s.execute("load \(dir)/train.csv")
        _ = try s.execute("train tree target=y as t")
        _ = try s.execute("load \(dir)/new.csv")
        for line in ["predict t on=new", "eval t on=new"] {
            XCTAssertThrowsError(try s.execute(line)) { error in
                let e = error as? LabError
                XCTAssertEqual(e?.message, "column 'b' of frame 'new' holds text, where model 't' learned numbers (values such as '?', 'n/k')")
                XCTAssertEqual(e?.hint, "if they stand for missing values, load the file again with na=?,n/k")
            }
        }
        XCTAssertNil(try s.state.frame(named: "new").index(of: "pred_t"), "nothing added")
        // Read as the hint says, the rows predict (a tree sends missing values down a side).
        _ = try s.execute("load \(dir)/new.csv na=n/k,?")
        _ = try s.execute("predict t on=new")
        XCTAssertNotNil(try s.state.frame(named: "new").index(of: "pred_t"))
    }

    func testManyNumericClassesAndConstantFeaturesAreWarnedAbout() throws {
        let s = TestSupport.session()
        _ = try s.execute("load diabetes")
        _ = try s.execute("split seed=1")
        let many = TestSupport.warnings(try s.execute("train tree max_depth=2 target=disease_progression as t").output)
        XCTAssertEqual(many.count, 1)
        XCTAssertTrue(many[0].hasPrefix("target 'disease_progression' has "), many[0])
        XCTAssertTrue(many[0].contains("distinct numbers, each learned as a class"), many[0])
        _ = try s.execute("derive k = 5")
        let constant = TestSupport.warnings(try s.execute("train ridge target=disease_progression features=bmi,k as r").output)
        XCTAssertEqual(constant, ["feature 'k' is constant in the training rows and cannot help the model; leave it out with features= or drop k"])
        XCTAssertTrue(TestSupport.warnings(try s.execute("train ridge target=disease_progression features=bmi,bp as r2").output).isEmpty)
    }

    func testPredictOnAnotherFrameAddsOnlyPredictionsAndPreparesACopy() throws {
        let s = try prepared()
        _ = try s.execute("predict lr")
        _ = try s.execute("load titanic as new")
        let raw = try s.state.frame(named: "new").columns.map(\.name)
        _ = try s.execute("predict lr on=new")
        let new = try s.state.frame(named: "new")
        XCTAssertEqual(new.columns.map(\.name), raw + ["pred_lr", "proba_lr_0", "proba_lr_1"])
        XCTAssertEqual(try new.column("age").missingCount, 263, "the frame itself is not imputed")
        // Prepared on a copy, the same rows get the same predictions as on the training frame.
        XCTAssertEqual(try numbers(s, "new", "proba_lr_1"), try numbers(s, "titanic", "proba_lr_1"))
        // Predicting again on the frame (its raw columns intact) works, and eval on it too.
        _ = try s.execute("predict lr on=new")
        _ = try s.execute("eval lr on=new")
    }

    /// Boosting learns from titanic's gaps as they are: train says so, and eval and predict take
    /// frames with gaps; other kinds still stop at them, their hint naming boost.
    func testBoostTrainsEvaluatesAndPredictsWithMissingValues() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2 seed=42 stratify=survived", "encode sex"] { _ = try s.execute(line) }
        let output = try s.execute("train boost target=survived features=pclass,sex_female,age,fare,body rounds=20 as gb").output
        let said = Self.messages(output)
        XCTAssertTrue(said.contains("missing values in age (224), fare (1), body (953) of 1047 training rows: kept as they are; "
                                    + "each split learned which side they go (as scikit-learn's HistGradientBoosting), nothing was imputed"), "\(said)")
        _ = try s.execute("eval gb")
        _ = try s.execute("load titanic as new")
        _ = try s.execute("predict gb on=new")
        let p = try numbers(s, "new", "proba_gb_1")
        XCTAssertEqual(p.count, 1309)
        XCTAssertTrue(p.allSatisfy { $0 > 0 && $0 < 1 })
        XCTAssertEqual(try s.state.frame(named: "new").column("age").missingCount, 263, "nothing imputed")
        let before = s.state
        XCTAssertThrowsError(try s.execute("train knn target=survived features=pclass,age as t")) { e in
            XCTAssertTrue((e as? DataError)?.hint?.contains("; or train boost, forest or tree, which take missing values as they are") == true, "\(e)")
        }
        XCTAssertEqual(s.state.models.keys.sorted(), before.models.keys.sorted())
    }

    private static func messages(_ output: CommandOutput) -> [String] {
        switch output {
        case .message(let m): return [m]
        case .group(let parts): return parts.flatMap(messages)
        default: return []
        }
    }

    func testTheSameFileLoadedAgainUnderItsNameIsPreparedForTheModel() throws {
        let s = try prepared()
        _ = try s.execute("predict lr")
        let before = try numbers(s, "titanic", "proba_lr_1")
        _ = try s.execute("load titanic")
        XCTAssertTrue(s.state.pipeline(for: "titanic").isEmpty)
        _ = try s.execute("predict lr")
        XCTAssertEqual(try numbers(s, "titanic", "proba_lr_1"), before)
    }

    func testPredictedClassesTakeTheTargetsTypeAndStayOutOfDefaultFeatures() throws {
        let s = try prepared()
        _ = try s.execute("predict lr")
        let frame = try XCTUnwrap(s.state.current)
        XCTAssertEqual(try frame.column("pred_lr").type, .integer)
        _ = try s.execute("filter pred_lr == survived")
        XCTAssertGreaterThan(try XCTUnwrap(s.state.current).rowCount, 900)
        XCTAssertLessThan(try XCTUnwrap(s.state.current).rowCount, 1309)
        _ = try s.execute("undo")
        _ = try s.execute("drop body")
        _ = try s.execute("train ridge target=fare as r")
        let features = try XCTUnwrap(s.state.models["r"]?.features)
        XCTAssertFalse(features.contains { $0.hasPrefix("pred_") || $0.hasPrefix("proba_") }, "\(features)")
        XCTAssertTrue(features.contains("sex_male"))
        XCTAssertTrue(TrainingData.isModelOutput("PC12"))
        XCTAssertFalse(TrainingData.isModelOutput("PCA"))
        XCTAssertFalse(TrainingData.isModelOutput("predator"))
        // Text classes stay text.
        _ = try s.execute("load iris")
        _ = try s.execute("train naive_bayes target=species as nb")
        _ = try s.execute("predict nb")
        XCTAssertEqual(try s.state.current?.column("pred_nb").type, .string)
    }

    func testTrainPCAAddsItsComponentsAsARecordedStep() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        _ = try s.execute("split seed=3 stratify=species")
        _ = try s.execute("train pca components=2 as pc")
        let frame = try XCTUnwrap(s.state.current)
        XCTAssertEqual(Array(frame.columns.map(\.name).suffix(2)), ["PC1", "PC2"])
        guard case .project(let projection)? = s.state.pipeline(for: "iris").steps.last else { return XCTFail("no pca step") }
        XCTAssertEqual(projection.features, ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"])
        // PC1 is the first component's projection of the centred features.
        guard case .pca(let pca)? = s.state.models["pc"]?.fitted else { return XCTFail("not a pca model") }
        let x = try TrainingData.matrix(frame, features: projection.features, rows: nil)
        XCTAssertEqual(try numbers(s, "iris", "PC1"), (0..<x.rows).map { pca.transform(x)[$0, 0] })
        // A model on the components predicts new data through the recorded step.
        _ = try s.execute("train logistic target=species features=PC1,PC2 as lp")
        _ = try s.execute("predict lp")
        _ = try s.execute("load iris as new")
        _ = try s.execute("predict lp on=new")
        XCTAssertEqual(try numbers(s, "new", "proba_lp_setosa"), try numbers(s, "iris", "proba_lp_setosa"))
        XCTAssertNil(try s.state.frame(named: "new").index(of: "PC1"), "the new frame gains predictions only")
        // Undo takes the components and the step away with the model.
        _ = try s.execute("use iris")
        let steps = s.state.pipeline(for: "iris").steps.count
        _ = try s.execute("train pca components=3 as pc3")
        XCTAssertEqual(s.state.pipeline(for: "iris").steps.count, steps + 1)
        _ = try s.execute("undo")
        XCTAssertEqual(s.state.pipeline(for: "iris").steps.count, steps)
        XCTAssertNil(try s.state.frame(named: "iris").index(of: "PC3"))
    }

    func testModelListsTheTopFeaturesAndSaysHowManyMore() throws {
        let s = TestSupport.session()
        _ = try s.execute("load breast_cancer")
        _ = try s.execute("split stratify=diagnosis seed=1")
        _ = try s.execute("train tree target=diagnosis max_depth=3 as t")
        func learned(_ line: String) throws -> ResultTable {
            guard case .group(let parts) = try s.execute(line).output, case .table(let table) = parts[1] else { throw DataError("no table") }
            return table
        }
        let names = { (table: ResultTable) in table.rows.map { row -> String in if case .text(let t) = row[0] { t } else { "" } } }
        let all = try learned("model t top=0")
        XCTAssertEqual(all.rows.count, 30)
        XCTAssertNil(all.note)
        let unused = all.rows.filter { if case .number(let x, _) = $0[1] { x == 0 } else { false } }.count
        XCTAssertGreaterThan(unused, 0, "a depth-3 tree leaves features unused")
        let top = try learned("model t")
        XCTAssertEqual(names(top), Array(names(all).prefix(20)))
        XCTAssertEqual(top.note, "10 more features (\(min(10, unused)) of them with 0 everywhere); `model t top=0` lists them all")
        // Summary rows stay: the intercept of a linear model comes after its first features.
        _ = try s.execute("train logistic target=diagnosis as lr")
        let coefficients = try learned("model lr top=3")
        XCTAssertEqual(names(coefficients).count, 4)
        XCTAssertEqual(names(coefficients).last, "(intercept)")
        XCTAssertEqual(coefficients.note, "27 more features; `model lr top=0` lists them all")
    }

    /// The rules `model NAME rules` prints decide as the model does: followed by hand for every
    /// row, they reach the class `predict` gives it.
    func testTreeRulesFollowedByHandGiveTheModelsPredictions() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2 seed=3", "encode sex", "impute age with=median",
                     "train tree target=survived max_depth=4 features=pclass,age,sibsp,fare,sex_male as t", "predict t"] {
            _ = try s.execute(line)
        }
        guard case .group(let parts) = try s.execute("model t rules decimals=6").output, parts.count == 3,
              case .text(let title) = parts[0], case .text(let rules) = parts[1] else { return XCTFail("no rules") }
        XCTAssertEqual(title, "rules of tree 't': depth 4, 16 leaves")
        let frame = try s.state.frame(named: "titanic")
        let lines = rules.split(separator: "\n").map(String.init)
        func number(_ column: String, _ r: Int) throws -> Double? {
            if case .number(let x) = try frame.column(column).value(at: r) { return x } else { return nil }
        }
        var checked = 0
        for r in 0..<frame.rowCount {
            guard try number("fare", r) != nil else { continue }
            var i = 0, depth = 1, leaf: String?
            while leaf == nil {
                let prefix = String(repeating: "|   ", count: depth - 1) + "|--- "
                let line = lines[i]
                XCTAssertTrue(line.hasPrefix(prefix), line)
                let rest = line.dropFirst(prefix.count)
                if rest.hasPrefix("class: ") { leaf = String(rest.dropFirst(7)); break }
                let words = rest.split(separator: " ")
                let value = try number(String(words[0]), r)!
                if value <= Double(words[2])! {
                    i += 1; depth += 1
                } else {
                    // The matching `>` line: the next one at this depth.
                    i += 1
                    while !(lines[i].hasPrefix(prefix) && lines[i].contains(" >  ")) { i += 1 }
                    i += 1; depth += 1
                }
            }
            XCTAssertEqual(leaf, try frame.column("pred_t").text(at: r), "row \(r)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 1300)
        // Forests: one tree at a time; other kinds have no rules.
        _ = try s.execute("train forest trees=3 max_depth=2 target=survived features=pclass,sex_male as rf")
        guard case .group(let forest) = try s.execute("model rf rules tree=3").output, case .text(let heading) = forest[0] else { return XCTFail() }
        XCTAssertEqual(heading, "rules of tree 3 of 3 of forest 'rf' (grown on a bootstrap sample of the rows): depth 2, 4 leaves")
        let c = Completer(table: s.table, state: s.state, catalog: s.environment.catalog, stateDirectory: s.environment.stateDirectory)
        XCTAssertEqual(c.complete("model rf r").candidates, ["rules"])
        _ = try s.execute("train logistic target=survived features=pclass,sex_male as lr")
        for (line, message) in [("model rf rules tree=4", "forest 'rf' has 3 trees, no tree 4"),
                                ("model lr rules", "rules are the splits of a tree: 'lr' is a logistic model")] {
            XCTAssertThrowsError(try s.execute(line)) { XCTAssertEqual(($0 as? LabError)?.message, message) }
        }
    }

    /// importance lists the `top=` most important features and says what it left out.
    func testImportanceListsTheTopFeaturesAndSaysWhatIsLeftOut() throws {
        let s = TestSupport.session()
        for line in ["load breast_cancer", "split stratify=diagnosis seed=1", "train tree target=diagnosis max_depth=3 as t"] { _ = try s.execute(line) }
        func table(_ line: String) throws -> ResultTable {
            guard case .table(let t) = try s.execute(line).output else { throw DataError("no table") }
            return t
        }
        func value(_ row: [Cell]) -> Double { if case .fixed(let x, _) = row[1] { x } else { .nan } }
        let all = try table("importance t repeats=2 top=0")
        XCTAssertEqual(all.rows.count, 30)
        XCTAssertNil(all.note)
        let top = try table("importance t repeats=2 top=4")
        XCTAssertEqual(top.rows, Array(all.rows.prefix(4)))
        let rest = all.rows.dropFirst(4).map(value)
        XCTAssertEqual(top.note, "26 more features, "
            + (rest.allSatisfy { $0 == 0 } ? "all 0" : "none above \(NumberFormat.fixed(rest[0], decimals: 4))") + "; `importance t top=0` lists them all")
        XCTAssertEqual(try table("importance t repeats=2 top=1").note, "29 more features, none above \(NumberFormat.fixed(value(all.rows[1]), decimals: 4)); `importance t top=0` lists them all")
        // What the tree learned: most of 30 features are never split on.
        let learned = try table("importance t method=model")
        XCTAssertEqual(learned.rows.count, 20)
        XCTAssertEqual(learned.note, "10 more features, all 0; `importance t method=model top=0` lists them all")
    }

    func testNewDataNeedsOnlyTheColumnsTheModelsFeaturesComeFrom() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2", "encode sex", "impute age with=median", "scale fare",
                     "train logistic target=survived features=pclass,age as t",
                     "sql SELECT pclass, age FROM titanic as new", "sql SELECT pclass, age, survived FROM titanic as labelled"] {
            _ = try s.execute(line)
        }
        // sex and fare are prepared by steps the model carries but its features do not need.
        _ = try s.execute("predict t on=new")
        _ = try s.execute("predict t on=titanic")
        let new = try s.state.frame(named: "new"), titanic = try s.state.frame(named: "titanic")
        XCTAssertEqual(try new.column("proba_t_1"), try titanic.column("proba_t_1"), "the same predictions as on the prepared frame")
        guard case .group = try s.execute("eval t on=labelled").output else { return XCTFail() }
        XCTAssertThrowsError(try s.execute("eval t on=new")) { e in
            XCTAssertEqual((e as? LabError)?.message, "no column 'survived' in frame 'new'")
        }
    }

    func testPredictingAFrameWithoutAColumnTheModelReadsNamesTheColumns() throws {
        let s = try TestSupport.titanicWithLogistic()
        _ = try s.execute("load titanic as fresh")
        _ = try s.execute("select pclass age")
        let before = s.state
        for line in ["predict lr on=fresh", "eval lr on=fresh"] {
            XCTAssertThrowsError(try s.execute(line)) { error in
                let e = error as? LabError
                XCTAssertEqual(e?.message, "frame 'fresh' has no columns 'fare', 'sex', which model 'lr' reads")
                XCTAssertEqual(e?.hint, "the model learned from frame 'titanic' and reads age, fare, sex, pclass (before its preparation steps)")
            }
        }
        XCTAssertEqual(s.state.current, before.current)
        // The one-hot columns come from the preparation: the raw frame needs only what it reads.
        _ = try s.execute("load titanic as again")
        _ = try s.execute("predict lr on=again")
        XCTAssertNotNil(try s.state.frame(named: "again").index(of: "pred_lr"))
        // A model with no preparation steps, on a frame of another dataset: the same message.
        let plain = TestSupport.session()
        for line in ["load titanic", "split test=0.2", "train tree target=survived features=pclass,age,fare as t", "load iris"] {
            _ = try plain.execute(line)
        }
        for line in ["predict t on=iris", "eval t on=iris"] {
            XCTAssertThrowsError(try plain.execute(line)) { error in
                XCTAssertEqual((error as? LabError)?.message, "frame 'iris' has no columns 'pclass', 'age', 'fare', which model 't' reads")
                XCTAssertEqual((error as? LabError)?.hint, "the model learned from frame 'titanic' and reads pclass, age, fare")
            }
        }
    }

    func testModelListsFeaturesAndModelImportancesLeaveTheInterceptOut() throws {
        let s = try prepared()
        _ = try s.execute("train knn k=3 target=survived features=pclass,sex_male as kn")
        guard case .text(let text) = try s.execute("model kn").output else { return XCTFail("no text") }
        XCTAssertTrue(text.contains("\nfeatures (2): pclass, sex_male\n"), text)
        _ = try s.execute("train ridge target=fare features=pclass,age,sex_male as r")
        guard case .table(let table) = try s.execute("importance r method=model").output else { return XCTFail("no table") }
        XCTAssertEqual(Set(table.rows.map { row -> String in if case .text(let t) = row[0] { return t } else { return "" } }), ["pclass", "age", "sex_male"])
        let sizes = table.rows.map { row -> Double in if case .fixed(let x, _) = row[1] { return abs(x) } else { return -1 } }
        XCTAssertEqual(sizes, sizes.sorted(by: >), "largest coefficient first, whatever its sign")
        XCTAssertTrue(table.note?.contains("same scale") ?? false)
    }
}
