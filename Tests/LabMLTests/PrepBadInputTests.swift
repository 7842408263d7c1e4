import XCTest
import LabData
@testable import LabML

final class PrepBadInputTests: XCTestCase {
    private let all = TrainingRows(try! Frame(name: "none", columns: []))

    private func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? DataError)?.message }
    }

    func testImputingAnAllMissingColumn() {
        let c = Column(name: "x", type: .float, values: [0, 0], missing: Bitmap([true, true]))
        XCTAssertEqual(message { _ = try Imputer.fit(c, strategy: .mean, constant: nil, rows: self.all) },
                       "column 'x' has no values to learn a fill value from")
        let s = Column(name: "s", strings: ["a", nil])
        XCTAssertEqual(message { _ = try Imputer.fit(s, strategy: .median, constant: nil, rows: self.all) },
                       "cannot take the median of text column 's'")
    }

    func testEncodingTooManyDistinctValuesIsRefusedWithTheWayToRaiseTheLimit() {
        let c = Column(name: "id", type: .integer, values: (0..<100_000).map(Double.init))
        do {
            _ = try OneHotEncoder.fit(c, rows: all, dropFirst: false, unknown: .ignore, limit: 1000)
            XCTFail("accepted")
        } catch let e as DataError {
            XCTAssertEqual(e.message, "column 'id' has 100000 distinct values, more than the 1000 one-hot encoding accepts")
            XCTAssertEqual(e.hint, "a column like this is rarely a category; if it is, raise the limit with max_levels=100000")
        } catch { XCTFail("\(error)") }
    }

    func testOneHotNeedsImputedColumnsAndHandlesUnseenCategories() throws {
        let withMissing = Column(name: "c", strings: ["a", nil])
        XCTAssertEqual(message { _ = try OneHotEncoder.fit(withMissing, rows: self.all, dropFirst: false, unknown: .ignore, limit: 10) },
                       "column 'c' has 1 missing value")
        let train = try Frame(name: "t", columns: [Column(name: "c", strings: ["a", "b", "a"])])
        let fresh = try Frame(name: "n", columns: [Column(name: "c", strings: ["b", "z"])])
        let ignore = try OneHotEncoder.fit(try train.column("c"), rows: all, dropFirst: false, unknown: .ignore, limit: 10)
        let out = try ignore.apply(to: fresh)
        XCTAssertEqual(out.columnNames, ["c_a", "c_b"])
        XCTAssertEqual(try out.column("c_b").value(at: 0), .number(1))
        XCTAssertEqual(try out.column("c_a").value(at: 1), .number(0))
        XCTAssertEqual(try out.column("c_b").value(at: 1), .number(0))
        let strict = try OneHotEncoder.fit(try train.column("c"), rows: all, dropFirst: false, unknown: .error, limit: 10)
        XCTAssertEqual(message { _ = try strict.apply(to: fresh) }, "column 'c' has values the encoder never saw: z")
    }

    func testScalingAConstantColumn() {
        let c = Column(name: "k", type: .integer, values: [3, 3, 3])
        XCTAssertEqual(message { _ = try Scaler.fit(c, method: .standard, rows: self.all) },
                       "column 'k' is constant (every value is 3); scaling it would divide by zero")
        XCTAssertEqual(message { _ = try Scaler.fit(Column(name: "s", strings: ["a"]), method: .minmax, rows: self.all) },
                       "cannot scale string column 's'")
    }

    func testLogOfNonPositiveValues() {
        let c = Column(name: "fare", type: .float, values: [3, 0, 5])
        let e = message { _ = try LogTransform.check(c, offset: 0) }
        XCTAssertEqual(e, "column 'fare' has 0 in row 2; the log of a value <= 0 is undefined")
        XCTAssertNoThrow(try LogTransform.check(c, offset: 1))
        // The value and the offset to 4 digits, the offset rounded up so that it works; a missing
        // row's placeholder is no value.
        let scaled = Column(name: "z", type: .float, values: [0.5, -0.4297609454740799, -1.0813859790, -50],
                            missing: Bitmap([false, false, false, true]))
        do {
            _ = try LogTransform.check(scaled, offset: 0)
            XCTFail("no error")
        } catch let e as DataError {
            XCTAssertEqual(e.message, "column 'z' has -0.4298 in row 2; the log of a value <= 0 is undefined")
            XCTAssertEqual(e.hint, "shift the values: log z offset=2.082")
        } catch { XCTFail("\(error)") }
        XCTAssertNoThrow(try LogTransform.check(scaled, offset: 2.082))
        XCTAssertEqual(LogTransform.fourDigits(123_456, .up), "123500")
        XCTAssertEqual(LogTransform.fourDigits(-0.000123456, .toNearestOrAwayFromZero), "-0.0001235")
    }

    func testPipelineReplaysOnNewData() throws {
        let train = try Frame(name: "t", columns: [
            Column(name: "x", type: .float, values: [1, 2, 0, 5], missing: Bitmap([false, false, true, false])),
            Column(name: "c", strings: ["a", "b", "a", "a"]),
        ])
        var pipeline = PrepPipeline()
        let imputer = try Imputer.fit(try train.column("x"), strategy: .mean, constant: nil, rows: all)
        pipeline.append(.impute(imputer), fittedOnAllRows: true)
        let prepared = try imputer.apply(to: train)
        let scaler = try Scaler.fit(try prepared.column("x"), method: .minmax, rows: all)
        pipeline.append(.scale(scaler), fittedOnAllRows: true)
        pipeline.append(.derive(name: "x2", expression: "x * 2"), fittedOnAllRows: true)
        XCTAssertTrue(pipeline.fittedBeforeSplit)
        let fresh = try Frame(name: "n", columns: [
            Column(name: "x", type: .float, values: [0, 9], missing: Bitmap([true, false])),
            Column(name: "c", strings: ["b", "a"]),
        ])
        let out = try pipeline.apply(to: fresh)
        // mean of 1, 2, 5 is 8/3; min 1, range 4 after imputing
        XCTAssertEqual(try out.column("x").value(at: 0), .number((8.0 / 3 - 1) / 4))
        XCTAssertEqual(try out.column("x").value(at: 1), .number(2))
        XCTAssertEqual(try out.column("x2").value(at: 1), .number(4))
    }

    func testOnlyTheStepsAFeatureNeedsAreKeptForIt() throws {
        let train = try Frame(name: "t", columns: [
            Column(name: "x", type: .float, values: [1, 2, 0, 5], missing: Bitmap([false, false, true, false])),
            Column(name: "c", strings: ["a", "b", "a", "a"]),
            Column(name: "z", type: .float, values: [3, 1, 4, 1]),
        ])
        var pipeline = PrepPipeline()
        let imputer = try Imputer.fit(try train.column("x"), strategy: .mean, constant: nil, rows: all)
        let encoder = try OneHotEncoder.fit(try train.column("c"), rows: all, dropFirst: false, unknown: .ignore, limit: 10)
        let scaler = try Scaler.fit(try train.column("z"), method: .minmax, rows: all)
        for step in [PrepStep.impute(imputer), .oneHot(encoder), .scale(scaler), .derive(name: "x2", expression: "x * 2 + z"),
                     .dropColumns(["c_b"])] {
            pipeline.append(step, fittedOnAllRows: true)
        }
        // x2 reads x (imputed first) and z (scaled first); the one-hot code and the drop are not needed for it.
        XCTAssertEqual(pipeline.steps(for: ["x2"]), [.impute(imputer), .scale(scaler), .derive(name: "x2", expression: "x * 2 + z")])
        XCTAssertEqual(pipeline.steps(for: ["c_a"]), [.oneHot(encoder)])
        XCTAssertEqual(pipeline.steps(for: ["c"]), [], "a column the data holds as it is needs no step")
        XCTAssertEqual(pipeline.rawColumns(for: ["x2"]), ["x", "z"])
        XCTAssertEqual(pipeline.rawColumns(for: ["c_a", "x"]), ["x", "c"], "in the order the steps read them")
        // New data without c: the steps for x2 run all the same, as the whole pipeline runs them.
        let fresh = try Frame(name: "n", columns: [
            Column(name: "x", type: .float, values: [0, 9], missing: Bitmap([true, false])),
            Column(name: "z", type: .float, values: [4, 2]),
        ])
        var out = fresh
        for step in pipeline.steps(for: ["x2"]) { out = try step.apply(to: out) }
        let whole = try pipeline.apply(to: try fresh.setting(Column(name: "c", strings: ["a", "b"])))
        XCTAssertEqual(try out.column("x2"), try whole.column("x2"))
    }
}
