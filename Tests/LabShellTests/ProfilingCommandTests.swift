import XCTest
import LabData
@testable import LabShell

/// describe, corr, outliers and missing through the session: what they return, how it
/// renders, and one clear message for each kind of bad input, with the session unchanged.
final class ProfilingCommandTests: XCTestCase {
    private func tables(_ output: CommandOutput) -> [ResultTable] { TestSupport.tables(output) }

    private func row(_ table: ResultTable, _ name: String) throws -> [Cell] {
        try XCTUnwrap(table.rows.first { $0.first == .text(name) }, "no row \(name)")
    }

    private func titanic() throws -> Session {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        return s
    }

    /// Runs a line that must fail; returns its message and checks the session did not change.
    private func failure(_ s: Session, _ line: String, file: StaticString = #filePath, line number: UInt = #line) -> String? {
        let (before, current, recorded) = (s.state.frameOrder, s.state.current, s.recordedLines)
        do {
            _ = try s.execute(line)
            XCTFail("\(line) succeeded", file: file, line: number)
            return nil
        } catch {
            XCTAssertEqual(s.state.frameOrder, before, file: file, line: number)
            XCTAssertEqual(s.state.current, current, file: file, line: number)
            XCTAssertEqual(s.recordedLines, recorded, file: file, line: number)
            return (error as? LabError)?.message
        }
    }

    // MARK: describe

    func testDescribeKeepsPandasStatisticsAndAddsAProfileOfEveryColumn() throws {
        let out = try titanic().execute("describe").output
        let parts = tables(out)
        XCTAssertEqual(parts.count, 2)
        let (stats, profile) = (parts[0], parts[1])
        XCTAssertEqual(stats.title, "titanic: 1309 rows")
        XCTAssertEqual(stats.columns, ["column", "type", "count", "missing", "mean", "std", "min", "25%", "50%", "75%", "max"])
        XCTAssertEqual(stats.rows.map { $0[0] }, ["pclass", "survived", "age", "sibsp", "parch", "fare", "body"].map(Cell.text))
        let age = try row(stats, "age")
        XCTAssertEqual(age[2], .number(1046, .integer))
        guard case .number(let mean, _) = age[4], case .number(let std, _) = age[5] else { return XCTFail("\(age)") }
        XCTAssertEqual(mean, 29.8811345124283, accuracy: 1e-9)  // pandas: titanic["age"].mean()
        XCTAssertEqual(std, 14.413499699923602, accuracy: 1e-9)

        XCTAssertEqual(profile.title, "titanic: 14 columns profiled")
        XCTAssertEqual(profile.columns, ["column", "type", "missing", "missing%", "unique", "histogram", "top"])
        XCTAssertEqual(profile.rows.count, 14)
        // pandas: isna().sum() 263 of 1309, nunique() 98, value_counts().head(3) 24/47, 22/43, 21/41,
        // numpy.histogram(bins=10) counts for the non-missing ages.
        let profiled = try row(profile, "age")
        XCTAssertEqual(profiled[2], .number(263, .integer))
        XCTAssertEqual(profiled[3], .fixed(263.0 / 1309 * 100, decimals: 1))
        XCTAssertEqual(profiled[4], .number(98, .integer))
        XCTAssertEqual(profiled[6], .text("24 (47), 22 (43), 21 (41)"))
        guard case .histogram(let h) = profiled[5] else { return XCTFail("\(profiled[5])") }
        XCTAssertEqual(h.counts, [72, 62, 274, 250, 161, 108, 65, 41, 10, 3])
        XCTAssertEqual(h.lo, 0.1667)
        XCTAssertEqual(h.hi, 80)
        XCTAssertEqual(try row(profile, "sex")[6], .text("male (843), female (466)"))
        XCTAssertEqual(try row(profile, "sex")[5], .text("-"), "no histogram for text: not applicable, not missing")
        XCTAssertEqual(try row(profile, "body")[6], .text("(all distinct)"))
    }

