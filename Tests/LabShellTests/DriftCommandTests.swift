import XCTest
import LabData
@testable import LabShell

/// `drift` on the bundled datasets against scipy's distances (Tests/fixtures/make_drift_fixtures.py),
/// and what it says when it cannot compare.
final class DriftCommandTests: XCTestCase {
    private func drift(_ setup: [String]) throws -> (Session, ResultTable) {
        let s = TestSupport.session()
        for line in setup.dropLast() { _ = try s.execute(line) }
        return (s, try XCTUnwrap(TestSupport.tables(try s.execute(setup.last!).output).first))
    }

    func testScoresAreScipysForEveryColumn() throws {
        let fixture = try XCTUnwrap(TestSupport.fixture("profiling/drift.json") as? [String: Any])
        let cases: [(String, [String])] = [
            ("titanic_first_vs_third_class", ["load titanic as first", "filter pclass == 1", "load titanic as third", "filter pclass == 3", "drift against=first"]),
            ("nyc_weather_jfk_vs_lga", [#"load nyc_weather_2013 as jfk"#, #"filter origin == "JFK""#, "load nyc_weather_2013 as lga",
                                        #"filter origin == "LGA""#, "drift against=jfk"]),
            ("penguins_adelie_vs_gentoo", ["load penguins as adelie", #"filter species == "Adelie""#, "load penguins as gentoo",
                                           #"filter species == "Gentoo""#, "drift against=adelie"]),
        ]
        for (name, lines) in cases {
            let expected = try XCTUnwrap(fixture[name] as? [String: [String: Any]])
            let (_, t) = try drift(lines)
            XCTAssertEqual(t.columns, ["column", "type", "method", "score", "drift"])
            XCTAssertEqual(t.rows.compactMap { if case .text(let c) = $0[0] { return c } else { return nil } }.sorted(), expected.keys.sorted(), name)
            for row in t.rows {
                guard case .text(let column) = row[0], let want = expected[column], case .fixed(let got, _) = row[3] else { return XCTFail("\(name): \(row)") }
                let score = (want["score"] as! NSNumber).doubleValue
                XCTAssertEqual(got, score, accuracy: 1e-9 * max(1, score), "\(name) \(column)")
                XCTAssertEqual(row[2], .text(want["kind"] as! String == "numbers" ? "wasserstein (normed)" : "jensen-shannon"), "\(name) \(column)")
                XCTAssertEqual(row[4], .text(score >= 0.1 ? "yes" : "no"), "\(name) \(column)")
            }
        }
    }

    func testASplitComparesTestRowsWithTrainingRows() throws {
        let (_, t) = try drift(["load seattle_weather", "split by=date at=2015-01-01", "drift temp_max weather"])
        XCTAssertEqual(t.title, "drift of the 365 test rows of 'seattle_weather' against its 1096 training rows")
        XCTAssertEqual(t.rows.map { $0[0] }, [.text("temp_max"), .text("weather")])
        XCTAssertTrue(t.note?.hasPrefix("2 of 2 columns drifted (100%): temp_max, weather; the data as a whole drifted") ?? false, t.note ?? "")
        // The same rows as two frames give the same scores.
        let (_, apart) = try drift(["load seattle_weather as before", #"filter date < "2015-01-01""#, "load seattle_weather as after",
                                    #"filter date >= "2015-01-01""#, "drift temp_max weather against=before"])
        XCTAssertEqual(apart.rows.map { $0[3] }, t.rows.map { $0[3] })
    }

    func testAChangedTypeIsDriftAndAnEmptySideHasNoScore() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileIO.writeAtomically(Array("a,b,c\n1,x,\n2,y,\n".utf8), to: dir + "/old.csv")
        try FileIO.writeAtomically(Array("a,b,c\nten,x,3\n2,y,4\n".utf8), to: dir + "/new.csv")
        let (_, t) = try drift(["load \(dir)/old.csv", "load \(dir)/new.csv", "drift against=old threshold=0.2"])
        XCTAssertEqual(t.rows[0], [.text("a"), .text("integer → string"), .text("type changed"), .missing, .text("yes")])
        XCTAssertEqual(t.rows[1], [.text("b"), .text("string"), .text("jensen-shannon"), .fixed(0, decimals: 4), .text("no")])
        XCTAssertEqual(t.rows[2][4], .text("no values"))
        XCTAssertTrue(t.note?.contains("A score from 0.2 on counts as drift") ?? false)
    }

    func testPromWritesTheScoresForPrometheus() throws {
        let dir = TestSupport.temporaryDirectory()
        let (s, t) = try drift(["load seattle_weather", "split by=date at=2015-01-01", "drift temp_max weather prom=\(dir)/drift.prom"])
        let text = String(decoding: try FileIO.readAll(dir + "/drift.prom"), as: UTF8.self)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        guard case .fixed(let temp, _) = t.rows[0][3], case .fixed(let weather, _) = t.rows[1][3] else { return XCTFail("\(t.rows)") }
        XCTAssertEqual(lines, [
            #"opslab_drift_score{frame="seattle_weather",reference="train",column="temp_max",method="wasserstein_normed"} \#(temp)"#,
            #"opslab_drift_score{frame="seattle_weather",reference="train",column="weather",method="jensen_shannon"} \#(weather)"#,
            #"opslab_drift_detected{frame="seattle_weather",reference="train",column="temp_max"} 1"#,
            #"opslab_drift_detected{frame="seattle_weather",reference="train",column="weather"} 1"#,
            #"opslab_drift_share{frame="seattle_weather",reference="train"} 1"#,
            #"opslab_drift_threshold{frame="seattle_weather",reference="train"} 0.1"#,
        ])
        XCTAssertEqual(TestSupport.messages(try s.execute("drift temp_max prom=\(dir)/d2.prom").output).last,
                       "wrote 4 samples of opslab_drift_score, opslab_drift_detected, opslab_drift_share, opslab_drift_threshold to \(dir)/d2.prom "
                       + "(Prometheus text format: node_exporter's textfile collector serves it)")
    }

    func testExportAlertsWritesRulesAndSaysWhatItNeeds() throws {
        let s = TestSupport.session()
        let dir = TestSupport.temporaryDirectory()
        XCTAssertEqual(TestSupport.messages(try s.execute("export alerts \(dir)/r.yml metric=roc_auc bar=0.8").output),
                       ["wrote 3 alerting rules to \(dir)/r.yml (add it to rule_files in prometheus.yml; `promtool check rules \(dir)/r.yml` checks it)"])
        XCTAssertTrue(String(decoding: try FileIO.readAll(dir + "/r.yml"), as: UTF8.self).contains("alert: OpslabModelPastBar"))
        func message(_ line: String) -> String? { TestSupport.errorMessage(s, line) }
        XCTAssertEqual(message("export alerts \(dir)/x.yml metric=auc_roc bar=0.8"), "eval reports no metric 'auc_roc' (did you mean 'roc_auc'?)")
        XCTAssertEqual(message("export alerts \(dir)/x.yml bar=0.8"), "bar= needs metric=: the metric the bar is for")
        XCTAssertEqual(message("export alerts \(dir)/x.yml metric=f1"), "metric= needs bar=: the value it must not pass")
        XCTAssertEqual(message("export mlflow \(dir)/m metric=f1 bar=1"), "metric= and bar= are for export alerts")
        XCTAssertFalse(FileIO.exists(dir + "/x.yml"))
    }

    func testBadRequestsSayWhatIsWrong() throws {
        let s = TestSupport.session()
        _ = try s.execute("load titanic")
        func message(_ line: String) -> String? { TestSupport.errorMessage(s, line) }
        XCTAssertEqual(message("drift"), "'titanic' has no split to compare test rows with training rows")
        XCTAssertEqual(message("drift against=titanc"), "no frame named 'titanc' (did you mean 'titanic'?)")
        _ = try s.execute("load iris")
        XCTAssertEqual(message("drift against=titanic"), "'iris' and 'titanic' have no column in common to compare")
        XCTAssertEqual(message("drift sepal_length_cm against=titanic"), "the reference 'titanic' has no column 'sepal_length_cm'")
        XCTAssertEqual(message("drift against=iris threshold=0"), "threshold=0 is not valid: expected a positive number")
        XCTAssertEqual(message("drift sepal_lenght_cm against=iris"), "no column 'sepal_lenght_cm' in frame 'iris' (did you mean 'sepal_length_cm'?)")
        _ = try s.execute("load iris as none")
        _ = try s.execute("filter sepal_length_cm > 100")
        XCTAssertEqual(message("drift against=iris"), "'none' has no rows to compare")
        XCTAssertEqual(s.state.currentName, "none")
    }
}
