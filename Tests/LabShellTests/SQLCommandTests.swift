import XCTest
import LabData
@testable import LabShell

final class SQLCommandTests: XCTestCase {
    private func message(_ s: Session, _ line: String, file: StaticString = #filePath, line l: UInt = #line) -> (String, String?) {
        do {
            _ = try s.execute(line)
            XCTFail("expected `\(line)` to fail", file: file, line: l)
            return ("", nil)
        } catch {
            let e = error as? LabError
            return (e?.message ?? "\(error)", e?.hint)
        }
    }

    func testGroupByResultBecomesTheCurrentFrameWithTheRightNumbers() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let titanic = try XCTUnwrap(s.state.current)
        let out = try s.execute("sql SELECT sex, count(*) AS n, avg(age) AS mean_age, sum(survived) AS saved FROM titanic GROUP BY sex")
        guard case .group(let parts) = out.output, parts.count == 2, case .frame(let summary) = parts[0], case .table(let preview) = parts[1] else {
            return XCTFail("\(out.output)")
        }
        XCTAssertEqual(summary.name, "sql_result")
        // The result's rows are shown with it.
        XCTAssertEqual(preview.columns, ["sex", "n", "mean_age", "saved"])
        XCTAssertEqual(preview.rows.map { $0[0] }, [.text("female"), .text("male")])
        XCTAssertEqual(preview.rows.map { $0[1] }, [.number(466, .integer), .number(843, .integer)])
        XCTAssertEqual(summary.rows, 2)
        XCTAssertTrue(summary.detail?.hasPrefix("1 float, 1 string, 2 integer; version ") ?? false, summary.detail ?? "")
        let r = try XCTUnwrap(s.state.current)
        XCTAssertEqual(s.state.currentName, "sql_result")
        // By hand from the loaded frame.
        let sex = try titanic.column("sex"), age = try titanic.column("age"), survived = try titanic.column("survived")
        for (row, group) in ["female", "male"].enumerated() {
            let rows = (0..<titanic.rowCount).filter { sex.text(at: $0) == group }
            let ages = rows.compactMap { age.text(at: $0).flatMap(Double.init) }
            XCTAssertEqual(r.columns[0].text(at: row), group)
            XCTAssertEqual(r.columns[1].value(at: row), .number(Double(rows.count)))
            guard case .number(let mean) = r.columns[2].value(at: row) else { return XCTFail() }
            XCTAssertEqual(mean, ages.reduce(0, +) / Double(ages.count), accuracy: 1e-9)
            XCTAssertEqual(r.columns[3].value(at: row), .number(Double(rows.filter { survived.text(at: $0) == "1" }.count)))
        }
        XCTAssertEqual(r.columns[1].value(at: 0), .number(466))
        XCTAssertEqual(r.columns[1].value(at: 1), .number(843))
    }

    func testAQueryInDoubleQuotesIsTheQueryInside() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        _ = try s.execute(#"sql "SELECT species, count(*) AS n FROM iris GROUP BY species" as per_species"#)
        XCTAssertEqual(s.state.currentName, "per_species")
        XCTAssertEqual(s.state.current?.rowCount, 3)
        XCTAssertEqual(s.state.current?.columns[1].value(at: 0), .number(50))
        // Escaped quotes inside stay quotes: here a quoted column name.
        _ = try s.execute(#"sql "select \"species\" from iris limit 2""#)
        XCTAssertEqual(s.state.current?.columnNames, ["species"])
        XCTAssertEqual(s.state.current?.rowCount, 2)
        XCTAssertEqual(SQLText.unquoted(#"  "WITH t AS (SELECT 1) SELECT * FROM t"  "#), "WITH t AS (SELECT 1) SELECT * FROM t")
        // A quoted name that is no query stays as it was (and SQLite then says what is wrong).
        XCTAssertEqual(SQLText.unquoted(#""species""#), #""species""#)
        XCTAssertEqual(SQLText.unquoted("SELECT \"a\" FROM t"), "SELECT \"a\" FROM t")
    }

    func testATrailingLowercaseAsNamesTheFrame() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        _ = try s.execute("sql SELECT species, max(petal_length_cm) AS longest FROM iris GROUP BY species as longest_petals")
        XCTAssertEqual(s.state.currentName, "longest_petals")
        XCTAssertEqual(s.state.current?.columnNames, ["species", "longest"])
        _ = try s.execute("sql SELECT 1 AS n")
        XCTAssertEqual(s.state.currentName, "sql_result")
        XCTAssertEqual(s.state.current?.columnNames, ["n"])
        _ = try s.execute("sql SELECT 'x as y' AS label, (SELECT count(*) FROM iris) AS n as counted;")
        XCTAssertEqual(s.state.currentName, "counted")
        XCTAssertEqual(s.state.current?.columns[0].text(at: 0), "x as y")
        XCTAssertEqual(s.state.current?.columns[1].value(at: 0), .number(150))
        XCTAssertEqual(SQLText.splitAlias("SELECT * FROM t as x").alias, "x")
        XCTAssertEqual(SQLText.splitAlias("SELECT 'a' as b, 'it''s as c'").alias, nil)
        XCTAssertEqual(SQLText.splitAlias("SELECT cast(a as real) FROM t").alias, nil)
        XCTAssertEqual(SQLText.splitAlias("SELECT (x as y)").alias, nil)
        XCTAssertEqual(SQLText.splitAlias("SELECT * FROM t as 9x").alias, nil)
        XCTAssertEqual(SQLText.splitAlias("SELECT * FROM t  as  best ;").query, "SELECT * FROM t")
    }

    func testSQLLinesAreRecordedAndReplayToTheSameFrame() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic as t")
        _ = try s.execute("sql SELECT pclass, name, fare, ROW_NUMBER() OVER (PARTITION BY pclass ORDER BY fare DESC, name) AS rank FROM t as ranked")
        _ = try s.execute("filter rank <= 3")
        XCTAssertEqual(s.recordedLines[1], "sql SELECT pclass, name, fare, ROW_NUMBER() OVER (PARTITION BY pclass ORDER BY fare DESC, name) AS rank FROM t as ranked")
        XCTAssertEqual(s.state.current?.rowCount, 9)
        let script = s.environment.stateDirectory + "/sql.lab"
        _ = try s.execute("save session \(script)")
        let replay = TestSupport.session()
        for line in String(decoding: try FileIO.readAll(script), as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            _ = try replay.execute(String(line))
        }
        XCTAssertEqual(replay.state.current, s.state.current)
        let fares = (0..<9).map { s.state.current!.columns[2].value(at: $0) }
        XCTAssertEqual(fares[0], .number(512.3292))
    }

    func testAFailedQueryChangesNothing() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        let before = s.state
        var (m, h) = message(s, "sql SELECT species FROM irs")
        XCTAssertEqual(m, "SQL error: no such table: irs")
        XCTAssertEqual(h, "did you mean 'iris'?; tables are the frames: iris; query: SELECT species FROM irs")
        (m, h) = message(s, "sql SELECT specis FROM iris")
        XCTAssertEqual(m, "SQL error: no such column: specis")
        XCTAssertEqual(h, "did you mean 'species'?; query: SELECT specis FROM iris")
        (m, h) = message(s, "sql SELECT * FROM iris WHERE")
        XCTAssertEqual(m, "SQL error: incomplete input")
        XCTAssertEqual(h, "query: SELECT * FROM iris WHERE")
        (m, _) = message(s, "sql SELECT 1 as 2bad")
        XCTAssertEqual(m, "SQL error: unrecognized token: \"2bad\"")
        (m, _) = message(s, "sql")
        XCTAssertEqual(m, "sql needs an expression")
        XCTAssertEqual(s.state.frameOrder, before.frameOrder)
        XCTAssertEqual(s.state.currentName, "iris")
        XCTAssertEqual(s.state.current, before.current)
        XCTAssertEqual(s.recordedLines.count, 1)
    }

    func testVersionsListsEveryLoadAndSQLResult() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        _ = try s.execute("sql SELECT * FROM iris WHERE species = 'setosa' as setosa")
        _ = try s.execute("load iris")
        guard case .table(let t) = try s.execute("versions").output else { return XCTFail() }
        XCTAssertEqual(t.columns, ["#", "name", "hash", "rows", "columns", "recorded", "source"])
        XCTAssertEqual(t.rows.count, 2, "loading the same data again is not a new version")
        XCTAssertEqual(t.rows[0][1], .text("iris"))
        XCTAssertEqual(t.rows[0][2], .text(String(s.state.frames["iris"]!.contentHash.prefix(12))))
        XCTAssertEqual(t.rows[0][3], .number(150, .integer))
        XCTAssertEqual(t.rows[0][6], .text("bundled iris"))
        XCTAssertEqual(t.rows[1][1], .text("setosa"))
        XCTAssertEqual(t.rows[1][3], .number(50, .integer))
        XCTAssertEqual(t.rows[1][6], .text("sql: SELECT * FROM iris WHERE species = 'setosa'"))
        guard case .table(let only) = try s.execute("versions setosa").output else { return XCTFail() }
        XCTAssertEqual(only.rows.count, 1)
        let (m, h) = message(s, "versions setosaa")
        XCTAssertEqual(m, "no versions of 'setosaa' recorded (did you mean 'setosa'?)")
        XCTAssertEqual(h, "recorded names: iris, setosa")
    }

    func testDiffDataComparesFramesAndRecordedVersions() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        let hash = s.state.current!.contentHash
        _ = try s.execute("sql SELECT sepal_length_cm, species, petal_width_cm * 10 AS petal_width_mm FROM iris WHERE species <> 'setosa' as big")
        guard case .group(let parts) = try s.execute("diff data iris big").output else { return XCTFail() }
        XCTAssertEqual(parts[0], .text("A: iris (\(hash.prefix(12)), 150 rows × 5 columns)\nB: big (\(s.state.current!.contentHash.prefix(12)), 100 rows × 3 columns)"))
        guard case .table(let schema) = parts[1], case .table(let stats) = parts[2] else { return XCTFail("\(parts)") }
        XCTAssertEqual(schema.rows, [
            [.text("sepal_width_cm"), .text("removed"), .text("float")],
            [.text("petal_length_cm"), .text("removed"), .text("float")],
            [.text("petal_width_cm"), .text("removed"), .text("float")],
            [.text("petal_width_mm"), .text("added"), .text("float")],
        ])
        // Independently: the mean sepal length of versicolor and virginica, and of all 150.
        let iris = s.state.frames["iris"]!
        let lengths = (0..<150).map { try! iris.column("sepal_length_cm").value(at: $0) }
        let species = (0..<150).map { try! iris.column("species").text(at: $0)! }
        func mean(_ xs: [Value]) -> Double { xs.reduce(0) { if case .number(let x) = $1 { return $0 + x }; return $0 } / Double(xs.count) }
        let bigLengths = zip(lengths, species).filter { $0.1 != "setosa" }.map(\.0)
        let meanRow = try XCTUnwrap(stats.rows.first { $0[0] == .text("sepal_length_cm") && $0[1] == .text("mean") })
        guard case .number(let a, _) = meanRow[2], case .number(let b, _) = meanRow[3] else { return XCTFail() }
        XCTAssertEqual(a, mean(lengths), accuracy: 1e-12)
        XCTAssertEqual(b, mean(bigLengths), accuracy: 1e-12)
        let uniqueRow = try XCTUnwrap(stats.rows.first { $0[0] == .text("species") && $0[1] == .text("unique") })
        XCTAssertEqual(Array(uniqueRow[2...4]), [.number(3, .integer), .number(2, .integer), .number(-1, .integer)])

        // A hash prefix reaches a version no frame holds any more.
        _ = try s.execute("filter sepal_length_cm > 7")
        guard case .group(let byHash) = try s.execute("diff data \(hash.prefix(8)) big").output else { return XCTFail() }
        XCTAssertEqual(byHash[0], .text("A: iris (\(hash.prefix(12)), 150 rows × 5 columns)\nB: big (\(s.state.current!.contentHash.prefix(12)), 12 rows × 3 columns)"))
        guard case .group(let same) = try s.execute("diff data iris iris").output else { return XCTFail() }
        XCTAssertEqual(same.last, .message("identical content: same columns, types and values"))

        var (m, h) = message(s, "diff data iris bgi")
        XCTAssertEqual(m, "no frame or dataset version 'bgi' (did you mean 'big'?)")
        XCTAssertEqual(h, "give a frame name or the first 6+ characters of a hash from `versions`; names: big, iris")
        (m, _) = message(s, "diff data iris 0123456789abcdef")
        XCTAssertEqual(m, "no frame or dataset version '0123456789abcdef'")
        (m, h) = message(s, "diff data iris \(hash.prefix(4))")
        XCTAssertEqual(m, "'\(hash.prefix(4))' is too short to pick a version")
        (m, _) = message(s, "diff schema iris big")
        XCTAssertEqual(m, "unexpected 'big' after diff")
    }

    func testDiffOfOneFrameShowsWhatTheSessionDidToItSinceItsLastVersion() throws {
        let s = TestSupport.session()
        _ = try s.execute("load iris")
        let hash = s.state.current!.contentHash
        _ = try s.execute("filter species == \"setosa\"")
        guard case .group(let parts) = try s.execute("diff iris").output, case .table(let stats) = parts.last else { return XCTFail() }
        guard case .text(let sides) = parts[0] else { return XCTFail("\(parts)") }
        XCTAssertTrue(sides.hasPrefix("A: iris recorded "), sides)
        XCTAssertTrue(sides.contains("(\(hash.prefix(12)), 150 rows × 5 columns)\nB: iris (\(s.state.current!.contentHash.prefix(12)), 50 rows × 5 columns)"), sides)
        let unique = try XCTUnwrap(stats.rows.first { $0[0] == .text("species") && $0[1] == .text("unique") })
        XCTAssertEqual(Array(unique[2...4]), [.number(3, .integer), .number(1, .integer), .number(-2, .integer)])
        // Unchanged since loaded: identical.
        _ = try s.execute("load iris as fresh")
        guard case .group(let same) = try s.execute("diff data fresh").output else { return XCTFail() }
        XCTAssertEqual(same.last, .message("identical content: same columns, types and values"))
        var (m, h) = message(s, "diff irsi")
        XCTAssertEqual(m, "no frame named 'irsi' (did you mean 'iris'?)")
        _ = try s.execute("derive twice = sepal_length_cm * 2")
        _ = try s.execute("sql SELECT * FROM iris as q")
        (m, h) = message(s, "diff nosuch")
        XCTAssertEqual(m, "no frame named 'nosuch'")
        XCTAssertEqual(h, "frames: iris, fresh, q")
        // A frame no load, sql or store made has no version to start from.
        _ = try s.execute("use fresh")
        _ = try s.execute("split test=0.2")
        _ = try s.execute("train tree target=species as t")
        _ = try s.execute("predict t on=fresh as out")
        (m, h) = message(s, "diff out")
        XCTAssertEqual(m, "no recorded version of 'out' to compare it with")
        XCTAssertEqual(h, "versions are recorded by load, sql and store; `diff data A B` compares two frames")
    }
}