    func testDescribeRendersSparklinesOrTheirASCIIFallback() throws {
        let out = try titanic().execute("describe cols=age,sex").output
        let unicode = try XCTUnwrap(OutputRenderer(width: 100, style: .plain, charset: .unicode).render(out))
        let ascii = try XCTUnwrap(OutputRenderer(width: 100, style: .plain, charset: .ascii).render(out))
        // Bins [72, 62, 274, 250, 161, 108, 65, 41, 10, 3] scaled to the tallest.
        XCTAssertTrue(unicode.contains("\nage     float       263      20.1      98  ▄▃█▇▆▄▃▃▂▂  24 (47), 22 (43), 21 (41)\n"), unicode)
        XCTAssertTrue(ascii.contains("\nage     float       263      20.1      98  --##=--...  24 (47), 22 (43), 21 (41)\n"), ascii)
        XCTAssertTrue(ascii.allSatisfy(\.isASCII), ascii)
        // Two tables, one blank line apart.
        XCTAssertTrue(unicode.contains("\n\ntitanic: 2 columns profiled\n"), unicode)
    }

    func testDescribeTakesColumnsAsWordsToo() throws {
        let s = try titanic()
        XCTAssertEqual(try s.execute("describe age fare").output, try s.execute("describe cols=age,fare").output)
        XCTAssertEqual(try s.execute("describe age cols=fare").output, try s.execute("describe cols=age,fare").output)
        XCTAssertThrowsError(try s.execute("describe agee")) { XCTAssertTrue(($0 as? LabError)?.message.contains("did you mean 'age'") ?? false) }
    }

    func testDescribeOfOnlyTextColumnsIsTheProfileAlone() throws {
        let out = try titanic().execute("describe cols=sex,embarked").output
        guard case .table(let t) = out else { return XCTFail("\(out)") }
        XCTAssertEqual(t.title, "titanic: 2 columns profiled")
        XCTAssertEqual(try row(t, "embarked")[6], .text("S (914), C (270), Q (123)"))
    }

    // MARK: corr

    func testCorrShowsThreeDecimalsAndKeepsFullPrecisionInJSON() throws {
        let s = try titanic()
        let out = try s.execute("corr cols=age,fare,body").output
        guard case .table(let t) = out else { return XCTFail("\(out)") }
        XCTAssertEqual(t.columns, ["", "age", "fare", "body"])
        // pandas: titanic[["age", "fare", "body"]].corr()
        guard case .fixed(let r, 3) = t.rows[0][2] else { return XCTFail("\(t.rows[0])") }
        XCTAssertEqual(r, 0.17873932314646096, accuracy: 1e-12)
        let text = TableRenderer(width: 100, style: .plain).render(t)
        XCTAssertEqual(text, """
            pearson correlation: titanic, 3 columns
                    age    fare    body
            age   1.000   0.179   0.059
            fare  0.179   1.000  -0.043
            body  0.059  -0.043   1.000
            """)
        let json = JSONOutput.line(number: 1, command: "corr", output: out)
        XCTAssertTrue(json.contains("[\"age\",1.0,\(r),"), json)
    }

    func testCorrLeavesTextColumnsOutAndSaysSo() throws {
        let out = try titanic().execute("corr method=spearman").output
        guard case .table(let t) = out else { return XCTFail("\(out)") }
        XCTAssertEqual(t.columns, ["", "pclass", "survived", "age", "sibsp", "parch", "fare", "body"])
        XCTAssertEqual(t.title, "spearman correlation: titanic, 7 columns")
        XCTAssertEqual(t.note, "not numeric, left out: name, sex, ticket, cabin, embarked, boat, …\n"
            + "NA: no correlation where a pair shares under 2 rows or a column is constant on them (survived is the same on all 121 rows that have survived and body)")
        XCTAssertEqual(t.rows[1][7], .missing)  // survived × body: every body is a non-survivor, pandas gives NaN
        // Two columns sharing one row.
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        _ = try s.execute("derive a = if(age < 1, age, missing)")
        _ = try s.execute("derive b = if(age < 0.2, 1, missing)")
        guard case .table(let pair) = try s.execute("corr cols=a,b").output else { return XCTFail() }
        XCTAssertEqual(pair.note, "NA: no correlation where a pair shares under 2 rows or a column is constant on them (a and b share 1 row)")
    }

