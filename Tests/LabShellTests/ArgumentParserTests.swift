import XCTest
@testable import LabShell

final class ArgumentParserTests: XCTestCase {
    private func parse(_ line: String) throws -> (CommandSpec, Arguments) {
        let tokens = try Lexer.tokenize(line)
        guard case .word(let verb) = tokens[0].kind else { throw UsageError("no verb") }
        let spec = try CommandTable.standard.lookup(verb).spec
        return (spec, try ArgumentParser.parse(spec, tokens: tokens, line: line))
    }

    private func usageError(_ line: String) -> UsageError? {
        do {
            _ = try parse(line)
            return nil
        } catch {
            return error as? UsageError
        }
    }

    func testDefaultsAreFilledAndRecorded() throws {
        let (spec, args) = try parse("sample n=5")
        XCTAssertEqual(args.keys, ["n": "5", "seed": "42"])
        XCTAssertEqual(ArgumentParser.canonicalLine(spec, args), "sample n=5 seed=42")
    }

    func testAFlagNamedOnItsOwnIsSet() throws {
        let (spec, args) = try parse("cv logistic target=survived stratified")
        XCTAssertEqual(args.string("stratified"), "true")
        XCTAssertTrue(ArgumentParser.canonicalLine(spec, args).contains(" stratified=true"), ArgumentParser.canonicalLine(spec, args))
        XCTAssertEqual(try parse("runs deleted").1.string("deleted"), "true")
        XCTAssertEqual(usageError("cv logistic stratified stratified")?.message, "stratified given twice")
        XCTAssertEqual(usageError("cv logistic stratified stratified=false")?.message, "stratified= given twice")
        // An option that is not a flag needs its value.
        XCTAssertEqual(usageError("cv logistic folds")?.message,
                       "unexpected 'folds' after cv: an option is written folds=VALUE, with no spaces (did you mean folds=…?)")
    }

    func testModelParametersSayTheirKindsAndDefaults() {
        let help = Dictionary(uniqueKeysWithValues: TrainCommand.parameterKeys.map { ($0.name, $0.help) })
        XCTAssertEqual(help["min_samples_leaf"], "rows every leaf keeps at least (tree default 1, forest default 1, boost default 20)")
        XCTAssertEqual(help["C"], "inverse penalty strength: larger C, weaker penalty (logistic; default 1.0)")
        XCTAssertEqual(help["k"], "neighbours that vote (n_neighbors) (knn; default 5); number of clusters (n_clusters) (kmeans; default 8)")
    }

    func testAKeyOrPairWithNothingAfterTheEqualsSignSaysSo() {
        XCTAssertEqual(usageError("rename sepal_length_cm=")?.message, "sepal_length_cm= needs the new name after it")
        XCTAssertEqual(usageError("sample n=")?.message, "n= needs a value")
        XCTAssertEqual(usageError("sample n=3 x=")?.message, "unexpected 'x=' after sample")
    }

