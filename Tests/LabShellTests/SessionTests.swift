import XCTest
import LabData
import LabOps
@testable import LabShell

final class SessionTests: XCTestCase {
    func testExpressionErrorsPointAtTheirColumnOfTheLine() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        XCTAssertThrowsError(try s.execute("derive k  =  7 // 2")) { error in
            XCTAssertEqual(error as? PointedError, PointedError("expected a value at column 17, found '/'",
                                                                hint: (error as? PointedError)?.hint, line: "derive k  =  7 // 2", column: 17))
        }
        XCTAssertThrowsError(try s.execute("filter age > 3 and sex == missing  # a comment")) { error in
            XCTAssertEqual((error as? PointedError)?.column, 24)
            XCTAssertEqual((error as? PointedError)?.line, "filter age > 3 and sex == missing  ")
        }
        XCTAssertEqual(s.recordedLines, ["load titanic sha256=\(try XCTUnwrap(s.state.pins["titanic"]).sha256)"])
        let rendered = OutputRenderer(width: 80, style: .plain).render(error: PointedError("bad at column 3", hint: "a hint", line: "ab!cd", column: 3))
        XCTAssertEqual(rendered, "error: bad at column 3\n  ab!cd\n    ^\n  hint: a hint")
    }

    /// `show sort=` looks at the rows in another order and leaves the frame as it was.
    func testShowSortLooksInOrderWithoutSorting() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let before = try s.state.frame(named: "titanic")
        func shown(_ line: String) throws -> ResultTable {
            guard case .table(let t) = try s.execute(line).output else { throw DataError("no table") }
            return t
        }
        let top = try shown("show 3 sort=-fare,name cols=name,fare")
        XCTAssertEqual(top.title, "titanic by fare descending, then name")
        XCTAssertEqual(top.rows.map { $0[0] }, ["Cardeza, Mr. Thomas Drake Martinez", "Cardeza, Mrs. James Warburton Martinez (Charlotte Wardle Drake)",
                                                "Lesurer, Mr. Gustave J"].map(Cell.text))
        // The sort command's order (stable, missing last), on the rows a condition keeps.
        let expected = try before.filtering(try Expression.parse("age > 70").filterMask(on: before))
            .sorted(by: [SortKey("age"), SortKey("fare", descending: true)])
        let old = try shown("show where age > 70 sort=age,-fare cols=name")
        XCTAssertEqual(old.title, "titanic where age > 70, by age, then fare descending")
        XCTAssertEqual(old.rows.map { $0[0] }, (0..<expected.rowCount).map { Cell(try! expected.column("name"), row: $0) })
        XCTAssertEqual(try s.state.frame(named: "titanic"), before)
        XCTAssertEqual(s.recordedLines.count, 1)
        XCTAssertThrowsError(try s.execute("show sort=-agee")) {
            XCTAssertEqual(($0 as? LabError)?.message, "no column 'agee' in frame 'titanic' (did you mean 'age'?)")
        }
    }

    /// `show from=` starts where a message points (rows counted from 1), or counts from the end.
    func testShowFromARowOrFromTheEnd() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let names = try s.state.frame(named: "titanic").column("name")
        func shown(_ line: String) throws -> ResultTable {
            guard case .table(let t) = try s.execute(line).output else { throw DataError("no table") }
            return t
        }
        let middle = try shown("show from=1226 n=3 cols=name")
        XCTAssertEqual(middle.rows, (1225..<1228).map { [Cell(names, row: $0)] })
        XCTAssertEqual(middle.firstRow, 1226)
        let last = try shown("show from=-5 cols=name")
        XCTAssertEqual(last.rows, (1304..<1309).map { [Cell(names, row: $0)] })
        XCTAssertEqual(last.firstRow, 1305)
        XCTAssertEqual(TableRenderer(width: 80, style: Style(enabled: false)).render(last).components(separatedBy: "\n").last,
                       "[showing rows 1305–1309 of 1309]")
        XCTAssertEqual(try shown("show from=-1 n=1 cols=name").rows.count, 1)
        XCTAssertEqual(try shown("show from=-15 cols=name").rows.count, 15, "the last 15, past n='s default of 10")
        XCTAssertEqual(try shown("show from=-15 n=2 cols=name").firstRow, 1295)
        XCTAssertNil(try shown("show 3").firstRow, "the first rows, as before")
        for (line, message) in [("show from=0", "rows count from 1: from=0 is no row"),
                                ("show from=1310", "frame 'titanic' has 1309 rows: there is no row 1310")] {
            XCTAssertThrowsError(try s.execute(line)) { XCTAssertEqual(($0 as? LabError)?.message, message) }
        }
        XCTAssertThrowsError(try s.execute("tail")) { XCTAssertEqual(($0 as? LabError)?.hint, "e.g. show from=-5") }
        // Only the rows where a condition holds, the frame left whole; a count may come first.
        let old = try shown("show where age > 75 cols=name,age")
        XCTAssertEqual(old.title, "titanic where age > 75")
        XCTAssertEqual(old.rows.map { $0[1] }, [.number(80, .float), .number(76, .float)])
        XCTAssertEqual(try s.state.frame(named: "titanic").rowCount, 1309)
        XCTAssertEqual(try shown("show 1 where sex == \"female\" and age < 1 cols=name").rows, [[.text("West, Miss. Barbara J")]])
        XCTAssertEqual(try shown("show where age > 70 from=-1 cols=age").rows, [[.number(74, .float)]])
        for (line, message) in [("show -3", "n=-3 is not valid for show: expected an integer from 0 to 1000000"),
                                ("show -3 where age > 1", "n=-3 is not valid for show: expected an integer from 0 to 1000000"),
                                ("show 5 n=3", "n given twice: '5' and n=3; give one"),
                                ("show where", "show where needs a condition"),
                                ("show where age > 75 from=5", "only 2 rows of 'titanic' match: there is no row 5"),
                                ("show where agee > 1", "no column 'agee' in frame 'titanic' (did you mean 'age'?)")] {
            XCTAssertThrowsError(try s.execute(line)) { XCTAssertEqual(($0 as? LabError)?.message, message, line) }
        }
        // An empty frame shows its header from any row.
        _ = try s.execute("filter age > 200")
        XCTAssertEqual(try shown("show from=3").rows.count, 0)
    }

    /// scatter: a point per row with both values, the correlation `corr` gives, a colour per
    /// class with by=, and the diagonal when one column predicts the other.
    func testScatterPlotsRowsWithBothValues() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        guard case .plot(let plot) = try s.execute("scatter age fare").output else { return XCTFail("no plot") }
        let frame = try s.state.frame(named: "titanic")
        let age = try frame.column("age"), fare = try frame.column("fare")
        let expected = (0..<frame.rowCount).compactMap { r -> (Double, Double)? in
            guard case .number(let a) = age.value(at: r), case .number(let f) = fare.value(at: r) else { return nil }
            return (a, f)
        }
        XCTAssertEqual(plot.series, [Plot.Series(name: "rows", points: expected, connected: false)])
        XCTAssertEqual(plot.series[0].points.first?.0, expected.first?.0)
        let r = try CorrelationMatrix([age, fare], method: .pearson)[0, 1]
        XCTAssertEqual(plot.notes, ["\(1309 - expected.count) of 1309 rows left out: a value missing (or not finite)",
                                    "correlation (Pearson's r): \(NumberFormat.fixed(r, decimals: 4))"])
        guard case .plot(let grouped) = try s.execute("scatter age fare by=survived").output else { return XCTFail("no plot") }
        XCTAssertEqual(grouped.series.map(\.name), ["survived=0", "survived=1"])
        XCTAssertEqual(grouped.series.map(\.points.count).reduce(0, +), expected.count)
        for (line, message) in [("scatter name fare", "column 'name' holds text; a scatter plots numbers and dates"),
                                ("scatter age fare by=ticket", "column 'ticket' has more than 6 values: too many colours to tell apart"),
                                ("scatter age fare by=nope", "no column 'nope' in frame 'titanic'")] {
            XCTAssertThrowsError(try s.execute(line)) { XCTAssertEqual(($0 as? LabError)?.message, message) }
        }
        // A regression's predictions against the truth, with the diagonal; dates across.
        for line in ["load seattle_weather", "split by=date at=2015-01-01", "train ridge target=temp_max features=temp_min as r", "predict r"] {
            _ = try s.execute(line)
        }
        guard case .plot(let fit) = try s.execute("scatter temp_max pred_r").output else { return XCTFail("no plot") }
        XCTAssertEqual(fit.series.map(\.name), ["rows", "prediction = truth"])
        XCTAssertEqual(fit.series[1].reference, true)
        guard case .plot(let series) = try s.execute("scatter date temp_max line=true").output else { return XCTFail("no plot") }
        XCTAssertEqual(series.xType, .date)
        XCTAssertEqual(series.series[0].connected, true)
        XCTAssertEqual(series.series[0].points.map(\.0), series.series[0].points.map(\.0).sorted())
        // An emptied frame says so.
        _ = try s.execute("filter temp_max > 100")
        XCTAssertThrowsError(try s.execute("scatter date temp_max")) {
            XCTAssertEqual(($0 as? LabError)?.message, "frame 'seattle_weather' has no rows to plot")
        }
        XCTAssertThrowsError(try s.execute("outliers temp_max")) {
            XCTAssertEqual(($0 as? LabError)?.message, "there are no rows to look for outliers in")
        }
    }

    /// `frames` says where each frame came from: its file, or the command that made it (and from which frame).
    func testFramesNameTheCommandThatMadeAFrame() throws {
        let s = TestSupport.session()
        for line in ["load titanic", "sql SELECT * FROM titanic WHERE age > 60 as old", "select name age as names", "use titanic", "sample n=5 as few"] {
            _ = try s.execute(line)
        }
        guard case .table(let t) = try s.execute("frames").output else { return XCTFail() }
        XCTAssertEqual(t.rows.map { $0[4] }, [.text("titanic"), .text("sql SELECT * FROM titanic WHERE age > 60 as old"),
                                              .text("select name age as names (on old)"), .text("sample as few n=5 seed=42 (on titanic)")])
        _ = try s.execute("undo")
        XCTAssertNil(s.state.frames["few"])
        XCTAssertNotNil(s.state.origins["old"])
    }

    /// sample stratify=: each class keeps its share (frac= per class as pandas' groupby sample
    /// rounds it; n= shared out by largest remainders), the same rows for the same seed.
    func testStratifiedSampleKeepsEachClassShare() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        func counts(_ frame: String, _ column: String) throws -> [String: Int] {
            let c = try s.state.frame(named: frame).column(column)
            return (0..<c.count).reduce(into: [:]) { $0[c.text(at: $1) ?? "missing", default: 0] += 1 }
        }
        let all = try counts("titanic", "embarked")
        _ = try s.execute("sample frac=0.1 stratify=embarked as tenth")
        XCTAssertEqual(try counts("tenth", "embarked"),
                       all.mapValues { Int((0.1 * Double($0)).rounded(.toNearestOrEven)) }.filter { $0.value > 0 })
        _ = try s.execute("use titanic")
        _ = try s.execute("sample n=100 stratify=survived as hundred")
        XCTAssertEqual(try counts("hundred", "survived"), ["0": 62, "1": 38])  // 809 and 500 of 1309
        _ = try s.execute("use titanic")
        _ = try s.execute("sample n=100 stratify=survived as again")
        XCTAssertEqual(try s.state.frame(named: "again").contentHash, try s.state.frame(named: "hundred").contentHash)
        XCTAssertEqual(SampleCommand.proportional(10, [5, 3, 2]), [5, 3, 2])
        XCTAssertEqual(SampleCommand.proportional(3, [4, 4, 2]), [1, 1, 1], "1.2, 1.2, 0.6: the left-over row to the largest remainder")
        XCTAssertEqual(SampleCommand.proportional(2, [4, 4, 2]), [1, 1, 0], "0.8, 0.8, 0.4")
        XCTAssertEqual(SampleCommand.proportional(1, [2, 4]), [0, 1], "a third and two thirds")
        XCTAssertEqual(SampleCommand.proportional(1, [3, 3]), [1, 0], "a tie all round: the earlier class")
        XCTAssertEqual(SampleCommand.proportional(2, [1, 2, 1]), [1, 1, 0], "0.5, 1, 0.5: the half-rows tie, the earlier class gets one")
        _ = try s.execute("use titanic")
        XCTAssertThrowsError(try s.execute("sample n=2000 stratify=survived")) {
            XCTAssertEqual(($0 as? LabError)?.message, "cannot sample 2000 rows from 1309")
        }
    }

    /// k-means curves score inertia, a sum over the rows scored: no training-validation gap, and a note on what to read.
    func testAnInertiaCurveShowsNoGap() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        guard case .group(let parts) = try s.execute("curve validation kmeans param=k values=1..4 features=petal_length_cm,petal_width_cm").output,
              case .plot(let plot) = parts[0], case .table(let table) = parts[1] else { return XCTFail() }
        XCTAssertEqual(table.columns, ["k", "training inertia", "validation inertia"])
        XCTAssertTrue(plot.notes.first?.hasPrefix("inertia adds up over the rows scored, and a validation fold holds 1/5 of them") ?? false)
        let training = plot.series[0].points.map(\.1)
        XCTAssertEqual(training, training.sorted(by: >), "more clusters, less inertia")
    }

    /// A file named where a frame is meant: load it first, under a name made from the file's.
    func testAFileGivenForAFrameSaysToLoadItFirst() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        _ = try s.execute("train tree target=survived features=pclass,sibsp as t")
        for (line, hint) in [("predict t on=new.csv", "load new.csv as new, then use new here"),
                             ("use data/passengers-2.csv", "load data/passengers-2.csv as passengers_2, then use passengers_2 here"),
                             ("eval t on=2020.csv", "load 2020.csv as new, then use new here")] {
            XCTAssertThrowsError(try s.execute(line)) { e in
                XCTAssertTrue((e as? LabError)?.message.hasSuffix("is a file, not a frame: frames are loaded first and then named") ?? false, line)
                XCTAssertEqual((e as? LabError)?.hint, hint, line)
            }
        }
        XCTAssertThrowsError(try s.execute("use titanc")) { XCTAssertEqual(($0 as? LabError)?.message, "no frame named 'titanc' (did you mean 'titanic'?)") }
    }

    func testDeriveNamesANewColumnAsFramesAreNamed() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        XCTAssertThrowsError(try s.execute("derive 2x = sepal_length_cm * 2")) { error in
            XCTAssertEqual((error as? UsageError)?.message, "'2x' is not a valid column name")
        }
        XCTAssertEqual(s.state.current?.columnCount, 5)
        _ = try s.execute("derive x2 = sepal_length_cm * 2")
        XCTAssertEqual(s.state.current?.columnNames.last, "x2")
    }

    func testTabSeparatedFilesAreReadByTheirName() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileIO.writeAtomically(Array("a\tb\n1\tx y\n".utf8), to: dir + "/t.tsv")
        let s = TestSupport.session()
        _ = try s.execute("load \(dir)/t.tsv")
        XCTAssertEqual(s.state.current?.columns.map(\.name), ["a", "b"])
        XCTAssertEqual(s.state.current?.columns[1].text(at: 0), "x y")
        // sep= still decides.
        _ = try s.execute("load \(dir)/t.tsv sep=, as one")
        XCTAssertEqual(s.state.current?.columns.map(\.name), ["a\tb"])
    }

    func testStateChangingCommandsAreRecordedWithPinsAndDefaults() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        _ = try s.execute("sample n=10")
        _ = try s.execute("show n=3")
        XCTAssertEqual(s.recordedLines.count, 2)
        XCTAssertTrue(s.recordedLines[0].hasPrefix("load iris sha256="))
        XCTAssertEqual(s.recordedLines[0].count, "load iris sha256=".count + 64)
        XCTAssertEqual(s.recordedLines[1], "sample n=10 seed=42")
        XCTAssertEqual(s.state.current?.rowCount, 10)
    }

    func testFailedCommandLeavesStateUnchanged() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let before = s.state.current
        XCTAssertThrowsError(try s.execute("filter agee > 3")) { e in
            XCTAssertEqual((e as? LabError)?.message, "no column 'agee' in frame 'titanic' (did you mean 'age'?)")
        }
        XCTAssertThrowsError(try s.execute("derive r = fare / 0"))
        XCTAssertThrowsError(try s.execute("select name nope"))
        XCTAssertEqual(s.state.current, before)
        XCTAssertEqual(s.recordedLines.count, 1)
    }

    func testUndoStepsBackAndIsRepeatable() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        _ = try s.execute("filter age > 60")
        _ = try s.execute("derive decade = round(age / 10)")
        XCTAssertEqual(s.state.current?.columnCount, 15)
        _ = try s.execute("undo")
        XCTAssertEqual(s.state.current?.columnCount, 14)
        XCTAssertEqual(s.state.current?.rowCount, 33)
        _ = try s.execute("undo")
        XCTAssertEqual(s.state.current?.rowCount, 1309)
        _ = try s.execute("undo")
        XCTAssertNil(s.state.current)
        XCTAssertThrowsError(try s.execute("undo")) { e in
            XCTAssertEqual((e as? UsageError)?.message, "nothing to undo")
        }
    }

    func testJournalRecordsAndRestoresExactly() throws {
        let s = TestSupport.session()
        let path = s.environment.stateDirectory + "/journal"
        let journal = Journal(path: path)
        try journal.start()
        s.journal = journal
        _ = try s.execute("load penguins")
        _ = try s.execute("filter body_mass_g > 4000")
        _ = try s.execute("sort body_mass_g desc")
        _ = try s.execute("undo")
        _ = try s.execute("sample n=20 seed=3")
        let lines = Journal.pending(at: path)!
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual(lines[3], "undo")

        let restored = TestSupport.session()
        let second = Journal(path: restored.environment.stateDirectory + "/journal")
        restored.journal = second
        XCTAssertEqual(try restored.restore(lines), 3)
        XCTAssertEqual(restored.state.current, s.state.current)
        XCTAssertEqual(restored.recordedLines, s.recordedLines)
        XCTAssertEqual(Journal.pending(at: second.path)?.count, 3)
        second.finish()
        XCTAssertNil(Journal.pending(at: second.path))
    }

    func testSavedScriptReplaysToTheSameFrame() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic as t")
        _ = try s.execute(#"filter embarked in ("C", "Q") and age is not missing"#)
        _ = try s.execute("derive family = sibsp + parch + 1")
        _ = try s.execute("sample n=50 seed=9")
        let script = s.environment.stateDirectory + "/t.lab"
        _ = try s.execute("save session \(script)")
        let text = String(decoding: try FileIO.readAll(script), as: UTF8.self)
        XCTAssertTrue(text.contains("# opslab session script"))
        XCTAssertTrue(text.contains("#   t: bundled titanic sha256="))

        let replay = TestSupport.session()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") { _ = try replay.execute(String(line)) }
        XCTAssertEqual(replay.state.current, s.state.current)
        XCTAssertEqual(replay.state.current?.rowCount, 50)
    }

    func testChangedDataFailsReplay() throws {
        let dir = TestSupport.temporaryDirectory()
        let csv = dir + "/d.csv"
        try FileIO.writeAtomically(Array("a,b\n1,2\n".utf8), to: csv)
        let s = TestSupport.session()
        _ = try s.execute("load \(csv)")
        let pinned = s.recordedLines[0]
        try FileIO.writeAtomically(Array("a,b\n1,3\n".utf8), to: csv)
        XCTAssertThrowsError(try TestSupport.session().execute(pinned)) { e in
            XCTAssertTrue((e as? LabError)?.message.hasPrefix("the data changed: \(csv) has sha256 ") ?? false)
            XCTAssertEqual((e as? LabError)?.hint, "this is not the data the session was built on; restore it, remove sha256= to accept the new data, "
                           + "or replay with opslab run --new-data")
        }
        // Replaying on new data on purpose: the load goes on, says so, and the new data is what is loaded.
        let accepting = TestSupport.session(acceptsNewData: true)
        let warnings = try TestSupport.warnings(accepting, pinned)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasPrefix("the data changed: \(csv) has sha256 "), warnings[0])
        XCTAssertTrue(warnings[0].hasSuffix("replaying on it as it is now (--new-data), so the numbers may differ"), warnings[0])
        XCTAssertEqual(try accepting.state.current?.column("b").value(at: 0), .number(3))
        // The unchanged file loads without a word.
        XCTAssertEqual(try TestSupport.warnings(accepting, "load \(csv)"), [])
    }

    func testALoadIsPinnedByItsContentAndAlsoAcceptsTheFileHash() throws {
        let dir = TestSupport.temporaryDirectory()
        let csv = dir + "/d.csv"
        try FileIO.writeAtomically(Array("a,b\n1,2\n".utf8), to: csv)
        let s = TestSupport.session()
        _ = try s.execute("load \(csv)")
        let content = try s.state.frame(named: "d").contentHash
        XCTAssertEqual(s.recordedLines, ["load \(csv) sha256=\(content)"])
        XCTAssertEqual(s.state.pins["d"]?.sha256, content)
        XCTAssertEqual(try DatasetVersions.list(name: "d", in: s.environment.stateDirectory).map(\.hash), [content])

        // The same values written otherwise (quoted, CRLF) are the same data.
        try FileIO.writeAtomically(Array("\"a\",b\r\n1,\"2\"\r\n".utf8), to: csv)
        XCTAssertEqual(try TestSupport.warnings(TestSupport.session(), "load \(csv) sha256=\(content)"), [])

        // A pin of the file's own bytes (as sha256sum prints it) is accepted, in capitals too, and recorded as the content hash.
        let fileHash = SHA256Hasher.hex(Array("\"a\",b\r\n1,\"2\"\r\n".utf8))
        let byFile = TestSupport.session()
        XCTAssertEqual(try TestSupport.warnings(byFile, "load \(csv) sha256=\(fileHash.uppercased())"), [])
        XCTAssertEqual(byFile.recordedLines, ["load \(csv) sha256=\(content)"])

        // Another file hash is not.
        XCTAssertThrowsError(try TestSupport.session().execute("load \(csv) sha256=\(SHA256Hasher.hex(Array("x".utf8)))")) { e in
            XCTAssertEqual((e as? LabError)?.message,
                           "the data changed: \(csv) has sha256 \(content.prefix(12))…, the script expects \(SHA256Hasher.hex(Array("x".utf8)).prefix(12))…")
        }
    }

    func testAFileReadAsOneColumnWarnsOfItsLikelySeparator() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileIO.writeAtomically(Array("a;b;c\n1;2;x\n".utf8), to: dir + "/semi.csv")
        try FileIO.writeAtomically(Array("a\n1\n".utf8), to: dir + "/one.csv")
        let s = TestSupport.session()
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/semi.csv"), ["one column, named 'a;b;c': if the fields are separated by ';', load it again with sep=;"])
        XCTAssertEqual(s.state.current?.columnCount, 1)
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/semi.csv sep=;"), [])
        XCTAssertEqual(s.state.current?.columnCount, 3)
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/one.csv"), [])
    }

    func testDecimalCommasAreNamedAndReadWithDecimal() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileIO.writeAtomically(Array("item;price;weight\nA;1,50;0,2\nB;2,25;1\n".utf8), to: dir + "/eu.csv")
        let s = TestSupport.session()
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/eu.csv sep=;"),
                       ["columns 'price', 'weight' hold numbers written with a decimal comma (1,50), read as text: load the file again with decimal=, to read them as numbers"])
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/eu.csv sep=; decimal=,"), [])
        let frame = try XCTUnwrap(s.state.current)
        XCTAssertEqual(try frame.column("price").type, .float)
        XCTAssertEqual(try frame.column("weight").value(at: 0), .number(0.2))
        // The option is part of the replayed line.
        XCTAssertTrue(s.recordedLines.last?.contains("decimal=,") == true, "\(s.recordedLines)")
        XCTAssertThrowsError(try s.execute("load \(dir)/eu.csv sep=; decimal=x")) { e in
            XCTAssertTrue((e as? LabError)?.message.contains("decimal") == true, "\(e)")
        }
    }

    func testAFewValuesThatAreNotNumbersOrDatesAreNamedWithTheNaThatReadsThemAsMissing() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileIO.writeAtomically(Array("id,x,when\n1,2.5,2024-01-03\n2,?,2024-02-30\n3,4,2024-03-05\n4,-,not known\n5,7,2024-03-07\n6,?,2024-03-08\n".utf8),
                                   to: dir + "/odd.csv")
        let s = TestSupport.session()
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/odd.csv"), [
            "column 'x' holds numbers but for 2 values that are not numbers (? on 2 rows, - on 1 row), so it was read as text",
            "column 'when' holds dates but for 2 values that are not valid dates (2024-02-30 on 1 row, not known on 1 row), so it was read as text",
            "to read ?, -, 2024-02-30 and not known as missing instead: load \(dir)/odd.csv na=\"?,-,2024-02-30,not known\"",
        ])
        XCTAssertEqual(try s.state.current?.column("x").type, .string)
        // One column: one line. The command the advice gives reads the column as numbers.
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/odd.csv na=\"2024-02-30,not known\""), [
            "column 'x' holds numbers but for 2 values that are not numbers (? on 2 rows, - on 1 row), so it was read as text; to read them as missing instead: load \(dir)/odd.csv na=\"2024-02-30,not known,?,-\"",
        ])
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/odd.csv na=\"?,-,2024-02-30,not known\""), [])
        XCTAssertEqual(try s.state.current?.column("x").type, .float)
        XCTAssertEqual(try s.state.current?.column("x").missingCount, 3)
        XCTAssertEqual(try s.state.current?.column("when").type, .date)
        /// The one warning loading `content` gives, whose command then reads `column` as `type` with `gaps`.
        func assertAdvised(_ content: String, options: String = "", value: String, command: String, column: String, type: ColumnType, gaps: Int,
                           line: UInt = #line) throws {
            let path = dir + "/advised.csv"
            try FileIO.writeAtomically(Array(content.utf8), to: path)
            XCTAssertEqual(try TestSupport.warnings(s, "load \(path)\(options)"), [
                "column '\(column)' holds numbers but for 1 value that is not a number (\(value) on 1 row), so it was read as text; "
                    + "to read it as missing instead: load \(path)\(command)",
            ], line: line)
            XCTAssertEqual(try TestSupport.warnings(s, "load \(path)\(command)"), [], line: line)
            XCTAssertEqual(try s.state.current?.column(column).type, type, line: line)
            XCTAssertEqual(try s.state.current?.column(column).missingCount, gaps, line: line)
        }
        // The command keeps the options given, and the markers already given to na=.
        try assertAdvised("x;y\n1;a\n2;b\n?;c\n", options: " as semi sep=; na=--", value: "?", command: " as semi sep=; na=--,?",
                          column: "x", type: .integer, gaps: 1)
        // Markers match with blanks around them (", ?" as UCI files write it); a cell of blanks is empty.
        try assertAdvised("x,y\n1, 2.5\n2, ?\n3,   \n4, 7\n", value: "' ?'", command: " na=?", column: "y", type: .float, gaps: 2)
        // A value holding a comma cannot be given to na=: the warning names it without the command.
        try FileIO.writeAtomically(Array("x\n1\n2\n\"n,a\"\n".utf8), to: dir + "/comma.csv")
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/comma.csv"),
                       ["column 'x' holds numbers but for 1 value that is not a number (n,a on 1 row), so it was read as text"])
    }

    func testRepeatedHeaderNamesAndEmptyColumnsAreSaidAtLoad() throws {
        let dir = TestSupport.temporaryDirectory()
        // Lines ending in the separator make a last column with no name and no value.
        try FileIO.writeAtomically(Array("id;amount;city;amount;\n1;2;Paris;3;\n2;4;Lyon;;\n".utf8), to: dir + "/eu.csv")
        let s = TestSupport.session()
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/eu.csv sep=;"), [
            "the header names 'amount' more than once: loaded column 4 as amount_2 (`rename` gives them better names)",
            "'unnamed_5' has no value in any row: `drop unnamed_5` removes it",
        ])
        XCTAssertEqual(s.state.current?.columnNames, ["id", "amount", "city", "amount_2", "unnamed_5"])
        XCTAssertNoThrow(try s.execute("drop unnamed_5"))
        XCTAssertEqual(try TestSupport.warnings(s, "load titanic"), [])
    }

    func testThousandsSeparatorsAreNamedAndReadWithThousands() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileIO.writeAtomically(Array("city,people,ratio,amount\nA,\"1,234,567\",\"1,234\",7\nB,999,\"2,5\",8\n".utf8), to: dir + "/us.csv")
        try FileIO.writeAtomically(Array("city;amount\nA;1.234,56\nB;12,5\n".utf8), to: dir + "/de.csv")
        let s = TestSupport.session()
        // people reads only with thousands=, ; ratio (1,234 and 2,5) only with decimal=, ...
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/us.csv"), [
            "column 'people' holds numbers written with thousands separators (1,234,567), read as text: load the file again with thousands=, to read them as numbers",
            "column 'ratio' holds numbers written with a decimal comma (1,234), read as text: load the file again with decimal=, to read them as numbers",
        ])
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/us.csv thousands=,"), [])
        XCTAssertEqual(try s.state.current?.column("people").value(at: 0), .number(1_234_567))
        XCTAssertEqual(try s.state.current?.column("people").type, .integer)
        XCTAssertTrue(s.recordedLines.last?.contains("thousands=,") == true, "\(s.recordedLines)")
        // ... and a column either could read gets both choices.
        try FileIO.writeAtomically(Array("a,b\n\"1,234\",1\n\"5,678\",2\n".utf8), to: dir + "/either.csv")
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/either.csv"), [
            "column 'a' holds numbers written with a comma (1,234), read as text: load the file again with thousands=, if the comma groups thousands, or decimal=, if it is the decimal mark",
        ])
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/de.csv sep=;"), [
            "column 'amount' holds numbers written with a decimal comma and thousands points (1.234,56), read as text: load the file again with decimal=, thousands=. to read them as numbers",
        ])
        XCTAssertEqual(try TestSupport.warnings(s, "load \(dir)/de.csv sep=; decimal=, thousands=."), [])
        XCTAssertEqual(try s.state.current?.column("amount").value(at: 0), .number(1234.56))
        XCTAssertThrowsError(try s.execute("load \(dir)/de.csv sep=; decimal=, thousands=,")) { e in
            XCTAssertEqual((e as? LabError)?.message, "thousands=, is not a thousands separator")
        }
    }

    func testSampleTakesACountOrAShare() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        // 0.1 × 1309 = 130.9 → 131 rows, the same rows as n=131 with the same seed.
        _ = try s.execute("sample frac=0.1 seed=3 as tenth")
        XCTAssertEqual(s.state.frames["tenth"]?.rowCount, 131)
        _ = try s.execute("use titanic")
        _ = try s.execute("sample n=131 seed=3 as counted")
        XCTAssertEqual(s.state.frames["tenth"], s.state.frames["counted"]?.renamedFrame("tenth"))
        // Python's round, as pandas: 654.5 rows → 654.
        _ = try s.execute("use titanic")
        _ = try s.execute("sample frac=0.5 as half")
        XCTAssertEqual(s.state.frames["half"]?.rowCount, 654)
        _ = try s.execute("use titanic")
        func message(_ line: String) -> String? { TestSupport.errorMessage(s, line) }
        XCTAssertEqual(message("sample"), "sample needs n= or frac=: how many rows to keep, or what share")
        XCTAssertEqual(message("sample n=5 frac=0.5"), "sample takes n= or frac=, not both")
        XCTAssertEqual(message("sample frac=1.5"), "frac=1.5 is not a share of the rows")
        XCTAssertEqual(message("sample frac=-0.1"), "frac=-0.1 is not a share of the rows")
        XCTAssertNotNil(message("sample frac=half"))
        XCTAssertEqual(s.state.current?.rowCount, 1309, "a failed sample changes nothing")
    }

    func testCommandsNeedDataFirst() {
        let s = TestSupport.session()
        XCTAssertThrowsError(try s.execute("describe")) { e in
            XCTAssertEqual((e as? UsageError)?.message, "no data loaded yet")
        }
        XCTAssertThrowsError(try s.execute("load titanik")) { e in
            XCTAssertEqual((e as? UsageError)?.message, "no bundled dataset or file named 'titanik' (did you mean 'titanic'?)")
        }
    }

    func testReshapingCommands() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        _ = try s.execute("rename species=kind sepal_length_cm=sl")
        _ = try s.execute("select sl kind")
        XCTAssertEqual(s.state.current?.columnNames, ["sl", "kind"])
        XCTAssertEqual(try s.execute("sort kind desc sl").recorded, "sort kind desc sl asc", "every direction written out")
        let f = try XCTUnwrap(s.state.current)
        XCTAssertEqual(f.columns[1].text(at: 0), "virginica")
        XCTAssertEqual(f.columns[0].value(at: 0), .number(4.9))
        // The long words sort the same way; a misspelt one is named as the direction it was probably meant.
        XCTAssertEqual(try s.execute("sort kind descending sl ascending").recorded, "sort kind desc sl asc")
        XCTAssertThrowsError(try s.execute("sort kind desending")) { e in
            XCTAssertEqual((e as? LabError)?.message, "no column 'desending' in frame 'iris' (did you mean desc?)")
        }
        XCTAssertThrowsError(try s.execute("sample 0.5")) { e in
            XCTAssertEqual((e as? LabError)?.message, "unexpected '0.5' after sample: did you mean frac=0.5?")
        }
        XCTAssertThrowsError(try s.execute("sample 20")) { e in
            XCTAssertEqual((e as? LabError)?.message, "unexpected '20' after sample: did you mean n=20?")
        }
        // A column named twice is dropped (and recorded) once.
        XCTAssertEqual(try s.execute("drop kind kind").recorded, "drop kind")
        XCTAssertEqual(s.state.current?.columnNames, ["sl"])
        _ = try s.execute("load wine")
        _ = try s.execute("use iris")
        XCTAssertEqual(s.state.currentName, "iris")
    }

    func testDescribeMatchesPandas() throws {
        // Values from pandas 2.x: titanic["age"].describe() and titanic["fare"].describe().
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let age = try ColumnSummary(try s.state.current!.column("age"))
        XCTAssertEqual(age.count, 1046)
        XCTAssertEqual(age.mean!, 29.8811345124283, accuracy: 1e-9)
        XCTAssertEqual(age.std!, 14.413499699923602, accuracy: 1e-9)
        XCTAssertEqual(age.q25!, 21.0, accuracy: 1e-12)
        XCTAssertEqual(age.median!, 28.0, accuracy: 1e-12)
        XCTAssertEqual(age.q75!, 39.0, accuracy: 1e-12)
        XCTAssertEqual(age.min!, 0.1667, accuracy: 1e-12)
        let fare = try ColumnSummary(try s.state.current!.column("fare"))
        XCTAssertEqual(fare.mean!, 33.29547928134557, accuracy: 1e-9)
        XCTAssertEqual(fare.std!, 51.75866823917414, accuracy: 1e-9)
        XCTAssertEqual(fare.q75!, 31.275, accuracy: 1e-12)
    }
}
