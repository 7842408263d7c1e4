import Foundation
import XCTest
import LabData
@testable import LabML

/// The preparation transforms against scikit-learn, case by case, from the fixtures
/// written by Tests/fixtures/make_prep_fixtures.py.
final class PrepParityTests: XCTestCase {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/")
    }()

    private func cases(_ kind: String) -> [[String: Any]] {
        let data = try! Data(contentsOf: URL(fileURLWithPath: Self.root + "/Tests/LabMLTests/Fixtures/prep.json"))
        let fixtures = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        return fixtures[kind] as! [[String: Any]]
    }

    private func frame(_ dataset: String) throws -> Frame {
        try CSVReader.read(path: Self.root + "/datasets/\(dataset).csv", name: dataset).frame
    }

    private let all = TrainingRows(try! Frame(name: "none", columns: []))

    /// Numbers equal to 1e-12 relative (exact math, summation order aside); nil where missing.
    private func assertNumbers(_ column: Column, _ expected: [Any], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(column.count, expected.count, label, file: file, line: line)
        for (r, e) in expected.enumerated() {
            switch (column.value(at: r), e) {
            case (.missing, is NSNull): continue
            case (.number(let x), let y as Double):
                XCTAssertEqual(x, y, accuracy: 1e-12 * max(1, abs(y)), "\(label) row \(r)", file: file, line: line)
            case (.bool(let b), let y as Double):
                XCTAssertEqual(b ? 1 : 0, y, "\(label) row \(r)", file: file, line: line)
            default:
                return XCTFail("\(label) row \(r): \(column.value(at: r)) vs \(e)", file: file, line: line)
            }
        }
    }

    func testImputersMatchSimpleImputer() throws {
        for c in cases("impute") {
            let f = try frame(c["dataset"] as! String)
            let name = c["column"] as! String
            let label = "\(c["dataset"]!).\(name) \(c["strategy"]!)"
            let imputer = try Imputer.fit(try f.column(name), strategy: Imputer.Strategy(rawValue: c["strategy"] as! String)!,
                                          constant: c["constant"] as? String, rows: all)
            let out = try imputer.apply(to: f).column(name)
            if let text = c["fill"] as? String {
                XCTAssertEqual(imputer.fill, .text(text), label)
                XCTAssertEqual((0..<out.count).map { out.text(at: $0) }, c["values"] as! [String], label)
            } else {
                guard case .number(let x) = imputer.fill else { return XCTFail(label) }
                XCTAssertEqual(x, c["fill"] as! Double, accuracy: 1e-12 * abs(x), label)
                assertNumbers(out, c["values"] as! [Any], label)
            }
        }
    }

    /// add_indicator: the same columns, named as scikit-learn names them, with the same values.
    func testImputerIndicatorMatchesSimpleImputer() throws {
        for c in cases("indicator") {
            let f = try frame(c["dataset"] as! String)
            let name = c["column"] as! String
            let imputer = try Imputer.fit(try f.column(name), strategy: .median, constant: nil, rows: all, indicator: true)
            let out = try imputer.apply(to: f)
            let names = c["names"] as! [String], matrix = c["matrix"] as! [[Any]]
            XCTAssertEqual([name] + (imputer.indicatorColumn.map { [$0] } ?? []), names, name)
            let at = try XCTUnwrap(out.index(of: name))
            XCTAssertEqual(out.columns[at..<(at + names.count)].map(\.name), names, "beside the filled column")
            for (k, column) in names.enumerated() { assertNumbers(try out.column(column), matrix[k], column) }
        }
    }

    func testOneHotMatchesOneHotEncoder() throws {
        for c in cases("onehot") {
            let f = try frame(c["dataset"] as! String)
            let name = c["column"] as! String
            let encoder = try OneHotEncoder.fit(try f.column(name), rows: all, dropFirst: c["drop"] as! String == "first",
                                                unknown: .ignore, limit: 1000, missingCategory: c["missing"] as! String == "category")
            XCTAssertEqual(encoder.categories, c["categories"] as! [String])
            XCTAssertEqual(encoder.outputColumns, c["names"] as! [String])
            let out = try encoder.apply(to: f)
            for (k, column) in encoder.outputColumns.enumerated() {
                assertNumbers(try out.column(column), (c["matrix"] as! [[Any]])[k], column)
            }
            XCTAssertNil(out.index(of: name))
        }
    }

    func testOrdinalMatchesOrdinalEncoder() throws {
        for c in cases("ordinal") {
            let f = try frame(c["dataset"] as! String)
            let name = c["column"] as! String
            let encoder = try OrdinalEncoder.fit(try f.column(name), rows: all, unknown: .error, limit: 1000)
            XCTAssertEqual(encoder.categories, c["categories"] as! [String])
            assertNumbers(try encoder.apply(to: f).column(name), c["values"] as! [Any], name)
        }
    }

    func testScalersMatchScikitLearn() throws {
        for c in cases("scale") {
            let f = try frame(c["dataset"] as! String)
            let name = c["column"] as! String
            let label = "\(name) \(c["method"]!)"
            let scaler = try Scaler.fit(try f.column(name), method: Scaler.Method(rawValue: c["method"] as! String)!, rows: all)
            XCTAssertEqual(scaler.center, c["center"] as! Double, accuracy: 1e-12 * abs(scaler.center), label)
            XCTAssertEqual(scaler.scale, c["scale"] as! Double, accuracy: 1e-12 * abs(scaler.scale), label)
            assertNumbers(try scaler.apply(to: f).column(name), c["values"] as! [Any], label)
        }
    }

    func testBinsMatchKBinsDiscretizer() throws {
        for c in cases("bin") {
            let f = try frame(c["dataset"] as! String)
            let name = c["column"] as! String
            let label = "\(name) \(c["strategy"]!)"
            let binner = try Binner.fit(try f.column(name), bins: c["bins"] as! Int,
                                        strategy: Binner.Strategy(rawValue: c["strategy"] as! String)!, rows: all)
            let edges = c["edges"] as! [Double]
            XCTAssertEqual(binner.edges.count, edges.count, label)
            for (a, b) in zip(binner.edges, edges) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), label) }
            assertNumbers(try binner.apply(to: f).column(name), c["values"] as! [Any], label)
        }
    }
}
