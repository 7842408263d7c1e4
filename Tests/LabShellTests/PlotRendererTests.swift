import XCTest
@testable import LabShell

final class PlotRendererTests: XCTestCase {
    private let roc = Plot(title: "ROC", xLabel: "false positive rate", yLabel: "true positive rate",
                           series: [Plot.Series(name: "model", points: [(0, 0), (0, 0.6), (0.2, 0.9), (1, 1)]),
                                    Plot.Series(name: "chance", points: [(0, 0), (1, 1)], reference: true)],
                           xRange: 0...1, yRange: 0...1, notes: ["AUC 0.91"])

    func testFitsTheWidthAndLabelsTheAxes() {
        let text = PlotRenderer(width: 80, height: 12, unicode: true, style: .plain).render(roc)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 }, text)
        XCTAssertEqual(lines.first, "ROC")
        XCTAssertEqual(lines[1].prefix(5), "  1 │")
        XCTAssertEqual(lines[7].prefix(5), "0.5 │") // row height / 2 of 12
        XCTAssertEqual(lines[12].prefix(5), "  0 │")
        XCTAssertTrue(text.contains("x: false positive rate   y: true positive rate"))
        XCTAssertEqual(lines.last, "AUC 0.91")
        // The curve starts at the bottom left and climbs the left edge: braille dots there.
        XCTAssertNotEqual(lines[12].dropFirst(5).first, " ", text)
        XCTAssertTrue(text.unicodeScalars.contains { $0.value >= 0x2801 && $0.value <= 0x28FF })
    }

    func testASCIIFallbackUsesPlainMarksAndALegend() {
        let text = PlotRenderer(width: 60, height: 10, unicode: false, style: .plain).render(roc)
        XCTAssertTrue(text.unicodeScalars.allSatisfy { $0.isASCII }, text)
        XCTAssertTrue(text.contains("* model   . chance"))
        XCTAssertTrue(text.contains("*"))
    }

    /// A scatter draws each point alone: two corners, nothing between them; a date axis is labelled with days.
    func testUnconnectedPointsStayApartAndDateAxesReadAsDates() {
        var plot = Plot(title: "S", xLabel: "day", yLabel: "y", series: [.init(name: "rows", points: [(15_000, 0), (15_010, 1)], connected: false)])
        plot.xType = .date
        let text = PlotRenderer(width: 40, height: 8, unicode: false, style: .plain).render(plot)
        let marks = { (t: String) in t.split(separator: "\n").filter { $0.contains("|") }.map { $0.filter { $0 == "*" }.count }.reduce(0, +) }
        XCTAssertEqual(marks(text), 2, text)
        let connected = PlotRenderer(width: 40, height: 8, unicode: false, style: .plain)
            .render(Plot(title: "S", xLabel: "x", yLabel: "y", series: [.init(name: "rows", points: [(15_000, 0), (15_010, 1)])]))
        XCTAssertGreaterThan(marks(connected), 10, connected)
        XCTAssertEqual(PlotRenderer.label(1_357_020_000 + 29, .datetime), "2013-01-01 06:00", "to the minute")
        XCTAssertEqual(PlotRenderer.label(1_356_998_400, .datetime), "2013-01-01", "midnight: the day")
        XCTAssertEqual(PlotRenderer.label(1_357_020_000 + 31, .datetime), "2013-01-01 06:01")
        XCTAssertTrue(text.contains(" 2011-01-26 "), text)
        XCTAssertTrue(text.contains("2011-02-05"), text)
        XCTAssertTrue(JSONOutput.value(.plot(plot)).contains(#""reference":false,"connected":false,"#))
        XCTAssertTrue(JSONOutput.value(.plot(plot)).hasPrefix(#"{"type":"plot","title":"S","x_label":"day","y_label":"y","x_type":"date","series""#))
    }

    func testJSONGivesEveryPointAndNullForNonFinite() {
        let plot = Plot(title: "ROC", xLabel: "fpr", yLabel: "tpr",
                        series: [.init(name: "m", points: [(0, 0), (0.25, 0.5), (1, .infinity)])], notes: ["AUC 0.75"])
        XCTAssertEqual(JSONOutput.value(.plot(plot)),
                       #"{"type":"plot","title":"ROC","x_label":"fpr","y_label":"tpr","series":[{"name":"m","reference":false,"x":[0.0,0.25,1.0],"y":[0.0,0.5,null]}],"notes":["AUC 0.75"]}"#)
    }

    func testOutputRendererDrawsPlotsWithTheCharset() {
        let plot = Plot(title: "T", xLabel: "x", yLabel: "y", series: [.init(name: "a", points: [(0, 0), (1, 1)])])
        let ascii = OutputRenderer(width: 60, style: .plain, charset: .ascii).render(.plot(plot)) ?? ""
        XCTAssertTrue(ascii.contains("*") && !ascii.unicodeScalars.contains { $0.value >= 0x2800 && $0.value <= 0x28FF })
        let braille = OutputRenderer(width: 60, style: .plain, charset: .unicode).render(.plot(plot)) ?? ""
        XCTAssertTrue(braille.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
    }

    func testSeveralCurvesGetColoursOrPlainMarks() {
        let plot = Plot(title: "T", xLabel: "x", yLabel: "y",
                        series: [.init(name: "training", points: [(0, 0), (1, 1)]), .init(name: "validation", points: [(0, 1), (1, 0)])])
        let plain = PlotRenderer(width: 60, height: 10, unicode: true, style: .plain).render(plot)
        XCTAssertTrue(plain.contains("* training   o validation"), "without colour, braille would make them look alike")
        XCTAssertTrue(plain.contains("o") && !plain.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
        let coloured = PlotRenderer(width: 60, height: 10, unicode: true, style: Style(enabled: true)).render(plot)
        XCTAssertTrue(coloured.contains("\u{1B}[36m━━ training\u{1B}[0m") && coloured.contains("\u{1B}[33m━━ validation\u{1B}[0m"))
        XCTAssertTrue(coloured.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
    }

    func testTheXAxisSpansTheDataAndTheYAxisKeepsAMargin() {
        let plot = Plot(title: "learning curve", xLabel: "training rows", yLabel: "r2",
                        series: [.init(name: "validation", points: [(25, 0.73), (138, 0.80), (251, 0.81)])])
        let lines = PlotRenderer(width: 60, height: 8, unicode: true, style: .plain).render(plot).split(separator: "\n").map(String.init)
        let axis = try? XCTUnwrap(lines.first { $0.contains("138") })
        XCTAssertEqual(axis?.split(separator: " ").map(String.init), ["25", "138", "251"])
        // y: 0.73 to 0.81 with 5% of the span above and below.
        XCTAssertEqual(lines[1].prefix(7), "0.814 │")
        XCTAssertEqual(lines[8].prefix(7), "0.726 │")
    }

    func testProgressLineShowsCountBarAndETA() {
        XCTAssertEqual(ProgressMeter.line(done: 3, total: 6, what: "fold", elapsed: 6, unicode: false, width: 60),
                       "fold 3/6 [##########..........] 50%  ETA 6s")
        XCTAssertEqual(ProgressMeter.line(done: 1, total: 40, what: "tree", elapsed: 2, unicode: true, width: 60),
                       "tree 1/40 [" + String(repeating: "░", count: 20) + "] 2%  ETA 1m18s")
        XCTAssertTrue(ProgressMeter.line(done: 0, total: 4, what: "x", elapsed: 1, unicode: false, width: 60).hasSuffix("ETA --"))
    }
}