    func testAnInvalidAliasIsNamed() {
        XCTAssertEqual(usageError(#"load iris as "a b""#)?.message, "'a b' is not a valid name after 'as'")
        XCTAssertEqual(usageError("load iris as")?.message, "'as' needs a name after it")
    }

    func testAliasAndPositionals() throws {
        let (spec, args) = try parse(#"load "my file.csv" as sales sep=;"#)
        XCTAssertEqual(args.word("source"), "my file.csv")
        XCTAssertEqual(args.alias, "sales")
        XCTAssertEqual(ArgumentParser.canonicalLine(spec, args), #"load "my file.csv" as sales sep=;"#)
    }

    func testExpressionTakesTheRawRestOfTheLine() throws {
        let (_, f) = try parse(#"filter age >= 18 and sex == "female""#)
        XCTAssertEqual(f.expression, #"age >= 18 and sex == "female""#)
        let (spec, d) = try parse("derive family = sibsp + parch + 1")
        XCTAssertEqual(d.word("name"), "family")
        XCTAssertEqual(d.expression, "sibsp + parch + 1")
        XCTAssertEqual(ArgumentParser.canonicalLine(spec, d), "derive family = sibsp + parch + 1")
        let (_, compact) = try parse("derive x=fare*2")
        XCTAssertEqual(compact.word("name"), "x")
        XCTAssertEqual(compact.expression, "fare*2")
    }

    func testUnknownVerbSuggestsTheClosest() {
        XCTAssertThrowsError(try CommandTable.standard.lookup("descibe")) { e in
            XCTAssertEqual((e as? UsageError)?.message, "unknown command 'descibe' (did you mean 'describe'?)")
            // The expected ones, every verb of the table.
            let hint = (e as? UsageError)?.hint ?? ""
            XCTAssertTrue(hint.hasPrefix("commands: "), hint)
            XCTAssertEqual(Set(hint.dropFirst(10).split(separator: ";")[0].split(separator: " ").map(String.init)), Set(CommandTable.standard.verbs))
        }
    }

    /// A model kind typed as a command points at `train`, with target= for the kinds that need one.
    func testModelKindAsVerbPointsAtTrain() {
        XCTAssertThrowsError(try CommandTable.standard.lookup("kmeans")) { e in
            XCTAssertEqual((e as? UsageError)?.message, "unknown command 'kmeans': kmeans is a model kind (did you mean 'train kmeans'?)")
            XCTAssertEqual((e as? UsageError)?.hint, "train kmeans as NAME; help train lists the kinds and their parameters")
        }
        XCTAssertThrowsError(try CommandTable.standard.lookup("Logistic")) { e in
            XCTAssertEqual((e as? UsageError)?.message, "unknown command 'Logistic': logistic is a model kind (did you mean 'train logistic'?)")
            XCTAssertEqual((e as? UsageError)?.hint, "train logistic target=COLUMN as NAME; help train lists the kinds and their parameters")
        }
    }

    /// What pandas, SQL and shell users type first is answered with the way to do it here.
    func testForeignVerbsSayHowItIsDoneHere() {
        for (verb, message, hint) in [
            ("groupby", "unknown command 'groupby': grouped statistics come from SQL here",
             "e.g. sql SELECT sex, count(*) AS n, avg(age) AS mean_age FROM titanic GROUP BY sex   (or counts sex survived share=row)"),
            ("fillna", "unknown command 'fillna': missing values are filled with impute (learned on the training rows)",
             "e.g. impute age with=median   (or derive age = coalesce(age, 0))"),
            ("DropNA", "unknown command 'DropNA': rows with a missing value are dropped with filter", "e.g. filter age is not missing"),
            ("merge", "unknown command 'merge': frames are joined in SQL here", "e.g. sql SELECT * FROM a JOIN b ON a.id = b.id as joined"),
            ("clear", "unknown command 'clear': the screen is cleared with Ctrl-L at the prompt", "e.g. Ctrl-L"),
        ] {
            XCTAssertThrowsError(try CommandTable.standard.lookup(verb)) { e in
                XCTAssertEqual((e as? UsageError)?.message, message)
                XCTAssertEqual((e as? UsageError)?.hint, hint)
            }
        }
        XCTAssertEqual(try? CommandTable.standard.lookup("shape").spec.verb, nil)
        // None of them hides a command of the table.
        XCTAssertEqual(ForeignVerbs.ways.keys.filter { CommandTable.standard.command(for: $0) != nil }, [])
        // Every way given is a line the shell reads.
        for (verb, way) in ForeignVerbs.ways where !way.how.hasPrefix("Ctrl-") {
            let lines = way.how.components(separatedBy: "   (")[0].components(separatedBy: ", then ")
            for line in lines { XCTAssertNoThrow(try parse(line), "\(verb): \(line)") }
        }
    }

    /// A grouping verb, or pandas written as Python, is answered with the current frame's own SQL.
    func testForeignVerbsUseTheCurrentFramesColumns() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic as t")
        for (line, message, hint) in [
            ("groupby sex", "unknown command 'groupby': grouped statistics come from SQL here",
             "e.g. sql SELECT sex, count(*) AS n, avg(age) AS mean_age FROM t GROUP BY sex   (or counts sex)"),
            ("pivot_table sex pclass", "unknown command 'pivot_table': grouped statistics come from SQL here",
             "e.g. sql SELECT sex, pclass, count(*) AS n, avg(age) AS mean_age FROM t GROUP BY sex, pclass   (or counts sex pclass share=row)"),
            ("agg", "unknown command 'agg': grouped statistics come from SQL here",
             "e.g. sql SELECT COLUMN, count(*) AS n, avg(age) AS mean_age FROM t GROUP BY COLUMN"),
            ("df.groupby(\"embarked\")[\"fare\"].max()",
             "unknown command 'df.groupby(\"embarked\")[\"fare\"].max()': commands are words, not Python calls; grouped statistics come from SQL here",
             "e.g. sql SELECT embarked, count(*) AS n, max(fare) AS max_fare FROM t GROUP BY embarked   (or counts embarked)"),
            ("df.head()", "unknown command 'df.head()': commands are words, not Python calls (did you mean 'show'?)", "e.g. show"),
            ("df.fillna(0)", "unknown command 'df.fillna(0)': commands are words, not Python calls; missing values are filled with impute (learned on the training rows)",
             "e.g. impute age with=median   (or derive age = coalesce(age, 0))"),
        ] {
            XCTAssertThrowsError(try s.execute(line)) { e in
                XCTAssertEqual((e as? UsageError)?.message, message, line)
                XCTAssertEqual((e as? UsageError)?.hint, hint, line)
            }
        }
        XCTAssertThrowsError(try s.execute("df.nothing()")) { XCTAssertEqual(($0 as? UsageError)?.message, "unknown command 'df.nothing()'") }
        XCTAssertEqual(s.recordedLines.count, 1)
        // The suggested query runs.
        _ = try s.execute("sql SELECT sex, pclass, count(*) AS n, avg(age) AS mean_age FROM t GROUP BY sex, pclass")
    }

    func testUnknownKeyNamesTheExpectedOnes() {
        XCTAssertEqual(usageError("show rowz=5")?.message, "unknown option 'rowz=' for show")
        XCTAssertEqual(usageError("show col=5")?.message, "unknown option 'col=' for show (did you mean 'cols'?)")
        let e = usageError("show limit=5")
        XCTAssertEqual(e?.message, "unknown option 'limit=' for show")
        XCTAssertEqual(e?.hint, "show takes: n=, cols=, from=, sort=")
        XCTAssertEqual(usageError("sample n=5 sed=1")?.message, "unknown option 'sed=' for sample (did you mean 'seed'?)")
        // A verb without options shows how it is written instead.
        let sort = usageError("sort by=fare")
        XCTAssertEqual(sort?.message, "unknown option 'by=' for sort")
        XCTAssertEqual(sort?.hint, "sort takes no key=value options; usage: sort BY   e.g. sort fare desc")
    }

    /// A word where plot expects runs or run: columns of a frame are drawn by scatter; a near miss is still a did-you-mean.
    func testPlotOfColumnsPointsAtScatter() {
        XCTAssertEqual(usageError("plot age fare")?.message,
                       "unexpected 'age' for plot: plot draws tracked runs; to draw a frame's columns, one against another: scatter age Y")
        XCTAssertEqual(usageError("plot rns")?.message, "unexpected 'rns' for plot (did you mean 'runs'?)")
    }

    func testAnOptionWrittenAsAWordIsShownAsKeyEqualsValue() {
        XCTAssertEqual(usageError("store titanic to out.db table=t")?.message,
                       "unexpected 'to' after store: an option is written to=VALUE, with no spaces (did you mean to=out.db?)")
        XCTAssertEqual(usageError("store titanic to")?.message,
                       "unexpected 'to' after store: an option is written to=VALUE, with no spaces (did you mean to=…?)")
        // Another word is just unexpected.
        XCTAssertEqual(usageError("store titanic into out.db")?.message, "unexpected 'into' after store")
    }

    func testABareNumberIsTheValueOfTheOneNumericOption() throws {
        XCTAssertEqual(try parse("undo 3").1.keys["steps"], "3")
        XCTAssertEqual(try parse("show 5").1.keys["n"], "5")
        XCTAssertEqual(try parse("show 5").1.typedKeys, ["n"])
        let (spec, args) = try parse("show cols=a,b 5")
        XCTAssertEqual(ArgumentParser.canonicalLine(spec, args), "show n=5 cols=a,b")
        // Just before an optional keyword, too: `show 5 where age > 1`, `runs 2 where ...`.
        let (_, shown) = try parse("show 5 where age > 1")
        XCTAssertEqual([shown.keys["n"], shown.word("where"), shown.words("condition").joined(separator: " ")], ["5", "where", "age > 1"])
        XCTAssertEqual(try parse("runs 2 where metrics.accuracy > 0.8").1.keys["limit"], "2")
        // show has from= too, but marks n= as the one a bare number is for.
        XCTAssertEqual(try parse("show 5 from=-5").1.keys["n"], "5")
        XCTAssertEqual(try parse("show from=7 3").1.keys["from"], "7")
        // A required option too.
        XCTAssertEqual(try parse("threshold lr 0.3").1.keys["at"], "0.3")
        XCTAssertEqual(usageError("threshold lr")?.message, "threshold needs at=: the probability of the positive class from which a row is called positive")
        // Checked as the option's value is.
        XCTAssertEqual(usageError("show -1")?.message, "n=-1 is not valid for show: expected an integer from 0 to 1000000")
        // Given twice, or with more words after it: it goes with a name.
        XCTAssertEqual(usageError("show 5 n=3")?.message, "n given twice: '5' and n=3; give one")
        XCTAssertEqual(usageError("show 5 n=3 where age > 1")?.message, "n given twice: '5' and n=3; give one")
        XCTAssertEqual(usageError("show n=3 5 where age > 1")?.message, "n given twice: '5' and n=3; give one")
        XCTAssertEqual(usageError("undo 3 4")?.message, "unexpected '3' after undo: a number goes with its option's name (did you mean steps=3?)")
        // sample takes n= and frac=: a whole number is a count, a share is a fraction.
        XCTAssertEqual(usageError("sample 100")?.message, "unexpected '100' after sample: did you mean n=100?")
    }

    func testSplitSharesWrittenAsARatioAreShownAsOptions() {
        let advice = "shares are written as options (train takes the rest): did you mean"
        XCTAssertEqual(usageError("split 80/20")?.message, "unexpected '80/20' after split: \(advice) test=0.2?")
        XCTAssertEqual(usageError("split 70/15/15")?.message, "unexpected '70/15/15' after split: \(advice) test=0.15 valid=0.15?")
        XCTAssertEqual(usageError("split 0.75/0.25")?.message, "unexpected '0.75/0.25' after split: \(advice) test=0.25?")
        XCTAssertEqual(usageError("split 0.3")?.message, "unexpected '0.3' after split: did you mean test=0.3?")
        XCTAssertEqual(usageError("split 0.8")?.message, "unexpected '0.8' after split: test= is the test part's share: did you mean test=0.2?")
        XCTAssertEqual(usageError("split 1/0")?.message, "unexpected '1/0' after split")
        XCTAssertEqual(usageError("split fast")?.message, "unexpected 'fast' after split")
    }

    func testLongUsagesAreShortenedInErrors() throws {
        let train = try XCTUnwrap(usageError("train logistc target=survived"))
        XCTAssertEqual(train.message, "unexpected 'logistc' for train (did you mean 'logistic'?)")
        XCTAssertEqual(train.hint, "expected one of: linear, ridge, lasso, logistic, tree, forest, boost, knn, naive_bayes, kmeans, pca (`help train` says what each is)")
        XCTAssertEqual(usageError("train")?.hint?.hasPrefix("usage: train linear|ridge|lasso|logistic|tree|forest|boost|knn|naive_bayes|kmeans|pca [as NAME] [key=value ...]   (`help train` lists them)"), true)
        // A short one stays whole, options and all.
        XCTAssertEqual(CommandTable.standard.command(for: "show")?.spec.shortSynopsis, "show [where] [CONDITION...] [n=…] [cols=…] [from=…] [sort=…]")
    }

    func testADerivedColumnNeedsItsName() {
        XCTAssertEqual(usageError("derive = 3")?.message, "expected NAME before '='")
        XCTAssertEqual(usageError("derive x 3")?.message, "expected '=' after x")
    }

    func testAChoiceBegunIsSuggested() {
        XCTAssertEqual(usageError("outliers fare method=z")?.message, "method=z is not valid for outliers (did you mean 'zscore'?)")
        // Several choices begin so: none is guessed.
        XCTAssertEqual(usageError("impute age with=m")?.message, "with=m is not valid for impute")
    }

    func testTypedKeysAreChecked() {
        XCTAssertEqual(usageError("show n=abc")?.message, "n=abc is not valid for show: expected an integer")
        XCTAssertEqual(usageError("show n=-1")?.message, "n=-1 is not valid for show: expected an integer from 0 to 1000000")
        XCTAssertEqual(usageError("sample n=3 seed=x")?.message, "seed=x is not valid for sample: expected a non-negative integer seed")
    }

    func testMissingAndExtraArguments() {
        XCTAssertEqual(usageError("load")?.message, "load needs SOURCE: a bundled dataset name (see `datasets`) or a path to a .csv file (or .csv.gz, read as gzip)")
        XCTAssertEqual(usageError("use a b")?.message, "unexpected 'b' after use")
        XCTAssertEqual(usageError("save sesion x.lab")?.message, "unexpected 'sesion' for save (did you mean 'session'?)")
        XCTAssertEqual(usageError("filter")?.message, "filter needs an expression")
        XCTAssertEqual(usageError("rename")?.message, "rename needs at least one OLD=NEW pair")
    }

    func testSynopsisAndHelpComeFromTheSpec() throws {
        XCTAssertEqual(SampleCommand.spec.synopsis, "sample [as NAME] [n=…] [frac=…] [seed=…] [stratify=…]")
        let page = HelpCommand.page(for: SampleCommand.spec)
        XCTAssertTrue(page.contains("\n  seed=         random seed; the same seed draws the same rows [seed (integer), default 42]\n"), page)
        XCTAssertTrue(page.contains("\n  n=            how many rows to keep [integer]\n"), page)
        XCTAssertTrue(page.contains("sample n=500 seed=7 as small"))
        XCTAssertTrue(page.contains("\n  as NAME       store the result as a new frame named NAME\n"), page)
        // A model parameter shared by kinds that mean different things by it says each meaning.
        let train = HelpCommand.page(for: TrainCommand.spec)
        XCTAssertTrue(train.contains("\n  as NAME       store the result as a new model named NAME\n"), train)
        XCTAssertTrue(train.contains("\n  k=            neighbours that vote (n_neighbors) (knn; default 5); number of clusters (n_clusters) (kmeans; default 8) [text]\n"), train)
        XCTAssertTrue(train.contains("\n  seed=         "), train)
    }

    func testHelpDetailsAreParagraphsForTheTerminalToWrap() {
        XCTAssertEqual(HelpCommand.reflowed("One line\nand the next.\n\nKinds:\n  a  first\n  b  second\nAfter the list."),
                       "One line and the next.\n\nKinds:\n  a  first\n  b  second\nAfter the list.")
        // export's details, written over two source lines, read as one paragraph, wrapped at the width.
        let page = HelpCommand.page(for: ExportCommand.spec)
        XCTAssertTrue(page.contains("`mlflow ui --backend-store-uri mlruns`, or read it with MlflowClient(\"mlruns\")"), page)
        let wrapped = TextWrap.wrap(page, width: 100).split(separator: "\n")
        XCTAssertTrue(wrapped.allSatisfy { $0.count <= 100 })
        XCTAssertTrue(wrapped.contains { $0.hasPrefix("mlflow: the folder is MLflow's file store:") && $0.count > 90 })
        // Train's list of kinds keeps a line per kind.
        XCTAssertTrue(HelpCommand.page(for: TrainCommand.spec).contains("\n  linear       "))
    }

    func testEveryCommandHasHelpAndAnExampleThatParses() throws {
        for command in CommandTable.standard.commands {
            let spec = command.spec
            XCTAssertFalse(spec.summary.isEmpty, spec.verb)
            XCTAssertFalse(spec.examples.isEmpty, spec.verb)
            for example in spec.examples {
                XCTAssertNoThrow(try parse(example), example)
            }
        }
    }
}
