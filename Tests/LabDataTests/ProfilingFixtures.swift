import Foundation
import XCTest
@testable import LabData

/// The bundled datasets and the reference values Tests/fixtures/make_profiling_fixtures.py
/// computed from them with pandas and numpy.
enum ProfilingFixtures {
    static var repositoryRoot: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/")
    }

    static func dataset(_ name: String) throws -> Frame {
        try CSVReader.read(path: repositoryRoot + "/datasets/\(name).csv", name: name).frame
    }

    static func json(_ name: String) throws -> Any {
        let data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Tests/fixtures/profiling/\(name).json"))
        return try JSONSerialization.jsonObject(with: data)
    }

    /// A fixture number, or NaN for JSON null (pandas' NaN). Foundation's JSON parser can be one
    /// unit in the last place off, so even exact values are compared to 1e-15 relative.
    static func number(_ any: Any?) -> Double {
        (any as? NSNumber)?.doubleValue ?? .nan
    }

    static func assertClose(_ actual: Double, _ expected: Double, _ tolerance: Double, _ message: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        if expected.isNaN {
            XCTAssertTrue(actual.isNaN, "\(message): expected NaN, got \(actual)", file: file, line: line)
        } else {
            XCTAssertEqual(actual, expected, accuracy: tolerance * max(1, expected.magnitude), message, file: file, line: line)
        }
    }
}