    func testCorrBadInput() throws {
        XCTAssertEqual(failure(TestSupport.session(), "corr"), "no data loaded yet")
        let s = try titanic()
        XCTAssertEqual(failure(s, "corr cols=age,sex"),
                       "column 'sex' is string; correlation needs numeric columns (integer, float, boolean)")
        XCTAssertEqual(failure(s, "corr cols=age"), "correlation needs at least 2 numeric columns, got 1 ('age')")
        XCTAssertEqual(failure(s, "corr cols=age,fair"), "no column 'fair' in frame 'titanic' (did you mean 'fare'?)")
        XCTAssertEqual(failure(s, "corr method=spearmann"), "method=spearmann is not valid for corr (did you mean 'spearman'?)")
        _ = try s.execute("select name sex age")
        XCTAssertEqual(failure(s, "corr"), "correlation needs at least 2 numeric columns, got 1 ('age')")
    }

    // MARK: outliers

    func testOutliersSummariseAndListTheFarthestRowsFirst() throws {
        let out = try titanic().execute("outliers fare").output
        guard case .group(let parts) = out, case .message(let summary) = parts[0], case .table(let t) = parts[1] else {
            return XCTFail("\(out)")
        }
        // numpy: Q1 7.8958, Q3 31.275; 171 of 1308 fares outside [-27.173, 66.3438].
        XCTAssertEqual(summary, "fare: 171 outliers of 1308 values (13.07%) outside [-27.173, 66.3438] by iqr (Q1 7.8958, Q3 31.275, k=1.5·IQR)")
        XCTAssertEqual(Array(t.columns.prefix(4)), ["row", "beyond fence", "fare", "pclass"])
        XCTAssertEqual(t.rows.count, 10)
        XCTAssertEqual(t.totalRows, 171)
        XCTAssertEqual(t.rows.map { $0[0] }, [49, 50, 183, 302, 111, 112, 113, 114, 115, 116].map { Cell.number($0, .integer) })
        let z = TestSupport.session()
        _ = try z.execute("load titanic")
        guard case .group(let zs) = try z.execute("outliers age method=zscore").output, case .message(let line) = zs[0] else {
            return XCTFail()
        }
        XCTAssertEqual(line, "age: 3 outliers of 1046 values (0.29%) outside [-13.3594, 73.1216] by zscore (mean 29.8811, std 14.4135, k=3)")
    }

    func testNoOutliersIsOneLine() throws {
        let s = TestSupport.session()
        _ = try s.execute("load penguins")
        XCTAssertEqual(try s.execute("outliers body_mass_g").output,
                       .message("body_mass_g: 0 outliers of 342 values (0.00%) outside [1750, 6550] by iqr (Q1 3550, Q3 4750, k=1.5·IQR)"))
    }

    func testOutliersBadInput() throws {
        XCTAssertEqual(failure(TestSupport.session(), "outliers fare"), "no data loaded yet")
        let s = try titanic()
        XCTAssertEqual(failure(s, "outliers sex"), "outliers needs a numeric column; 'sex' is string")
        XCTAssertEqual(failure(s, "outliers"), "outliers needs COLUMN: a numeric column")
        XCTAssertEqual(failure(s, "outliers fare method=zcore"), "method=zcore is not valid for outliers (did you mean 'zscore'?)")
        XCTAssertEqual(failure(s, "outliers fare k=-1"), "k=-1.0 is not valid: expected a positive number")
        XCTAssertEqual(failure(s, "outliers parch"),
                       "half of 'parch' lies on one value (Q1 = Q3 = 0): its IQR is 0, so the IQR fences cannot single out outliers")
        _ = try s.execute("filter age is missing")
        XCTAssertEqual(failure(s, "outliers age"), "'age' has no values: all 263 rows are missing")
        _ = try s.execute("derive one = 1")
        XCTAssertEqual(failure(s, "outliers one method=zscore"),
                       "'one' is constant (every value is 1): its std is 0, so z-scores are undefined")
        XCTAssertEqual(failure(s, "outliers one"),
                       "'one' is constant (every value is 1): its IQR is 0, so the IQR fences cannot single out outliers")
    }

    // MARK: missing

