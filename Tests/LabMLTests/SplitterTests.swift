import XCTest
import LabData
@testable import LabML

final class SplitterTests: XCTestCase {
    private func titanic() throws -> Frame {
        try CSVReader.read(path: PrepParityTests.root + "/datasets/titanic.csv", name: "titanic").frame
    }

    private func roles(_ f: Frame) throws -> [String] {
        let c = try f.column(TrainingRows.splitColumn)
        return (0..<c.count).map { c.text(at: $0)! }
    }

    func testRandomSplitSizesFollowScikitLearnRounding() throws {
        let f = try Splitter.random(try titanic(), test: 0.2, valid: 0, seed: 42, stratify: nil)
        let r = try roles(f)
        XCTAssertEqual(r.filter { $0 == "test" }.count, 262) // ceil(1309 * 0.2), as train_test_split
        XCTAssertEqual(r.filter { $0 == "train" }.count, 1047)
        let g = try Splitter.random(try titanic(), test: 0.2, valid: 0.1, seed: 42, stratify: nil)
        let s = try roles(g)
        XCTAssertEqual([s.filter { $0 == "train" }.count, s.filter { $0 == "test" }.count, s.filter { $0 == "valid" }.count], [916, 262, 131])
    }

    func testSeedMakesItReproducible() throws {
        let a = try roles(Splitter.random(try titanic(), test: 0.3, valid: 0, seed: 7, stratify: nil))
        let b = try roles(Splitter.random(try titanic(), test: 0.3, valid: 0, seed: 7, stratify: nil))
        let c = try roles(Splitter.random(try titanic(), test: 0.3, valid: 0, seed: 8, stratify: nil))
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testStratifiedProportionsAreExactWithinOneRowPerClass() throws {
        let base = try titanic()
        for (test, valid) in [(0.2, 0.0), (0.25, 0.15), (0.5, 0.0)] {
            let f = try Splitter.random(base, test: test, valid: valid, seed: 3, stratify: "pclass")
            let r = try roles(f)
            let pclass = try f.column("pclass")
            for cls in ["1", "2", "3"] {
                let rows = (0..<f.rowCount).filter { pclass.text(at: $0) == cls }
                for (part, share) in [("test", test), ("valid", valid)] {
                    let got = Double(rows.filter { r[$0] == part }.count)
                    XCTAssertLessThanOrEqual(abs(got - Double(rows.count) * share), 1.0 + 1e-9, "\(cls) \(part) \(test)")
                }
            }
        }
    }

    func testTimeSplit() throws {
        let w = try CSVReader.read(path: PrepParityTests.root + "/datasets/seattle_weather.csv", name: "w").frame
        let r = try roles(Splitter.byValue(w, column: "date", at: "2015-01-01"))
        XCTAssertEqual(r.filter { $0 == "train" }.count, 366 + 365 + 365)
        XCTAssertEqual(r.filter { $0 == "test" }.count, 365)
        XCTAssertThrowsError(try Splitter.byValue(w, column: "date", at: "2030-01-01")) { e in
            XCTAssertEqual((e as? DataError)?.message, "at=2030-01-01 puts every row in train")
        }
        XCTAssertThrowsError(try Splitter.byValue(w, column: "weather", at: "sun")) { e in
            XCTAssertTrue((e as? DataError)?.message.contains("numeric, date or datetime") ?? false)
        }
    }

    /// By a share in time: the latest rows are the test part (as many as a random split of that
    /// share holds), the valid part just before them; rows sharing the cut's value go to the later part.
    func testTimeSplitByShare() throws {
        let w = try CSVReader.read(path: PrepParityTests.root + "/datasets/seattle_weather.csv", name: "w").frame
        // Dates out of order (row i takes row 7919·i mod n, a permutation as 7919 is prime): the split follows the column.
        let mixed = w.gathering((0..<w.rowCount).map { $0 * 7919 % w.rowCount })
        let split = try Splitter.byShare(mixed, column: "date", test: 0.2, valid: 0.1)
        let r = try roles(split.frame)
        XCTAssertEqual(r.filter { $0 == "test" }.count, 293)   // ceil(1461 × 0.2)
        XCTAssertEqual(r.filter { $0 == "valid" }.count, 147)  // ceil(1461 × 0.1)
        XCTAssertEqual(try mixed.column("date").text(at: split.testFrom), "2015-03-14")
        XCTAssertEqual(try mixed.column("date").text(at: split.validFrom!), "2014-10-18")
        let date = try mixed.column("date")
        for row in 0..<mixed.rowCount {
            let d = date.text(at: row)!
            XCTAssertEqual(r[row], d >= "2015-03-14" ? "test" : d >= "2014-10-18" ? "valid" : "train", "row \(row) \(d)")
        }
        // Ties at the cut stay together on the later side.
        let steps = try Frame(name: "s", columns: [Column(name: "t", type: .integer, values: [1, 2, 2, 2, 3, 4, 5, 6, 7, 8])])
        XCTAssertEqual(try roles(Splitter.byShare(steps, column: "t", test: 0.8, valid: 0).frame).filter { $0 == "test" }.count, 9)
        XCTAssertThrowsError(try Splitter.byShare(steps, column: "t", test: 0.5, valid: 0.45)) { e in
            XCTAssertEqual((e as? DataError)?.message, "10 rows are too few for test=0.5 valid=0.45")
        }
        let constant = try Frame(name: "c", columns: [Column(name: "year", type: .integer, values: [2013, 2013, 2013])])
        XCTAssertThrowsError(try Splitter.byShare(constant, column: "year", test: 0.2, valid: 0)) { e in
            XCTAssertEqual((e as? DataError)?.message, "'year' is 2013 on every row: there is no earlier and later to split by")
        }
        let flat = try Frame(name: "f", columns: [Column(name: "t", type: .integer, values: [1, 5, 5, 5, 5])])
        XCTAssertThrowsError(try Splitter.byShare(flat, column: "t", test: 0.2, valid: 0.2)) { e in
            XCTAssertEqual((e as? DataError)?.message, "'t' has the same value on too many of the latest rows to leave a valid part")
        }
        XCTAssertThrowsError(try Splitter.byShare(w, column: "weather", test: 0.2, valid: 0)) { e in
            XCTAssertTrue((e as? DataError)?.message.contains("numeric, date or datetime") ?? false)
        }
    }

    func testBadSplitsAreRefused() throws {
        let base = try titanic()
        XCTAssertThrowsError(try Splitter.random(base.head(0), test: 0.2, valid: 0, seed: 1, stratify: nil)) { e in
            XCTAssertEqual((e as? DataError)?.message, "frame 'titanic' has no rows to split")
        }
        XCTAssertThrowsError(try Splitter.random(base, test: 1.5, valid: 0, seed: 1, stratify: nil))
        XCTAssertThrowsError(try Splitter.random(base, test: 0.6, valid: 0.5, seed: 1, stratify: nil))
        let tiny = try Frame(name: "t", columns: [Column(name: "y", strings: ["a", "a", "b", "a"])])
        XCTAssertThrowsError(try Splitter.random(tiny, test: 0.5, valid: 0, seed: 1, stratify: "y")) { e in
            XCTAssertEqual((e as? DataError)?.message,
                           "class 'b' of stratify column 'y' has only 1 row; a stratified split needs at least 2 per class")
        }
        XCTAssertThrowsError(try Splitter.random(base, test: 0.2, valid: 0, seed: 1, stratify: "embarked")) { e in
            XCTAssertEqual((e as? DataError)?.message, "stratify column 'embarked' has 2 missing values")
        }
    }

    func testTransformsLearnFromTrainingRowsOnly() throws {
        let f = try Splitter.random(try titanic(), test: 0.25, valid: 0, seed: 11, stratify: nil)
        let rows = TrainingRows(f)
        let age = try f.column("age")
        let trainAges = rows.rows!.compactMap { r -> Double? in
            if case .number(let x) = age.value(at: r) { return x } else { return nil }
        }.sorted()
        let imputer = try Imputer.fit(age, strategy: .median, constant: nil, rows: rows)
        XCTAssertEqual(imputer.fill, .number(Quantiles.median(trainAges)))
        let all = try Imputer.fit(age, strategy: .median, constant: nil, rows: TrainingRows(try titanic()))
        XCTAssertEqual(all.fill, .number(28))
    }
}
