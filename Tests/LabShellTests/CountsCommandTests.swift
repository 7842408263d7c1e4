import XCTest
import LabData
@testable import LabShell

final class CountsCommandTests: XCTestCase {
    private func table(_ s: Session, _ line: String) throws -> ResultTable {
        guard case .table(let t) = try s.execute(line).output else { throw XCTSkip("not a table") }
        return t
    }

    private func text(_ cell: Cell) -> String {
        switch cell {
        case .text(let t): return t
        case .number(let x, let type): return NumberFormat.display(x, type: type)
        case .fixed(let x, let d): return NumberFormat.fixed(x, decimals: d)
        default: return "?"
        }
    }

    func testOneColumnCountsWithOthersAndMissing() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let embarked = try table(s, "counts embarked")
        XCTAssertEqual(embarked.title, "embarked in titanic: 3 distinct values in 1309 rows")
        XCTAssertEqual(embarked.columns, ["embarked", "count", "share%"])
        XCTAssertEqual(embarked.rows.map { $0.map(text) }, [["S", "914", "69.8"], ["C", "270", "20.6"], ["Q", "123", "9.4"], ["(missing)", "2", "0.2"]])
        let age = try table(s, "counts age top=2")
        // Values shown as the column's numbers are elsewhere (24, not 24.0); --json gives them as numbers.
        XCTAssertEqual(age.rows.map { $0.map(text) }, [["24", "47", "3.6"], ["22", "43", "3.3"], ["(96 other values)", "956", "73.0"], ["(missing)", "263", "20.1"]])
        XCTAssertEqual(age.rows[0][0], .number(24, .float))
        XCTAssertEqual(try table(s, "counts age top=0").rows.count, 98 + 1)
    }

    func testCrosstabCountsAndShares() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let counts = try table(s, "counts pclass survived")
        XCTAssertEqual(counts.columns, ["pclass \\ survived", "survived=0", "survived=1", "rows"])
        XCTAssertEqual(counts.rows.map { $0.map(text) }, [["1", "123", "200", "323"], ["2", "158", "119", "277"], ["3", "528", "181", "709"]])
        XCTAssertNil(counts.note)
        let rates = try table(s, "counts sex survived share=row")
        XCTAssertEqual(rates.title, "sex × survived in titanic (% of each row)")
        XCTAssertEqual(rates.rows.map { $0.map(text) }, [["female", "27.3", "72.7", "466"], ["male", "80.9", "19.1", "843"]])
        let columns = try table(s, "counts embarked sex share=column")
        XCTAssertEqual(columns.rows.map { $0.map(text) }, [["C", "24.4", "18.6", "270"], ["Q", "12.9", "7.5", "123"], ["S", "62.7", "73.9", "914"]])
        XCTAssertEqual(columns.note, "2 rows with a missing value in either column not counted")
        // The most common values keep rows (in order of value); the rest are summed.
        _ = try s.execute("load adult")
        let top = try table(s, "counts education income top=2")
        XCTAssertEqual(top.rows.map { text($0[0]) }, ["HS-grad", "Some-college", "(14 other values)"])
        XCTAssertEqual(top.rows.last.map { text($0[3]) }, String(48842 - 15784 - 10878))
    }

    func testPandasNamesFindIt() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        XCTAssertEqual(try table(s, "value_counts embarked"), try table(s, "counts embarked"))
        XCTAssertEqual(try table(s, "crosstab sex survived share=row"), try table(s, "counts sex survived share=row"))
    }

    func testBinsCountBandsOfEqualWidthInTheirOrder() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        let before = try s.state.frame(named: "titanic"), recorded = s.recordedLines
        let single = try table(s, "counts fare bins=5")
        XCTAssertEqual(single.title, "fare in titanic: 5 bands of equal width in 1309 rows")
        XCTAssertEqual(single.rows.map { $0[0] }, ["(-0.512, 102.466]", "(102.466, 204.932]", "(204.932, 307.398]", "(307.398, 409.863]", "(409.863, 512.329]", "(missing)"].map { Cell.text($0) })
        XCTAssertEqual(single.rows.map { $0[1] }, [1224, 46, 34, 0, 4, 1].map { Cell.number(Double($0), .integer) })
        let cross = try table(s, "counts fare survived bins=5 share=row")
        XCTAssertEqual(cross.rows.count, 5)
        XCTAssertEqual(cross.rows[1][2], Cell.fixed(Double(34) / 46 * 100, decimals: 1))
        // The empty band's shares are 0 of 0: missing, as pandas' NaN.
        XCTAssertEqual(cross.rows[3], [.text("(307.398, 409.863]"), .missing, .missing, .number(0, .integer)])
        XCTAssertEqual(try s.state.frame(named: "titanic").columnNames, before.columnNames, "counting in bands leaves the frame as it was")
        XCTAssertEqual(s.recordedLines, recorded)
    }

    func testBadRequestsSayWhatCountsTakes() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        func error(_ line: String) -> LabError? {
            do { _ = try s.execute(line); return nil } catch { return error as? LabError }
        }
        XCTAssertEqual(error("counts sex survived pclass")?.message, "counts takes one column, or two for a crosstab; got 3")
        XCTAssertEqual(error("counts sex share=row")?.message, "share= applies to a crosstab of two columns")
        XCTAssertEqual(error("counts survived name")?.message, "'name' has 1307 distinct values, too many for the crosstab's columns (at most 12)")
        XCTAssertEqual(error("counts survived name")?.hint, "put it first: counts name survived")
        XCTAssertEqual(error("counts name age")?.hint, "count it alone, in bands: counts age bins=5")
        XCTAssertEqual(error("counts name ticket")?.hint, "count it alone: counts ticket")
        XCTAssertEqual(error("counts survived fare")?.hint, "put it first: counts fare survived bins=5")
        XCTAssertEqual(error("counts sex fare bins=3")?.message, "bins= needs a column of numbers; 'sex' is string")
        XCTAssertTrue(error("counts sexx")?.message.contains("did you mean 'sex'") == true, "\(String(describing: error("counts sexx")))")
        XCTAssertEqual(error("counts sex share=rows")?.message.contains("share"), true)
    }
}