    func testMissingCountsPerColumnAndPatternsMostCommonFirst() throws {
        let out = try titanic().execute("missing").output
        let parts = tables(out)
        XCTAssertEqual(parts.count, 2)
        XCTAssertEqual(parts[0].title, "titanic: 3855 of 18326 values missing; 0 of 1309 rows complete")
        XCTAssertEqual(try row(parts[0], "cabin")[2], .number(1014, .integer))
        let patterns = parts[1]
        XCTAssertEqual(patterns.title, "24 missing patterns (x = missing)")
        XCTAssertEqual(patterns.columns, ["pattern", "rows", "rows%", "age", "fare", "cabin", "embarked", "boat", "body", "home_dest"])
        // pandas: isna() rows grouped: cabin+boat+body 245, then cabin+boat+body+home_dest 206, then body 159.
        XCTAssertEqual(patterns.rows[0], [.text("1"), .number(245, .integer), .fixed(245.0 / 1309 * 100, decimals: 1),
                                          .text("."), .text("."), .text("x"), .text("."), .text("x"), .text("x"), .text(".")])
        XCTAssertEqual(patterns.rows[2][1], .number(159, .integer))
        XCTAssertEqual(patterns.rows.count, 11)
        XCTAssertEqual(patterns.rows[10][0], .text("other (14)"))
        XCTAssertEqual(patterns.rows[10][1], .number(127, .integer))
    }

    func testMissingOnCompleteDataIsOneTable() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        guard case .table(let t) = try s.execute("missing").output else { return XCTFail() }
        XCTAssertEqual(t.title, "iris: 0 of 750 values missing; 150 of 150 rows complete")
        XCTAssertEqual(failure(TestSupport.session(), "missing"), "no data loaded yet")
    }

    // MARK: rendering

    func testSparklineGlyphsAndCharsetFromTheLocale() {
        XCTAssertEqual(Sparkline.render([0, 1, 50, 100], charset: .unicode), "▁▂▅█")
        XCTAssertEqual(Sparkline.render([0, 1, 50, 100], charset: .ascii), "_.=#")
        XCTAssertEqual(Sparkline.render([0, 0], charset: .ascii), "__")
        XCTAssertEqual(Charset.detect(environment: ["LANG": "en_US.UTF-8"]), .unicode)
        XCTAssertEqual(Charset.detect(environment: ["LANG": "C.utf8"]), .unicode)
        XCTAssertEqual(Charset.detect(environment: ["LANG": "en_US.UTF-8", "LC_ALL": "C"]), .ascii)
        XCTAssertEqual(Charset.detect(environment: ["LC_CTYPE": "de_DE.UTF-8", "LANG": "C"]), .unicode)
        XCTAssertEqual(Charset.detect(environment: ["LC_ALL": "", "LANG": "C.UTF-8"]), .unicode)
        XCTAssertEqual(Charset.detect(environment: [:]), .ascii)
    }

    func testFixedCellsAndHistogramsInTablesAndJSON() {
        let h = Histogram(lo: 0, hi: 10, counts: [3, 0, 1])
        let table = ResultTable(columns: ["r", "h"], numericColumns: [0],
                                rows: [[.fixed(-0.12345, decimals: 3), .histogram(h)], [.fixed(1, decimals: 3), .missing]])
        XCTAssertEqual(TableRenderer(width: 80, style: .plain, charset: .ascii).render(table), "     r  h\n-0.123  #_-\n 1.000  NA")
        XCTAssertEqual(JSONOutput.line(number: 1, command: "x", output: .table(table)),
                       #"{"line":1,"command":"x","ok":true,"result":{"type":"table","columns":["r","h"],"rows":[[-0.12345,{"lo":0.0,"hi":10.0,"counts":[3,0,1]}],[1.0,null]]}}"#)
    }
}

/// `describe COLS by=CLASS` against pandas' groupby(CLASS)[COLS].describe() on the bundled
/// datasets (Tests/fixtures/make_profiling_fixtures.py wrote the values).
final class DescribeByTests: XCTestCase {
    private static var fixture: [[String: Any]] {
        get throws { try XCTUnwrap(TestSupport.fixture("profiling/describe_by.json") as? [[String: Any]]) }
    }

