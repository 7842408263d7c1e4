import XCTest
@testable import LabData

final class StrayValuesTests: XCTestCase {
    private func stray(_ csv: String) throws -> [StrayValues] {
        StrayValues.find(in: try CSVReader.parse(bytes: Array(csv.utf8), source: "t.csv", name: "t").frame)
    }

    func testNumbersWithMarkersForMissingAreFoundMostFrequentFirst() throws {
        let found = try stray("id,x\n1,2.5\n2,?\n3,4\n4,-\n5,7\n6,?\n")
        XCTAssertEqual(found, [StrayValues(column: "x", kind: .numbers, values: [.init(text: "?", rows: 2), .init(text: "-", rows: 1)])])
    }

    func testDatesWithAnImpossibleDateAreFound() throws {
        let found = try stray("when,n\n2024-01-03,1\n2024-02-30,2\n2024-03-01T10:00:00,3\n,4\n")
        XCTAssertEqual(found, [StrayValues(column: "when", kind: .dates, values: [.init(text: "2024-02-30", rows: 1)])])
    }

    func testTextColumnsAreNotFound() throws {
        // Mostly words; numbers in fewer than half the rows; one number only; too many different strays.
        XCTAssertEqual(try stray("a\nx\ny\nz\n1\n2\n"), [])
        XCTAssertEqual(try stray("a\n1\n2\nx\nx\nx\n"), [])
        XCTAssertEqual(try stray("a\n1\n1\n1\nx\ny\n"), [])
        XCTAssertEqual(try stray("a\n1\n2\n3\n4\n5\n6\n7\na\nb\nc\nd\ne\nf\n"), [])
        // Columns that read as numbers or dates have nothing stray.
        XCTAssertEqual(try stray("a,b\n1,2024-01-01\n2,2024-01-02\n3,2024-01-03\n"), [])
    }

    func testAFewDifferentStraysStillCount() throws {
        let found = try stray("a\n1\n2\n3\n4\n5\n6\n7\na\nb\nc\nd\ne\n")
        XCTAssertEqual(found.first?.values.map(\.text), ["a", "b", "c", "d", "e"])
    }

    func testBundledDatasetsHaveNone() throws {
        let catalog = DatasetCatalog(directory: URLPath.repositoryRoot(from: #filePath) + "/datasets")
        XCTAssertFalse(catalog.names.isEmpty)
        for name in catalog.names {
            let path = try XCTUnwrap(catalog.dataset(named: name)).path
            XCTAssertEqual(StrayValues.find(in: try CSVReader.read(path: path, name: name).frame), [], name)
        }
    }
}
