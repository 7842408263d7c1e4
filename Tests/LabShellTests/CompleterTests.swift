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
        XCTAssertEqual(try completer().complete("sample n=3 ").candidates, ["seed=", "as"])
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
    }

    func testPathsAfterLoad() throws {
        let root = TestSupport.repositoryRoot
        let c = try completer()
        XCTAssertEqual(c.complete("load \(root)/datasets/ir").candidates, ["\(root)/datasets/iris.csv"])
        XCTAssertEqual(c.complete("load \(root)/Sour").candidates, ["\(root)/Sources/"])
    }
}