    func testStatisticsPerGroupAreThoseOfPandasGroupbyDescribe() throws {
        let cases = try Self.fixture
        XCTAssertEqual(cases.count, 7)
        for c in cases {
            let (name, columns, by) = (c["dataset"] as! String, c["columns"] as! [String], c["by"] as! String)
            let groups = c["groups"] as! [[String: Any]]
            let s = TestSupport.session()
            _ = try s.execute("load \(name)")
            let out = try s.execute("describe \(columns.joined(separator: " ")) by=\(by)").output
            let table = try XCTUnwrap(TestSupport.tables(out).first)
            XCTAssertEqual(table.columns, ["column", by, "type", "count", "missing", "mean", "std", "min", "25%", "50%", "75%", "max"])
            XCTAssertEqual(table.rows.count, columns.count * groups.count, name)
            let leftOut = c["left_out"] as! Int
            XCTAssertEqual(table.note, leftOut == 0 ? nil : "\(leftOut) row\(leftOut == 1 ? "" : "s") without \(by) left out, as pandas' groupby leaves them")
            for (j, column) in columns.enumerated() {
                for (g, group) in groups.enumerated() {
                    let row = table.rows[j * groups.count + g]
                    let at = "\(name) \(column) \(by)=\(group["value"]!)"
                    XCTAssertEqual(row[0], .text(column), at)
                    XCTAssertEqual(row[1], .text(group["value"] as! String), at)
                    let expected = (group["stats"] as! [String: [String: Any]])[column]!
                    for (k, key) in ["count", "", "mean", "std", "min", "25%", "50%", "75%", "max"].enumerated() where !key.isEmpty {
                        let want = (expected[key] as? NSNumber)?.doubleValue ?? .nan
                        if want.isNaN {
                            XCTAssertEqual(row[3 + k], .text("-"), "\(at) \(key): pandas has NaN")
                        } else if case .number(let got, _) = row[3 + k] {
                            XCTAssertEqual(got, want, accuracy: 1e-9 * max(1, abs(want)), "\(at) \(key)")
                        } else {
                            XCTFail("\(at) \(key): \(row[3 + k])")
                        }
                    }
                }
            }
        }
    }

    func testTextColumnsPerGroupAreThoseOfPandasDescribe() throws {
        let cases = try XCTUnwrap(TestSupport.fixture("profiling/describe_by_text.json") as? [[String: Any]])
        XCTAssertEqual(cases.count, 7)
        for c in cases {
            let (name, column, by) = (c["dataset"] as! String, c["column"] as! String, c["by"] as! String)
            let s = TestSupport.session()
            _ = try s.execute("load \(name)")
            let table = try XCTUnwrap(TestSupport.tables(try s.execute("describe \(column) by=\(by)").output).first)
            XCTAssertEqual(table.columns, ["column", by, "count", "unique", "top", "freq"])
            let expected = (c["groups"] as! [[String: Any]]).map { g -> [Cell] in
                [.text(column), .text(g["value"] as! String), .number(Double(g["count"] as! Int), .integer),
                 .number(Double(g["unique"] as! Int), .integer), .text(g["top"] as! String), .number(Double(g["freq"] as! Int), .integer)]
            }
            XCTAssertEqual(table.rows, expected, "\(name) \(column) by \(by)")
        }
        // Numbers and text named together: a table for each.
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        XCTAssertEqual(TestSupport.tables(try s.execute("describe embarked age by=pclass").output).map(\.title),
                       ["titanic: age by pclass", "titanic: embarked by pclass"])
    }

    func testBadGroupingsSayWhatToDoInstead() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        for (line, message, hint) in [
            ("describe age by=fare", "'fare' has 281 distinct values, too many groups to describe (at most 30)",
             "cut it into bands first: bin fare bins=5 (then describe ... by=fare)"),
            ("describe age by=name", "'name' has 1307 distinct values, too many groups to describe (at most 30)", "counts name lists its values"),
            ("describe pclass by=pclass", "pclass is the column the rows are grouped by", "describe other columns by=pclass"),
        ] {
            XCTAssertThrowsError(try s.execute(line)) { error in
                XCTAssertEqual((error as? LabError)?.message, message, line)
                XCTAssertEqual((error as? LabError)?.hint, hint, line)
            }
        }
        XCTAssertThrowsError(try s.execute("describe age by=agee")) {
            XCTAssertEqual(($0 as? LabError)?.message, "no column 'agee' in frame 'titanic' (did you mean 'age'?)")
        }
        _ = try s.execute("select name sex")
        XCTAssertThrowsError(try s.execute("describe by=sex")) {
            XCTAssertEqual(($0 as? LabError)?.message, "'titanic' has no numeric column to describe by sex")
            XCTAssertEqual(($0 as? LabError)?.hint, "name text columns to describe them by sex: describe COLUMN by=sex")
        }
        _ = try s.execute("undo")
        _ = try s.execute("filter age > 500")
        XCTAssertThrowsError(try s.execute("describe age by=sex")) {
            XCTAssertEqual(($0 as? LabError)?.message, "frame 'titanic' has no rows to describe")
        }
        _ = try s.execute("undo")
        _ = try s.execute("filter body is missing and age is missing")
        XCTAssertThrowsError(try s.execute("describe age by=body")) {
            XCTAssertEqual(($0 as? LabError)?.message, "'body' has no values to group by: every row is missing")
        }
    }
}

