import XCTest
import LabData
@testable import LabShell

final class CompleterTests: XCTestCase {
    private func completer(loading: String? = nil) throws -> Completer {
        let s = TestSupport.session()
        if let loading { _ = try s.execute("load \(loading)") }
        return Completer(table: s.table, state: s.state, catalog: s.environment.catalog)
    }

    func testVerbs() throws {
        XCTAssertEqual(try completer().complete("des").candidates, ["describe"])
        let s = try completer().complete("s").candidates
        XCTAssertTrue(s.allSatisfy { $0.hasPrefix("s") })
        XCTAssertTrue(Set(["show", "select", "sort", "sample", "save", "split", "scale"]).isSubset(of: Set(s)), "\(s)")
    }

    func testKeysOfTheVerbBeingTyped() throws {
        XCTAssertEqual(try completer().complete("show c").candidates, ["cols="])
        XCTAssertEqual(try completer().complete("sample n=3 seed=1 ").candidates, ["frac=", "stratify=", "as"], "the keys not given yet")
    }

    func testDatasetsFramesAndColumns() throws {
        XCTAssertEqual(try completer().complete("load tit").candidates, ["titanic"])
        let c = try completer(loading: "titanic")
        XCTAssertEqual(c.complete("select emb").candidates, ["embarked"])
        XCTAssertEqual(c.complete("show cols=name,se").candidates, ["cols=name,sex"])
        // A quoted text value in an expression is not a file path.
        XCTAssertEqual(c.complete(#"filter sex == "m"#).candidates, [])
        XCTAssertEqual(c.complete(#"derive s = "m"#).candidates, [])
        XCTAssertEqual(c.complete("use ti").candidates, ["titanic"])
        XCTAssertEqual(c.complete("filter ag").candidates, ["age"])
        XCTAssertEqual(c.complete("sort fare d").candidates, ["desc"])
        // Keys that name a frame complete the session's frames.
        XCTAssertEqual(c.complete("drift against=ti").candidates, ["against=titanic"])
        XCTAssertEqual(c.complete("predict lr on=t").candidates, ["on=titanic"])
        XCTAssertEqual(c.complete("eval lr on=").candidates, ["on=titanic"])
    }

    /// A single column after target=, stratify=, by= (a space follows, as after any finished word);
    /// an item of a list of columns (features=, categorical=, cols=) is not followed by one, so a
    /// comma and the next item can come.
    func testColumnValuesAndListItems() throws {
        let c = try completer(loading: "titanic")
        XCTAssertEqual(c.complete("train boost target=surv").candidates, ["target=survived"])
        XCTAssertEqual(c.complete("split test=0.2 stratify=su").candidates, ["stratify=survived"])
        XCTAssertEqual(c.complete("train boost categorical=sex,emb").candidates, ["categorical=sex,embarked"])
        XCTAssertTrue(c.completesListItem("train boost categorical=sex,emb"))
        XCTAssertTrue(c.completesListItem("train logistic features=ag"))
        XCTAssertFalse(c.completesListItem("train boost target=surv"))
        XCTAssertFalse(c.completesListItem("select emb"))
        XCTAssertFalse(c.completesListItem("train boost categorical=sex "))
    }

    func testExpressionFunctionsIncludingDateParts() throws {
        let c = try completer(loading: "seattle_weather")
        XCTAssertEqual(c.complete("derive m = mo").candidates, ["month("])
        XCTAssertEqual(c.complete("filter week").candidates, ["weekday("])
        // A line per function, the summaries in one column.
        func line(_ page: String, _ usage: String) -> String? {
            page.split(separator: "\n").map(String.init).first { $0.hasPrefix("  \(usage) ") }
        }
        let derive = HelpCommand.page(for: DeriveCommand.spec), filter = HelpCommand.page(for: FilterCommand.spec)
        let month = try XCTUnwrap(line(derive, "month(date)"), derive), sqrt = try XCTUnwrap(line(filter, "sqrt(x)"), filter)
        XCTAssertTrue(month.hasSuffix(" a date's month, 1 to 12"), month)
        XCTAssertTrue(sqrt.hasSuffix(" square root (x >= 0)"), sqrt)
        XCTAssertEqual(month.firstRange(of: "a date's")?.lowerBound.utf16Offset(in: month), sqrt.firstRange(of: "square")?.lowerBound.utf16Offset(in: sqrt))
    }

    func testPathsAfterLoad() throws {
        let root = TestSupport.repositoryRoot
        let c = try completer()
        XCTAssertEqual(c.complete("load \(root)/datasets/ir").candidates, ["\(root)/datasets/iris.csv"])
        XCTAssertEqual(c.complete("load \(root)/Sour").candidates, ["\(root)/Sources/"])
    }
}
