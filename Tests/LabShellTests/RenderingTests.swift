import XCTest
import LabData
@testable import LabShell

final class RenderingTests: XCTestCase {
    func testTablesMeasureTerminalColumnsAndShowTabsAsSpaces() {
        XCTAssertEqual(DisplayWidth.of("東京都"), 6)
        XCTAssertEqual(DisplayWidth.of("😀x"), 3)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1, "a combining accent takes no column")
        XCTAssertEqual(DisplayWidth.clip("東京都庁", 5, marker: "…"), "東京…")
        let table = ResultTable(columns: ["city", "n", "note"], numericColumns: [1],
                                rows: [[.text("東京都"), .number(1, .integer), .text("a\tb")], [.text("Paris"), .number(333, .integer), .text("z")]])
        let lines = TableRenderer(width: 80, style: .plain).render(table).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, ["city      n  note", "東京都    1  a b", "Paris   333  z"], "titles of numbers align right, over their digits")
    }

    func testASCIIOutputSpellsOutTypographyAndHiddenColumnsSayHowToPick() {
        XCTAssertEqual(Charset.ascii.render("1309 rows × 14 columns — 0.95 ± 0.01 …"), "1309 rows x 14 columns - 0.95 +/- 0.01 ...")
        XCTAssertEqual(Charset.unicode.render("a × b"), "a × b")
        XCTAssertEqual(Charset.ascii.render("東京"), "東京", "data is not touched")
        let renderer = OutputRenderer(width: 80, style: .plain, charset: .ascii)
        XCTAssertEqual(renderer.render(.message("trained 'm' — 3 features")), "trained 'm' - 3 features")
        XCTAssertEqual(renderer.render(error: DataError("bad — worse", hint: "try ≥ 2")), "error: bad - worse\n  hint: try >= 2")
        let wide = ResultTable(columns: (0..<12).map { "column_\($0)" }, rows: [(0..<12).map { _ in .text("value") }])
        let plain = TableRenderer(width: 40, style: .plain, charset: .ascii).render(wide)
        XCTAssertTrue(plain.contains("~"), plain)
        XCTAssertFalse(plain.unicodeScalars.contains { !$0.isASCII }, plain)
        XCTAssertTrue(plain.hasSuffix("columns hidden]"), plain)
        var picked = wide
        picked.hiddenColumnsHint = "show cols=... to pick"
        XCTAssertTrue(TableRenderer(width: 40, style: .plain).render(picked).hasSuffix("columns hidden (show cols=... to pick)]"))
    }

    func testProseIsBrokenAtSpacesToFitATerminalAndLeftWholeWhenPiped() {
        let message = "trained logistic 'lr': predicts survived from 3 features on 1047 rows — converged in 27 iterations; data sha256 0123456789ab…"
        let wrapped = TextWrap.wrap(message, width: 40)
        let lines = wrapped.split(separator: "\n").map(String.init)
        XCTAssertGreaterThan(lines.count, 3)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 40 }, wrapped)
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }, wrapped)
        XCTAssertEqual(lines.flatMap { $0.split(separator: " ") }, message.split(separator: " "), "every word kept, in order")
        // A word longer than the line stays whole; short lines and leading blanks stay as they are.
        XCTAssertEqual(TextWrap.wrap("see /a/very/long/path/that/does/not/fit/in/twenty/columns now", width: 20),
                       "see\n  /a/very/long/path/that/does/not/fit/in/twenty/columns\n  now")
        XCTAssertEqual(TextWrap.wrap("  hint: short", width: 20), "  hint: short")
        XCTAssertEqual(TextWrap.wrap("  hint: one two three four five", width: 20), "  hint: one two\n    three four five")
        // A help option's description continues under itself.
        XCTAssertEqual(TextWrap.wrap("  sep=      field separator: one character", width: 30),
                       "  sep=      field separator:\n            one character")

        let terminal = OutputRenderer(width: 40, style: .plain, wrapsProse: true)
        let piped = OutputRenderer(width: 40, style: .plain)
        XCTAssertEqual(piped.render(.warning(message)), "warning: " + message)
        XCTAssertTrue(terminal.render(.warning(message))!.hasPrefix("warning: trained logistic 'lr': predicts\n  "))
        let error = DataError("a message long enough to need more than one line of forty columns", hint: "a hint that is also rather long for forty")
        XCTAssertEqual(terminal.render(error: error),
                       "error: a message long enough to need\n  more than one line of forty columns\n  hint: a hint that is also rather long\n        for forty")
        let frame = FrameSummary(verb: "loaded", name: "t", rows: 1, columns: 14, detail: "from bundled dataset titanic (2 float, 5 integer)", sha256: nil)
        XCTAssertEqual(piped.render(.frame(frame)), "loaded t: 1 row × 14 columns — from bundled dataset titanic (2 float, 5 integer)")
        XCTAssertEqual(terminal.render(.frame(frame)), "loaded t: 1 row × 14 columns\n  — from bundled dataset titanic (2\n    float, 5 integer)")
        // A lesson's long quiz choice breaks at a space, under its own text.
        let quiz = LessonNote(.step, "What does it suggest?\n  1. First-class passengers survived far more often")
        let quizLines = terminal.render(.lesson(quiz))!.split(separator: "\n").map(String.init)
        XCTAssertEqual(quizLines.suffix(2), ["  1. First-class passengers survived far", "    more often"])
        XCTAssertFalse(piped.render(.lesson(quiz))!.contains("far\n"))
        // A step's paragraphs fill the width, flush at the margin; a bridge's code keeps its lines.
        let say = LessonNote(.step, title: "lesson 6 · step 1/19", LessonText.paragraphs(
            "Runs are grouped in experiments, one per question.\nRuns start in `Default`.\n\nA new paragraph, which says:\nit goes on.\nA list:\n  an indented line\n(next to go on)"))
        XCTAssertEqual(terminal.render(.lesson(say)), """
            ── lesson 6 · step 1/19 ──
            Runs are grouped in experiments, one per
            question. Runs start in `Default`.

            A new paragraph, which says: it goes on.
            A list:
              an indented line
            (next to go on)
            """)
        let bridge = LessonNote(.step, "The same at work:\n  mlflow.log_metric(\"roc_auc\", roc_auc_score(y_test, proba))", preformatted: true)
        XCTAssertEqual(terminal.render(.lesson(bridge)), bridge.text)
        // Colour codes take no columns: a line that fits on screen is not broken for them.
        let coloured = OutputRenderer(width: 40, style: Style(enabled: true), wrapsProse: true)
        let commands = LessonNote(.step, "Every `train`, `eval` and `cv` is a run.")
        XCTAssertEqual(coloured.render(.lesson(commands))!.split(separator: "\n").count, 1)
        XCTAssertEqual(TextWrap.visibleWidth("\u{1B}[36mtrain\u{1B}[0m, eval"), 11)
        // A hint's command stays on one line, to be typed or copied whole.
        let hint = LessonNote(.hint, title: "the solution", "  train tree target=survived features=pclass,age,sex_male,sibsp,parch max_depth=2 as t2")
        XCTAssertEqual(terminal.render(.lesson(hint))!.split(separator: "\n").count, 2)
    }

    func testNumbersKeepSixSignificantDigits() {
        XCTAssertEqual(NumberFormat.display(33.29547928134557, type: .float), "33.2955")
        XCTAssertEqual(NumberFormat.display(0.5, type: .float), "0.5")
        XCTAssertEqual(NumberFormat.display(1309, type: .integer), "1309")
        XCTAssertEqual(NumberFormat.display(1234567.891, type: .float), "1234568")
        XCTAssertEqual(NumberFormat.display(0.0000123456, type: .float), "1.23456e-05")
        XCTAssertEqual(NumberFormat.display(-2.5e20, type: .float), "-2.5e+20")
        XCTAssertEqual(NumberFormat.display(18292, type: .date), "2020-01-31")
    }

    func testWideTablesElideMiddleColumnsAndNeverExceedTheWidth() {
        let columns = (1...12).map { "column_\($0)" }
        let rows = (0..<3).map { r in columns.indices.map { Cell.number(Double(r * 100 + $0), .integer) } }
        let table = ResultTable(title: nil, columns: columns, numericColumns: Set(columns.indices), rows: rows, totalRows: 50,
                                hiddenColumnsHint: "show cols=... to pick")
        let text = TableRenderer(width: 60, style: .plain).render(table)
        let lines = text.split(separator: "\n")
        XCTAssertTrue(lines.allSatisfy { $0.count <= 60 }, text)
        XCTAssertEqual(lines[0], "column_1  column_2  column_3  …  column_11  column_12")
        XCTAssertEqual(lines[1], "       0         1         2  …         10         11")
        XCTAssertEqual(lines.suffix(2), ["[showing 3 of 50 rows]", "[7 of 12 columns hidden (show cols=... to pick)]"])
    }

    func testMissingCellsAreDimmedAndTextThatReadsNAIsQuoted() {
        let style = Style(enabled: true)
        let table = ResultTable(columns: ["a"], rows: [[.missing], [.text("NA")]])
        let lines = TableRenderer(width: 40, style: style).render(table).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[1], style.dim("NA  "), "padded to the column, dimmed")
        XCTAssertEqual(lines[2], "\"NA\"", "a text value that reads NA is quoted")
        XCTAssertEqual(TableRenderer(width: 40, style: .plain).render(table), "a\nNA\n\"NA\"")
    }

    func testMissingIsShownDistinctlyAndLongTextIsCut() {
        let table = ResultTable(columns: ["a", "b"], rows: [[.missing, .text(String(repeating: "x", count: 40))]])
        // Cells are cut only when the table would not fit (44 columns needed, 40 available), and only as much as needed.
        XCTAssertEqual(TableRenderer(width: 40, style: .plain).render(table), "a   b\nNA  " + String(repeating: "x", count: 35) + "…")
        // Short columns keep their width; the long one takes what is left, down to minimumCutWidth.
        let wide = ResultTable(columns: ["name", "rows", "description"],
                               rows: [[.text("titanic"), .number(1309, .integer), .text(String(repeating: "d", count: 90))]])
        let line = TableRenderer(width: 60, style: .plain).render(wide).split(separator: "\n")[1]
        XCTAssertEqual(line, "titanic  1309  " + String(repeating: "d", count: 44) + "…")
        XCTAssertTrue(TableRenderer(width: 30, style: .plain).render(wide).split(separator: "\n").allSatisfy { $0.count <= 30 })
        XCTAssertEqual(TableRenderer(width: 80, style: .plain).render(table), "a   b\nNA  " + String(repeating: "x", count: 40))
    }

    /// Bars after each row, the largest `barWidth` long, in eighths of a block; # in ASCII; not in JSON.
    func testBarsFollowTheirColumnInTheTerminalOnly() {
        var table = ResultTable(columns: ["v", "n"], numericColumns: [1],
                                rows: [[.text("a"), .number(80, .integer)], [.text("b"), .number(30, .integer)], [.text("c"), .number(0, .integer)]])
        table.barsFor = 1
        let unicode = TableRenderer(width: 60, style: .plain).render(table).split(separator: "\n").map(String.init)
        XCTAssertEqual(unicode, ["v   n", "a  80  " + String(repeating: "█", count: 20), "b  30  ███████▌", "c   0"])
        let ascii = TableRenderer(width: 60, style: .plain, charset: .ascii).render(table).split(separator: "\n").map(String.init)
        XCTAssertEqual(ascii[2], "b  30  ########")
        XCTAssertFalse(JSONOutput.value(.table(table)).contains("█"))
        // A fixed full bar (percentages): 80 of 100 is 16 blocks.
        table.barsFull = 100
        let shares = TableRenderer(width: 60, style: .plain).render(table).split(separator: "\n").map(String.init)
        XCTAssertEqual(shares[1], "a  80  " + String(repeating: "█", count: 16))
    }

    func testJSONOutputIsOneObjectWithColumnsAndRows() {
        let table = ResultTable(columns: ["n", "s"], numericColumns: [0],
                                rows: [[.number(1, .integer), .text("a\"b")], [.number(0.1, .float), .missing]])
        XCTAssertEqual(JSONOutput.line(number: 2, command: "show", output: .table(table)),
                       #"{"line":2,"command":"show","ok":true,"result":{"type":"table","columns":["n","s"],"rows":[[1,"a\"b"],[0.1,null]]}}"#)
    }
}