/// `corr with=` and `corr top=`: pandas' correlations (Tests/fixtures/profiling/corr.json) ranked by magnitude.
final class CorrRankingTests: XCTestCase {
    private static func pandas(_ dataset: String) throws -> [String: Any] {
        let all = try XCTUnwrap(TestSupport.fixture("profiling/corr.json") as? [String: Any])
        return try XCTUnwrap(all[dataset] as? [String: Any])
    }

    private func number(_ cell: Cell) -> Double? {
        if case .fixed(let x, _) = cell { return x }
        return nil
    }

    func testOneColumnsCorrelationsStrongestFirst() throws {
        for method in ["pearson", "spearman"] {
            let fixture = try Self.pandas("auto_mpg")
            let names = fixture["columns"] as! [String], matrix = fixture[method] as! [[Double]]
            let m = names.firstIndex(of: "mpg")!
            let expected = names.indices.filter { $0 != m }.sorted { abs(matrix[m][$0]) > abs(matrix[m][$1]) }
            let s = TestSupport.session()
            _ = try s.execute("load auto_mpg")
            let table = try XCTUnwrap(TestSupport.tables(try s.execute("corr with=mpg method=\(method)").output).first)
            XCTAssertEqual(table.columns, ["column", "r", "rows"])
            XCTAssertEqual(table.rows.map { $0[0] }, expected.map { .text(names[$0]) }, method)
            for (row, j) in zip(table.rows, expected) {
                XCTAssertEqual(try XCTUnwrap(number(row[1])), matrix[m][j], accuracy: 1e-12, "\(method) \(names[j])")
                XCTAssertEqual(row[2], .number(392, .integer))
            }
            XCTAssertEqual(table.note, "not numeric, left out: origin, name")
        }
    }

    func testStrongestPairsAndWhatIsLeftOut() throws {
        let fixture = try Self.pandas("titanic")
        let names = fixture["columns"] as! [String]
        let matrix = (fixture["pearson"] as! [[Any]]).map { $0.map { ($0 as? NSNumber)?.doubleValue } }
        var pairs: [(String, String, Double)] = []
        for i in names.indices { for j in 0..<i { if let r = matrix[i][j] { pairs.append((names[j], names[i], r)) } } }
        pairs.sort { abs($0.2) > abs($1.2) }
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let table = try XCTUnwrap(TestSupport.tables(try s.execute("corr top=4").output).first)
        XCTAssertEqual(table.columns, ["column", "column", "r", "rows"])
        XCTAssertEqual(table.rows.count, 4)
        for (row, pair) in zip(table.rows, pairs) {
            XCTAssertEqual([row[0], row[1]], [.text(pair.0), .text(pair.1)])
            XCTAssertEqual(try XCTUnwrap(number(row[2])), pair.2, accuracy: 1e-12)
        }
        XCTAssertEqual(table.note?.hasPrefix("\(pairs.count - 4) more pairs (top= shows more)\nnot numeric, left out: name, sex"), true)
        // A pair without a correlation (survived and body: body is known only for victims) is no pair to rank.
        let all = try XCTUnwrap(TestSupport.tables(try s.execute("corr top=1000").output).first)
        XCTAssertEqual(all.rows.count, pairs.count)
        XCTAssertFalse(all.rows.contains { $0[2] == .missing })
        // The column itself is not among its correlations; NA ranks last.
        let survival = try XCTUnwrap(TestSupport.tables(try s.execute("corr with=survived").output).first)
        XCTAssertFalse(survival.rows.contains { $0[0] == .text("survived") })
        XCTAssertEqual(survival.rows.last?[0], .text("body"))
        XCTAssertEqual(survival.rows.last?[1], .missing)
        XCTAssertThrowsError(try s.execute("corr with=sex")) {
            XCTAssertEqual(($0 as? LabError)?.message, "'sex' is string: correlation needs numbers")
        }
        XCTAssertThrowsError(try s.execute("corr with=sexx")) {
            XCTAssertEqual(($0 as? LabError)?.message, "no column 'sexx' in frame 'titanic' (did you mean 'sex'?)")
        }
    }
}

