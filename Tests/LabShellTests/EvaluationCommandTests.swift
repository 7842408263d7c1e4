import XCTest
import LabData
import LabML
@testable import LabShell

final class EvaluationCommandTests: XCTestCase {
    private func trained() throws -> Session { try TestSupport.titanicWithLogistic() }

    func testEvalKeepsTheEvaluationAndScriptsRecordIt() throws {
        let s = try trained()
        XCTAssertNil(s.state.evaluations["lr"])
        let outcome = try s.execute("eval lr")
        XCTAssertEqual(outcome.recorded, "eval lr")
        let e = try XCTUnwrap(s.state.evaluations["lr"])
        XCTAssertEqual(e.part, "test")
        XCTAssertEqual(e.rows, 328)
        XCTAssertEqual(e.positive, "1")
        XCTAssertEqual(e.metrics.map(\.name), ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "roc_auc",
                                                "average_precision", "brier", "log_loss"])
        // Accuracy is the share of test rows whose predicted class is the true one.
        guard case .classification(_, let truth, let predicted, _) = e.outcome else { return XCTFail("not a classification") }
        XCTAssertEqual(e.value("accuracy"), Double(zip(truth, predicted).filter { $0 == $1 }.count) / 328)
        // Retraining under the same name forgets the old evaluation.
        _ = try s.execute("train logistic target=survived features=pclass,sex_male as lr")
        XCTAssertNil(s.state.evaluations["lr"])
    }

    func testEvalPromWritesEveryMetricForPrometheusAndAFailedWriteChangesNothing() throws {
        let s = try trained()
        let dir = TestSupport.temporaryDirectory()
        let outcome = try s.execute("eval lr prom=\(dir)/lr.prom")
        XCTAssertEqual(outcome.recorded, "eval lr prom=\(dir)/lr.prom")
        let e = try XCTUnwrap(s.state.evaluations["lr"])
        let lines = String(decoding: try FileIO.readAll(dir + "/lr.prom"), as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(lines.map(String.init), e.metrics.map { #"opslab_model_metric{model="lr",frame="titanic",rows="test",metric="\#($0.name)"} \#($0.value)"# }
                       + [#"opslab_model_evaluated_rows{model="lr",frame="titanic",rows="test"} 328"#])
        let fresh = try trained()
        XCTAssertThrowsError(try fresh.execute("eval lr prom=\(dir)/none/lr.prom")) { error in
            XCTAssertEqual((error as? LabError)?.message, "cannot write '\(dir)/none/lr.prom': No such file or directory")
        }
        XCTAssertNil(fresh.state.evaluations["lr"], "the failed eval kept nothing")
    }

    func testTuneTakesGridSearchCVsCvForFoldsAndRecordsFolds() throws {
        let s = try trained()
        let outcome = try s.execute("tune logistic target=survived features=pclass,sex_male grid=\"C=0.1,1\" cv=3 metric=auc as t")
        XCTAssertTrue(outcome.recorded?.contains(" folds=3") ?? false, outcome.recorded ?? "")
        XCTAssertFalse(outcome.recorded?.contains("cv=") ?? true, outcome.recorded ?? "")
        let table = try XCTUnwrap(TestSupport.tables(outcome.output).first)
        XCTAssertTrue(table.title?.contains("2 combinations × 3 folds") ?? false, table.title ?? "")
        XCTAssertNotNil(s.state.models["t"])
    }

    func testTuneWithoutASplitSaysNoTestRowsAreLeft() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let output = try s.execute("tune tree target=survived features=pclass,sibsp grid=\"max_depth=1,2\" cv=3 as t").output
        guard case .group(let parts) = output, case .message(let best) = parts[1] else { return XCTFail("\(output)") }
        XCTAssertFalse(best.contains("test rows"), best)
        XCTAssertTrue(best.hasSuffix("trained on all 1309 rows as 't'"), best)
        XCTAssertTrue(TestSupport.warnings(output).contains { $0.hasPrefix("no split: the folds were cut from every row") }, "\(output)")
        // With a split, the best model is scored on the test rows, and no warning is given.
        _ = try s.execute("split test=0.2 seed=1")
        let split = try s.execute("tune tree target=survived features=pclass,sibsp grid=\"max_depth=1,2\" cv=3 as t").output
        XCTAssertFalse(TestSupport.warnings(split).contains { $0.hasPrefix("no split") }, "\(split)")
        guard case .group(let splitParts) = split, case .message(let splitBest) = splitParts[1] else { return XCTFail("\(split)") }
        XCTAssertTrue(splitBest.hasSuffix("trained on all 1047 training rows as 't' (eval t scores it on the test rows)"), splitBest)
    }

    func testUndefinedMetricsAreSaidInTermsOfTheClassesOnce() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split seed=1", "train logistic target=survived features=sibsp as s", "load titanic as dead",
                     "filter survived == 0", "load penguins", "split seed=1", "train logistic target=species features=year as y",
                     "load penguins as gentoo", "filter species == \"Gentoo\""] {
            _ = try s.execute(line)
        }
        // sibsp alone never reaches a probability of 0.5 of surviving.
        XCTAssertEqual(try TestSupport.warnings(s, "eval s on=titanic"),
                       ["precision is not defined: the model predicts class 1 for no row, so it is reported as 0 (as scikit-learn does)"])
        XCTAssertEqual(try TestSupport.warnings(s, "eval s on=dead"), [
            "precision is not defined: the model predicts class 1 for no row, so it is reported as 0 (as scikit-learn does)",
            "recall is not defined: no row here is of class 1, so it is reported as 0 (as scikit-learn does)",
            "F1 is not defined: class 1 is neither in the rows here nor in the predictions, so it is reported as 0 (as scikit-learn does)",
            "only one class among these rows: ROC AUC and average precision are not defined",
        ])
        // year alone says Adelie for every penguin; the macro and weighted averages warn once.
        XCTAssertEqual(try TestSupport.warnings(s, "eval y on=penguins"),
                       ["precision is not defined for classes Chinstrap and Gentoo, which the model never predicts: taken as 0 (as scikit-learn does)"])
        XCTAssertEqual(try TestSupport.warnings(s, "eval y on=gentoo"), [
            "the model predicts class Adelie, which no row here has: balanced accuracy averages the recall of the classes present only",
            "precision is not defined for classes Chinstrap and Gentoo, which the model never predicts: taken as 0 (as scikit-learn does)",
            "recall is not defined for classes Adelie and Chinstrap, which no row here has: taken as 0 (as scikit-learn does)",
            "F1 is not defined for class Chinstrap, which neither the rows nor the predictions have: taken as 0 (as scikit-learn does)",
            "2 of 3 classes have no rows here: one-vs-rest ROC AUC is not defined",
        ])
        XCTAssertEqual(try TestSupport.warnings(s, "confusion y on=penguins"),
                       ["precision is not defined for classes Chinstrap and Gentoo, which the model never predicts: taken as 0 (as scikit-learn does)"])
    }

    func testCurvesWarnOnlyOfWhatConcernsACurve() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split seed=1", "train logistic target=survived features=sibsp as s"] {
            _ = try s.execute(line)
        }
        // eval warns that precision at the default threshold is not defined; a curve over every threshold has it.
        XCTAssertEqual(try TestSupport.warnings(s, "eval s").count, 1)
        XCTAssertEqual(try TestSupport.warnings(s, "roc s"), [])
        XCTAssertEqual(try TestSupport.warnings(s, "pr s"), [])
        // On the training rows a curve is as optimistic as the metrics.
        let optimistic = "these are the rows s was trained on, so the scores are optimistic; the test rows (part=test, the default) give an honest estimate"
        XCTAssertEqual(try TestSupport.warnings(s, "roc s part=train"), [optimistic])
        XCTAssertEqual(try TestSupport.warnings(s, "pr s part=train"), [optimistic])
    }

    func testCVTuneAndCurvesPointAtTheTextColumnsForAnUnknownTarget() throws {
        let s = TestSupport.session()
        _ = try s.execute("load breast_cancer")
        let recorded = s.recordedLines
        for line in ["cv logistic target=target", "tune tree target=target grid=\"max_depth=1,2\"",
                     "curve validation tree target=target param=max_depth values=1..2", "train logistic target=target"] {
            XCTAssertThrowsError(try s.execute(line), line) { e in
                XCTAssertEqual((e as? LabError)?.message, "no column 'target' in frame 'breast_cancer'", line)
                XCTAssertTrue((e as? LabError)?.hint?.hasPrefix("target= names the column to predict: the text column diagnosis is what a classifier predicts. ") ?? false, line)
                XCTAssertTrue((e as? LabError)?.hint?.hasSuffix(", worst_symmetry, worst_fractal_dimension, diagnosis (31 columns; `columns` lists them)") ?? false, line)
            }
        }
        XCTAssertEqual(s.recordedLines, recorded)
    }

    func testCVTuneAndCurvesReportAFeatureProblemOfAllTheTrainingRows() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        _ = try s.execute("split test=0.2 seed=1 stratify=survived")
        let recorded = s.recordedLines
        // One fare is missing; the folds train on 837 or 838 rows and score 209 or 210, but the
        // message is about the 1047 training rows, as train's is.
        let expected = "feature 'fare' has 1 missing value in 1047 rows (first in row 1226)"
        XCTAssertThrowsError(try s.execute("train logistic target=survived features=pclass,fare")) { XCTAssertEqual(($0 as? LabError)?.message, expected) }
        for line in ["cv logistic target=survived features=pclass,fare", "tune logistic target=survived features=pclass,fare grid=\"C=1,2\"",
                     "curve validation logistic target=survived features=pclass,fare param=C values=1,2",
                     "curve learning logistic target=survived features=pclass,fare"] {
            XCTAssertThrowsError(try s.execute(line), line) { e in
                XCTAssertEqual((e as? LabError)?.message, expected, line)
                XCTAssertEqual((e as? LabError)?.hint, "impute fare with=median; or train boost, forest or tree, which take missing values as they are", line)
            }
        }
        XCTAssertEqual(s.recordedLines, recorded)
    }

    func testTuneGivesEqualScoresTheSameRank() throws {
        let s = try trained()
        // A stump splits on sex whatever the smallest leaf: the first two score the same.
        let outcome = try s.execute("tune tree target=survived features=pclass,sex_male grid=\"max_depth=1,3 min_samples_leaf=1,2\" cv=3 as t")
        let table = try XCTUnwrap(TestSupport.tables(outcome.output).first)
        let ranks = table.rows.map { row -> Double in if case .number(let r, _) = row[0] { return r } else { return -1 } }
        let means = table.rows.map { $0[3] }
        for k in 1..<ranks.count {
            XCTAssertEqual(ranks[k] == ranks[k - 1], means[k] == means[k - 1], "\(ranks) \(means)")
            if ranks[k] != ranks[k - 1] { XCTAssertEqual(ranks[k], Double(k + 1)) }
        }
        XCTAssertTrue(zip(ranks, ranks.dropFirst()).contains { $0 == $1 }, "a tie: \(ranks) \(means)")
    }

    func testPRWithoutPositiveRowsSaysAveragePrecisionIsNotDefined() throws {
        let s = try trained()
        _ = try s.execute("load titanic as dead")
        _ = try s.execute("filter survived == 0")
        guard case .group(let parts) = try s.execute("pr lr on=dead").output, case .plot(let plot) = parts[0] else { return XCTFail("no plot") }
        XCTAssertEqual(plot.notes.count, 1)
        XCTAssertTrue(plot.notes[0].hasPrefix("average precision class 1: not defined ("), plot.notes[0])
        guard case .group(let fine) = try s.execute("pr lr").output, case .plot(let test) = fine[0] else { return XCTFail("no plot") }
        XCTAssertTrue(test.notes[0].hasPrefix("average precision class 1: 0."), test.notes[0])
    }

    func testEvaluatingAFrameAFilterEmptiedSaysSo() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2", "train logistic target=survived features=pclass as m", "filter age > 200"] {
            _ = try s.execute(line)
        }
        XCTAssertThrowsError(try s.execute("eval m")) { e in
            XCTAssertEqual((e as? LabError)?.message, "frame 'titanic' has no rows")
            XCTAssertEqual((e as? LabError)?.hint, "a filter or sample left it empty: `undo` brings the rows back")
        }
    }

    func testExpectIsAQualityGateOverTheLastEval() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "split test=0.2 seed=42", "encode sex", "train logistic target=survived features=pclass,sex_male as lr"] {
            _ = try s.execute(line)
        }
        func failure(_ line: String) -> String? {
            do { _ = try s.execute(line); return nil } catch { return (error as? LabError)?.message }
        }
        XCTAssertEqual(failure("expect lr accuracy > 0.5"), "'lr' has not been evaluated yet")
        _ = try s.execute("eval lr")
        let e = try XCTUnwrap(s.state.evaluations["lr"])
        let accuracy = try XCTUnwrap(e.metrics.first { $0.name == "accuracy" }?.value)
        let auc = try XCTUnwrap(e.metrics.first { $0.name == "roc_auc" }?.value)
        // Met: said, and recorded, so a saved session checks it again.
        let met = "accuracy >= \(accuracy) and auc > \(auc - 0.01)"
        guard case .message(let text) = try s.execute("expect lr \(met)").output else { return XCTFail() }
        XCTAssertEqual(text, "expectation met for lr: \(met) (accuracy = \(NumberFormat.significant(accuracy)), auc = \(NumberFormat.significant(auc)))")
        XCTAssertEqual(s.recordedLines.last, "expect lr \(met)")
        // Not met, by a hair: an error, the session unchanged.
        let before = s.recordedLines
        XCTAssertEqual(failure("expect lr accuracy > \(accuracy)"),
                       "expectation not met for lr: accuracy > \(accuracy) (accuracy = \(NumberFormat.significant(accuracy)))")
        XCTAssertEqual(failure("expect lr acuracy > 0.5"), "lr's last eval has no metric 'acuracy' (did you mean 'accuracy'?)")
        XCTAssertEqual(failure("expect lx accuracy > 0.5"), "no model named 'lx' (did you mean 'lr'?)")
        XCTAssertEqual(s.recordedLines, before)
    }

    func testROCOfManyClassesDrawsTheClassesPresentAndNamesTheOthers() throws {
        let s = TestSupport.session()
        for line in ["load iris", "split seed=1 stratify=species", "train logistic target=species as lr",
                     "sql SELECT * FROM iris WHERE species <> 'setosa' as two"] { _ = try s.execute(line) }
        guard case .group(let parts) = try s.execute("roc lr on=two").output, case .plot(let plot) = parts[0] else { return XCTFail("no plot") }
        XCTAssertEqual(plot.series.map(\.name), ["versicolor vs rest", "virginica vs rest", "chance"])
        XCTAssertEqual(plot.notes.count, 3)
        XCTAssertEqual(plot.notes[0], "setosa vs rest: no curve, no row here is setosa")
        XCTAssertTrue(plot.notes[1].hasPrefix("AUC versicolor vs rest: "), plot.notes[1])
        // A two-class model on rows of one class: still the error, as scikit-learn raises it.
        for line in ["load titanic", "split seed=1", "train logistic target=survived features=pclass as t", "filter survived == 0"] { _ = try s.execute(line) }
        XCTAssertThrowsError(try s.execute("roc t on=titanic"))
    }

    func testPosIsRefusedForMoreThanTwoClasses() throws {
        let s = TestSupport.session()
        for line in ["load iris", "split seed=1 stratify=species", "train logistic target=species as lr"] { _ = try s.execute(line) }
        for line in ["eval lr pos=setosa", "roc lr pos=setosa", "pr lr pos=setosa"] {
            XCTAssertThrowsError(try s.execute(line), line) { error in
                XCTAssertEqual((error as? LabError)?.message, "pos= picks the positive class of a two-class model; this one has 3 classes")
            }
        }
        XCTAssertNil(s.state.evaluations["lr"])
        _ = try s.execute("eval lr")
        XCTAssertNil(s.state.evaluations["lr"]?.positive)
    }

    func testValidationCurvesOverDecadesUseALogAxis() throws {
        let s = try trained()
        func plot(_ line: String) throws -> Plot {
            guard case .group(let parts) = try s.execute(line).output, case .plot(let p) = parts[0] else { throw DataError("no plot") }
            return p
        }
        let decades = try plot("curve validation logistic target=survived features=pclass,sex_male param=C values=0.01,0.1,1,10 folds=3")
        XCTAssertEqual(decades.xLabel, "log10 C")
        XCTAssertEqual(decades.series[0].points.map(\.0), [-2, -1, 0, 1])
        let depths = try plot("curve validation tree target=survived features=pclass,sex_male param=max_depth values=1..3 folds=3")
        XCTAssertEqual(depths.xLabel, "max_depth")
        XCTAssertEqual(depths.series[0].points.map(\.0), [1, 2, 3])
    }

    func testAFailedEvaluationChangesNothing() throws {
        let s = try trained()
        _ = try s.execute("eval lr")
        let before = s.state.evaluations
        XCTAssertThrowsError(try s.execute("eval lr pos=yes")) { error in
            XCTAssertEqual((error as? LabError)?.message, "pos=yes is not a class of this model")
        }
        XCTAssertThrowsError(try s.execute("threshold lr at=-0.1"))
        XCTAssertEqual(s.state.evaluations, before)
        XCTAssertEqual(s.recordedLines.last, "eval lr")
    }

    func testThresholdMovesPredictionsOnlyForTwoClasses() throws {
        let s = try trained()
        let e = try XCTUnwrap({ () -> Evaluation? in _ = try s.execute("eval lr"); return s.state.evaluations["lr"] }())
        let scores = try XCTUnwrap(e.binaryScores)
        let lowered = try Evaluator.evaluate(s.state.models["lr"]!, on: s.state.frames["titanic"]!,
                                             rows: EvaluationRows(s.state.frames["titanic"]!, part: .test, trainedHere: true), threshold: 0.2)
        guard case .classification(_, _, let predicted, _) = lowered.outcome else { return XCTFail("not a classification") }
        XCTAssertEqual(predicted, scores.scores.map { $0 >= 0.2 ? "1" : "0" })
        _ = try s.execute("load iris")
        _ = try s.execute("train naive_bayes target=species as nb")
        XCTAssertThrowsError(try s.execute("threshold nb at=0.3")) { error in
            XCTAssertEqual((error as? LabError)?.message, "a decision threshold applies to two-class models")
        }
    }

    func testTrainingWithoutASplitWarnsOnlyForModelsWithATarget() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        XCTAssertTrue(try TestSupport.warnings(s, "train tree target=species max_depth=2 as t").contains { $0.contains("optimistic") })
        XCTAssertFalse(try TestSupport.warnings(s, "train kmeans k=3 seed=1 as km").contains { $0.contains("optimistic") })
        XCTAssertFalse(try TestSupport.warnings(s, "train pca components=2 as p").contains { $0.contains("optimistic") })
    }

    func testWithoutASplitEvaluationUsesEveryRowAndWarns() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        _ = try s.execute("train tree target=species max_depth=2 as t")
        guard case .group(let parts) = try s.execute("eval t").output else { return XCTFail("expected a group") }
        XCTAssertEqual(s.state.evaluations["t"]?.part, "all rows of iris")
        XCTAssertTrue(parts.contains { if case .warning(let w) = $0 { w.contains("optimistic") } else { false } })
        XCTAssertThrowsError(try s.execute("eval t part=test")) { error in
            XCTAssertEqual((error as? LabError)?.message, "frame 'iris' has no split, so it has no test part")
        }
    }

    func testTrainNamesTheTextColumnsTheDefaultFeaturesLeaveOut() throws {
        let s = TestSupport.session()
        _ = try s.execute("load penguins")
        _ = try s.execute("filter not (sex is missing or bill_length_mm is missing)")
        XCTAssertEqual(try TestSupport.warnings(s, "train tree target=species max_depth=2 as t").filter { $0.hasPrefix("text") },
                       ["text columns 'island', 'sex' left out: models learn from numbers. To use them, encode island sex (one column per category) before training."])
        XCTAssertFalse(try TestSupport.warnings(s, "train tree target=species features=bill_length_mm max_depth=2 as t").contains { $0.hasPrefix("text") })
        _ = try s.execute("encode island")
        XCTAssertEqual(try TestSupport.warnings(s, "train tree target=species max_depth=2 as t").filter { $0.hasPrefix("text") },
                       ["text column 'sex' left out: models learn from numbers. To use it, encode sex (one column per category) before training."])
        // The target is no feature, text or not; the former target now is.
        XCTAssertEqual(try TestSupport.warnings(s, "train tree target=sex max_depth=2 as t").filter { $0.hasPrefix("text") },
                       ["text column 'species' left out: models learn from numbers. To use it, encode species (one column per category) before training."])
    }

    func testTrainTellsCategoriesFromIdentifiersAmongTheTextColumns() throws {
        let s = TestSupport.session()
        _ = try s.execute("load auto_mpg")
        XCTAssertEqual(try TestSupport.warnings(s, "train ridge target=mpg as lm"),
                       ["no split: trained on all 392 rows, so any evaluation on them will be optimistic. Split first (split test=0.2).",
                        "text columns 'origin', 'name' left out: models learn from numbers. To use 'origin', encode origin (one column per category) before training. 'name' has 301 distinct values in 392 rows: more like a name or an identifier than a category, best left out."])
        _ = try s.execute("encode origin")
        XCTAssertEqual(try TestSupport.warnings(s, "train ridge target=mpg as lm").last,
                       "text column 'name' left out: models learn from numbers. 'name' has 301 distinct values in 392 rows: more like a name or an identifier than a category, best left out.")
        // Encoding it anyway works, with a warning.
        guard case .group(let parts) = try s.execute("encode name").output else { return XCTFail("expected a group") }
        let warned: [String] = parts.compactMap { if case .warning(let w) = $0 { w } else { nil } }
        XCTAssertEqual(warned.last,
                       "'name' has 301 categories in 392 rows, about 1.3 rows each: more like a name or an identifier than a category, and a model learns little from it that holds for new rows. Consider `undo` and `drop name`, or grouping its values first")
        XCTAssertEqual(s.state.current?.columnCount, 9 - 2 + 3 + 301)
        // Identifiers are judged on the rows holding a value (cabin: 186 values in 295 rows); boat, given almost
        // only to survivors, is named as a leak rather than offered.
        _ = try s.execute("load titanic")
        _ = try s.execute("drop age fare body")
        XCTAssertEqual(try TestSupport.warnings(s, "train tree target=survived max_depth=2 as t").last,
                       "text columns 'name', 'sex', 'ticket', 'cabin', 'embarked', 'boat', 'home_dest' left out: models learn from numbers. To use 'sex', 'embarked', encode sex embarked missing=category (one column per category; the gaps in embarked become a category of their own) before training. 'boat' has a value on 486 of 1309 training rows, and 98% of them have survived 1: likely filled in from the outcome (target leakage), best left out. 'name' (1307 distinct values in 1309 rows), 'ticket' (929 in 1309), 'cabin' (186 in 295) and 'home_dest' (369 in 745) are more like names or identifiers than categories, best left out.")
        // A category column gets no such warning.
        _ = try s.execute("load penguins")
        guard case .group(let plain) = try s.execute("encode island").output else { return XCTFail("expected a group") }
        XCTAssertFalse(plain.contains { if case .warning(let w) = $0 { w.contains("identifier") } else { false } })
    }

    /// predict names the categories a boost model never saw in training (text and number codes),
    /// which it sends where it sends missing values; known ones and gaps pass without a word.
    func testPredictNamesCategoriesTrainingNeverSaw() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        _ = try s.execute("split test=0.2 seed=1")
        _ = try s.execute("train boost target=survived features=pclass,sex,age,embarked categorical=sex,embarked,pclass rounds=5 as m")
        let path = TestSupport.temporaryDirectory() + "/fresh.csv"
        try "pclass,sex,age,embarked\n1,female,29,S\n4,male,22,X\n3,male,22,Y\n,male,30,\n".write(toFile: path, atomically: true, encoding: .utf8)
        _ = try s.execute("load \(path) as fresh")
        XCTAssertEqual(try TestSupport.warnings(s, "predict m on=fresh"), [
            "pclass: 1 row holds a category training never saw (4); the model sends it where it sends missing values, as scikit-learn does",
            "embarked: 2 rows hold categories training never saw (X, Y); the model sends them where it sends missing values, as scikit-learn does"])
        XCTAssertEqual(try TestSupport.warnings(s, "predict m on=titanic"), [])
    }

    func testUnconvergedLogisticNamesTheFeaturesOnLargeScales() throws {
        let s = TestSupport.session()
        _ = try s.execute("load penguins")
        _ = try s.execute("filter not (bill_length_mm is missing)")
        XCTAssertEqual(try TestSupport.warnings(s, "train logistic target=species as lr").filter { $0.hasPrefix("the solver") },
                       ["the solver stopped at max_iter=100; features on large scales slow it: body_mass_g (up to 6300), year (up to 2009), flipper_length_mm (up to 231), bill_length_mm (up to 59.6) and 1 more. Standardize them (scale body_mass_g year flipper_length_mm bill_length_mm bill_depth_mm) or raise max_iter="])
        guard case .logistic(let unscaled) = s.state.models["lr"]?.fitted else { return XCTFail("not logistic") }
        XCTAssertFalse(unscaled.converged)
        _ = try s.execute("scale body_mass_g year flipper_length_mm bill_length_mm bill_depth_mm")
        XCTAssertFalse(try TestSupport.warnings(s, "train logistic target=species as lr").contains { $0.hasPrefix("the solver") })
        guard case .logistic(let scaled) = s.state.models["lr"]?.fitted else { return XCTFail("not logistic") }
        XCTAssertTrue(scaled.converged)
        // Nothing on a large scale left: the advice is about the iterations and C.
        XCTAssertEqual(try TestSupport.warnings(s, "train logistic target=species max_iter=2 as lr").filter { $0.hasPrefix("the solver") },
                       ["the solver stopped at max_iter=2: raise max_iter=, or lower C= if the classes are (nearly) separable"])
    }

    func testLeastSquaresExplainsDependentFeaturesAndFitsTheLeastNormAnswer() throws {
        let s = TestSupport.session()
        _ = try s.execute("load auto_mpg")
        _ = try s.execute("split test=0.2 seed=3")
        _ = try s.execute("encode origin")
        XCTAssertEqual(try TestSupport.warnings(s, "train linear target=mpg features=cylinders,weight_lbs,model_year,origin as lm"),
                       ["features origin_europe, origin_japan, origin_usa are linearly dependent: some combination of them is constant (one-hot columns of a column sum to 1 on every row, like the intercept). Many coefficient vectors fit equally well; these are the least-norm ones, as scikit-learn's LinearRegression gives, and no one coefficient means much on its own. For unique coefficients, leave out one category: undo the encoding and encode origin drop=first"])
        guard case .linear(let full) = s.state.models["lm"]?.fitted else { return XCTFail("not linear") }
        // Least norm: no part along the dependency (the one-hot columns' sum).
        XCTAssertEqual(full.coefficients[3] + full.coefficients[4] + full.coefficients[5], 0, accuracy: 1e-9)
        XCTAssertEqual(s.state.models["lm"]?.trainingNote, "least-norm coefficients: 3 features linearly dependent")
        // Same fitted values as with one category left out.
        _ = try s.execute("predict lm")
        _ = try s.execute("train linear target=mpg features=cylinders,weight_lbs,model_year,origin_japan,origin_usa as lm2")
        _ = try s.execute("predict lm2")
        let frame = try XCTUnwrap(s.state.current)
        guard case .numbers(let a, _) = try frame.column("pred_lm").data, case .numbers(let b, _) = try frame.column("pred_lm2").data else {
            return XCTFail("predictions are numbers")
        }
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-9) }
        // A dependency not made by an encoding.
        _ = try s.execute("derive heavy = weight_lbs / 1000")
        XCTAssertEqual(try TestSupport.warnings(s, "train linear target=mpg features=weight_lbs,heavy,model_year as lm3"),
                       ["features weight_lbs, heavy are linearly dependent: some combination of them is constant. Many coefficient vectors fit equally well; these are the least-norm ones, as scikit-learn's LinearRegression gives, and no one coefficient means much on its own. For unique coefficients, leave one of them out (features=), or use ridge"])
        // Fewer rows than features.
        _ = try s.execute("load diabetes")
        _ = try s.execute("sample n=6 seed=1")
        XCTAssertEqual(try TestSupport.warnings(s, "train linear target=disease_progression as lm4").last,
                       "6 training rows for 10 features: the rows do not pin the coefficients down. Many coefficient vectors fit equally well; these are the least-norm ones, as scikit-learn's LinearRegression gives, and no one coefficient means much on its own. Use fewer features (features=), more rows, or ridge")
    }

    func testDistanceModelsWarnWhenFeatureSpreadsDifferTenfold() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        _ = try s.execute("impute age fare with=median")
        _ = try s.execute("encode sex")
        let expected = "follow the features with the largest spread: fare (sd 51.7), age (sd 12.9) against sex_male (sd 0.479). To let each feature count alike, standardize them first: scale pclass sex_male age fare"
        for (line, what) in [("train knn target=survived k=5 features=pclass,sex_male,age,fare as k", "kNN's distances"),
                             ("train kmeans k=3 seed=1 features=pclass,sex_male,age,fare as km", "k-means' distances"),
                             ("train pca components=2 features=pclass,sex_male,age,fare as p", "PCA's components")] {
            XCTAssertEqual(try TestSupport.warnings(s, line).filter { $0.hasPrefix(what) }, ["\(what) \(expected)"], line)
        }
        // Not for models that do not measure distances, nor once the features are standardized.
        XCTAssertFalse(try TestSupport.warnings(s, "train tree target=survived features=pclass,sex_male,age,fare as t").contains { $0.contains("spread") })
        _ = try s.execute("scale pclass sex_male age fare")
        XCTAssertFalse(try TestSupport.warnings(s, "train knn target=survived k=5 features=pclass,sex_male,age,fare as k").contains { $0.contains("spread") })
        // Iris: spreads within a factor of ten (0.43 to 1.76).
        _ = try s.execute("load iris")
        XCTAssertFalse(try TestSupport.warnings(s, "train kmeans k=3 seed=1 as km").contains { $0.contains("spread") })
    }
}

