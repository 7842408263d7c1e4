import XCTest
@testable import LabData

/// Outlier counts, fences and the farthest rows against numpy on bundled datasets.
final class OutlierTests: XCTestCase {
    func testCountsBoundsAndOrderMatchNumpy() throws {
        let cases = try XCTUnwrap(ProfilingFixtures.json("outliers") as? [[String: Any]])
        XCTAssertEqual(cases.count, 11)
        for c in cases {
            let name = try XCTUnwrap(c["dataset"] as? String), column = try XCTUnwrap(c["column"] as? String)
            let method = try XCTUnwrap(OutlierMethod(rawValue: c["method"] as? String ?? ""))
            let k = ProfilingFixtures.number(c["k"])
            let at = "\(name).\(column) \(method) k=\(k)"
            let report = try OutlierReport(try ProfilingFixtures.dataset(name).column(column), method: method, k: k)
            XCTAssertEqual(report.count, c["count"] as? Int, at)
            XCTAssertEqual(report.nonMissing, c["non_missing"] as? Int, at)
            ProfilingFixtures.assertClose(report.lower, ProfilingFixtures.number(c["lower"]), 1e-12, at)
            ProfilingFixtures.assertClose(report.upper, ProfilingFixtures.number(c["upper"]), 1e-12, at)
            XCTAssertEqual(Array(report.rows.prefix(10)), c["first_rows"] as? [Int], at)
            if method == .iqr {
                ProfilingFixtures.assertClose(report.centre.0, ProfilingFixtures.number(c["q1"]), 1e-15, at)
                ProfilingFixtures.assertClose(report.centre.1, ProfilingFixtures.number(c["q3"]), 1e-15, at)
            } else {
                ProfilingFixtures.assertClose(report.centre.0, ProfilingFixtures.number(c["mean"]), 1e-12, at)
                ProfilingFixtures.assertClose(report.centre.1, ProfilingFixtures.number(c["std"]), 1e-12, at)
            }
        }
    }

    func testScoresAreSignedDistancesPastTheFenceOrZ() throws {
        let x = Column(name: "x", type: .float, values: [1, 2, 3, 4, 5, 6, 7, 8, 100, -50])
        let r = try OutlierReport(x, method: .iqr, k: 1.5)
        // numpy: Q1 = 2.25, Q3 = 6.75, fences -4.5 and 13.5.
        XCTAssertEqual(r.rows, [8, 9])
        XCTAssertEqual(r.scores, [100 - 13.5, -50 - -4.5])
        XCTAssertEqual(r.percent, 20)
    }

    func testRefusesWhatHasNoOutliersToFind() throws {
        func message(_ column: Column, _ method: OutlierMethod, k: Double = 1.5) -> String? {
            do {
                _ = try OutlierReport(column, method: method, k: k)
                return nil
            } catch {
                return (error as? DataError)?.message
            }
        }
        let words = Column(name: "sex", strings: ["m", "f"])
        XCTAssertEqual(message(words, .iqr), "outliers needs a numeric column; 'sex' is string")
        let flags = Column(name: "ok", type: .boolean, values: [1, 0])
        XCTAssertEqual(message(flags, .zscore), "outliers needs a numeric column; 'ok' is boolean")
        let empty = Column(name: "e", type: .float, values: [0, 0, 0], missing: Bitmap([true, true, true]))
        XCTAssertEqual(message(empty, .iqr), "'e' has no values: all 3 rows are missing")
        let constant = Column(name: "c", type: .integer, values: [5, 5, 5, 5])
        XCTAssertEqual(message(constant, .iqr),
                       "'c' is constant (every value is 5): its IQR is 0, so the IQR fences cannot single out outliers")
        XCTAssertEqual(message(constant, .zscore, k: 3),
                       "'c' is constant (every value is 5): its std is 0, so z-scores are undefined")
        let mostlyZero = Column(name: "parch", type: .integer, values: [0, 0, 0, 0, 0, 0, 0, 1, 2])
        XCTAssertEqual(message(mostlyZero, .iqr),
                       "half of 'parch' lies on one value (Q1 = Q3 = 0): its IQR is 0, so the IQR fences cannot single out outliers")
        XCTAssertEqual(message(Column(name: "x", type: .float, values: [1, 2, 3]), .iqr, k: 0),
                       "k=0.0 is not valid: expected a positive number")
    }
}