/// `duplicates`: counted and shown without changing anything; `drop` keeps the first of each group.
final class DuplicatesCommandTests: XCTestCase {
    func testRepeatsAreShownThenDroppedAsARecordedStep() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        guard case .message(let none) = try s.execute("duplicates").output else { return XCTFail() }
        XCTAssertEqual(none, "no row of 'titanic' repeats an earlier one (on all columns) among its 1309 rows")
        let table = try XCTUnwrap(TestSupport.tables(try s.execute("duplicates ticket n=2").output).first)
        // pandas: titanic.duplicated("ticket").sum() == 380, in 216 groups; the largest, 11 rows, from row 1171.
        XCTAssertEqual(table.title, "titanic: 380 of 1309 rows repeat an earlier row (on ticket), in 216 groups")
        XCTAssertEqual(table.columns, ["times", "first row", "ticket"])
        XCTAssertEqual(table.rows.first?[0], .number(11, .integer))
        XCTAssertEqual(table.rows.first?[1], .number(1171, .integer))
        XCTAssertEqual(table.rows.count, 2)
        XCTAssertEqual(table.note, "`duplicates ticket drop` keeps the first of each; n= shows more groups")
        XCTAssertEqual(s.recordedLines.count, 1, "looking changes nothing")
        guard case .frame(let dropped) = try s.execute("duplicates ticket drop").output else { return XCTFail() }
        XCTAssertEqual(dropped.rows, 929)
        XCTAssertEqual(s.recordedLines.last, "duplicates ticket drop=true")
        let tickets = try s.state.frame(named: "titanic").column("ticket")
        XCTAssertEqual(Set((0..<tickets.count).map { tickets.value(at: $0) }).count, 929)
        guard case .message(let nothing) = try s.execute("duplicates ticket drop").output else { return XCTFail() }
        XCTAssertEqual(nothing, "no row of 'titanic' repeats an earlier one (on ticket): nothing to drop")
        _ = try s.execute("undo")
        XCTAssertEqual(try s.state.frame(named: "titanic").rowCount, 1309)
        XCTAssertThrowsError(try s.execute("duplicates tickt")) {
            XCTAssertEqual(($0 as? LabError)?.message, "no column 'tickt' in frame 'titanic' (did you mean 'ticket'?)")
        }
    }
}

/// The other ways people write the same request: each reads as the written form does.
final class ForgivingReadingsTests: XCTestCase {
    func testOtherSpellingsReadAsTheWrittenForm() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        XCTAssertEqual(try s.execute("counts sex by=survived").output, try s.execute("counts sex survived").output)
        XCTAssertEqual(try s.execute("corr age fare method=spearman").output, try s.execute("corr cols=age,fare method=spearman").output)
        _ = try s.execute("sort -fare pclass")
        XCTAssertEqual(s.recordedLines.last, "sort fare desc pclass asc")
        let sorted = try s.state.frame(named: "titanic")
        _ = try s.execute("undo")
        _ = try s.execute("sort fare desc pclass")
        XCTAssertEqual(try s.state.frame(named: "titanic"), sorted)
        XCTAssertThrowsError(try s.execute("counts sex survived by=pclass")) {
            XCTAssertEqual(($0 as? LabError)?.message, "counts takes one column, or two for a crosstab; got 3")
        }
    }

    func testAnOptionsNameAmongTheColumnsSaysHowOptionsAreWritten() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        for (line, message) in [
            ("describe age by survived", "'by' is not a column: an option is written by=VALUE, with no spaces (did you mean by=survived?)"),
            ("duplicates name n 3", "'n' is not a column: an option is written n=VALUE, with no spaces (did you mean n=3?)"),
        ] {
            XCTAssertThrowsError(try s.execute(line)) { XCTAssertEqual(($0 as? LabError)?.message, message, line) }
        }
        // A column of that name is a column.
        _ = try s.execute("derive by = 1")
        XCTAssertNoThrow(try s.execute("describe age by"))
    }
}
