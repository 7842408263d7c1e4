import XCTest
import LabData
@testable import LabOps

/// The text exposition format as Prometheus reads it (promtool checks the files in Tests/e2e/test_prometheus.py).
final class PrometheusTextTests: XCTestCase {
    func testGaugesRenderWithHelpTypeAndEscapedLabels() {
        let gauges = [
            PrometheusGauge(name: "opslab_x", help: "a help \\ line\nwith a break", samples: [
                .init([("frame", #"a "quoted" \ name"#), ("column", "two\nlines")], 0.25),
                .init([], 3),
            ]),
            PrometheusGauge(name: "opslab_y", help: "odd values", samples: [.init([("k", "v")], .nan), .init([("k", "w")], -.infinity), .init([("k", "z")], 1e-5)]),
        ]
        XCTAssertEqual(PrometheusText.render(gauges), #"""
            # HELP opslab_x a help \\ line\nwith a break
            # TYPE opslab_x gauge
            opslab_x{frame="a \"quoted\" \\ name",column="two\nlines"} 0.25
            opslab_x 3
            # HELP opslab_y odd values
            # TYPE opslab_y gauge
            opslab_y{k="v"} NaN
            opslab_y{k="w"} -Inf
            opslab_y{k="z"} 1e-05

            """#)
    }

    func testTheFileIsReplacedWholeAndABadPathSaysSo() throws {
        let dir = "/tmp/opslab-prom-\(UInt32.random(in: 0...UInt32.max))"
        try FileIO.makeDirectory(dir)
        let gauge = PrometheusGauge(name: "opslab_z", help: "h", samples: [.init([], 1)])
        try PrometheusText.write([gauge], to: dir + "/m.prom")
        try PrometheusText.write([gauge], to: dir + "/m.prom")
        XCTAssertEqual(String(decoding: try FileIO.readAll(dir + "/m.prom"), as: UTF8.self), "# HELP opslab_z h\n# TYPE opslab_z gauge\nopslab_z 1\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["m.prom"], "no temporary file left")
        XCTAssertThrowsError(try PrometheusText.write([gauge], to: dir + "/missing/m.prom")) { e in
            XCTAssertEqual((e as? LabError)?.message, "cannot write '\(dir)/missing/m.prom': No such file or directory")
        }
        XCTAssertThrowsError(try PrometheusText.write([gauge], to: dir)) { e in
            XCTAssertEqual((e as? LabError)?.message, "'\(dir)' is a directory")
            XCTAssertEqual((e as? LabError)?.hint, "give a file name inside it, e.g. \(dir)/opslab.prom")
        }
    }
}
