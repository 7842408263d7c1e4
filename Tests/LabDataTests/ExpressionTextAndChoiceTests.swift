import XCTest
@testable import LabData

/// The text functions (lower ... endswith) and the choices between values (if, coalesce).
final class ExpressionTextAndChoiceTests: XCTestCase {
    /// Row 3's name and row 4's fare are missing.
    private func people() throws -> Frame {
        try Frame(name: "people", columns: [
            Column(name: "name", strings: ["  Mr Smith", "Mrs JONES ", "mr brown", nil, "Miss Grey"]),
            Column(name: "age", type: .integer, values: [40, 35, 8, 61, 15]),
            Column(name: "fare", type: .float, values: [7.25, 71.5, 8, 0, 53.1], missing: Bitmap([false, false, false, true, false])),
            Column(name: "kids", type: .integer, values: [2, 0, 0, 1, 0]),
            Column(name: "day", type: .date, values: [0, 1, 2, 3, 4]),
        ])
    }

    private func column(_ text: String) throws -> Column { try Expression.parse(text).evaluate(on: people()) }

    private func values(_ text: String) throws -> [Value] {
        let c = try column(text)
        return (0..<c.count).map { c.value(at: $0) }
    }

    private func error(_ text: String) throws -> String {
        let frame = try people()
        do {
            _ = try Expression.parse(text).evaluate(on: frame)
            XCTFail("expected \(text) to fail")
            return ""
        } catch let e as DataError {
            return e.message + " | " + (e.hint ?? "")
        }
    }

    private let s = { (x: String) in Value.string(x) }
    private let n = { (x: Double) in Value.number(x) }
    private let b = { (x: Bool) in Value.bool(x) }

    func testTextFunctionsWorkPerValueAndKeepMissing() throws {
        XCTAssertEqual(try values("lower(name)"), [s("  mr smith"), s("mrs jones "), s("mr brown"), .missing, s("miss grey")])
        XCTAssertEqual(try values("upper(strip(name))"), [s("MR SMITH"), s("MRS JONES"), s("MR BROWN"), .missing, s("MISS GREY")])
        XCTAssertEqual(try values("len(name)"), [n(10), n(10), n(8), .missing, n(9)])
        XCTAssertEqual(try column("len(name)").type, .integer)
        XCTAssertEqual(try values("contains(name, \"Mr\")"), [b(true), b(true), b(false), .missing, b(false)])
        XCTAssertEqual(try values("startswith(lower(strip(name)), \"mr\")"), [b(true), b(true), b(true), .missing, b(false)])
        XCTAssertEqual(try values("endswith(name, \"Grey\")"), [b(false), b(false), b(false), .missing, b(true)])
        XCTAssertEqual(try column("contains(name, \"Mr\")").type, .boolean)
        // Values that become equal share one level.
        guard case .strings(_, let levels) = try column("lower(strip(name)) + \"\"").data else { return XCTFail() }
        XCTAssertEqual(levels.count, 4)
        // A constant: one level for every row.
        guard case .strings(let codes, let folded) = try column("lower(\"AB\")").data else { return XCTFail() }
        XCTAssertEqual(codes, [0, 0, 0, 0, 0])
        XCTAssertEqual(folded, ["ab"])
        XCTAssertEqual(try Expression.parse("len(upper(\"abc\"))").evaluateValue { _ in nil }, .number(3))
    }

    /// Code points, as pandas' str.len and str.contains count and find them: "\r\n" is two, an
    /// accent written apart (e + U+0301) is a code point of its own, and a CR is found inside CRLF.
    func testTextIsMeasuredAndSearchedByCodePointAsPandasDoes() throws {
        let frame = try Frame(name: "t", columns: [Column(name: "s", strings: ["a\r\nb", "e\u{301}", "日本", "x\r"])])
        func values(_ text: String) throws -> [Value] {
            let c = try Expression.parse(text).evaluate(on: frame)
            return (0..<c.count).map { c.value(at: $0) }
        }
        XCTAssertEqual(try values("len(s)"), [n(4), n(2), n(2), n(2)])
        XCTAssertEqual(try values("contains(s, \"\\r\")"), [b(true), b(false), b(false), b(true)])
        XCTAssertEqual(try values("endswith(s, \"\\r\")"), [b(false), b(false), b(false), b(true)])
        XCTAssertEqual(try values("startswith(s, \"e\")"), [b(false), b(true), b(false), b(false)])
        XCTAssertEqual(try values("contains(s, \"本\")"), [b(false), b(false), b(true), b(false)])
        XCTAssertEqual(try values("contains(s, \"\")"), [b(true), b(true), b(true), b(true)])
    }

    func testIfTakesOneValuePerRowAndSparesTheOtherBranch() throws {
        XCTAssertEqual(try values("if(age < 18, \"child\", \"adult\")"), [s("adult"), s("adult"), s("child"), s("adult"), s("child")])
        XCTAssertEqual(try values("if(fare > 10, fare, 0)"), [n(0), n(71.5), n(0), .missing, n(53.1)])
        XCTAssertEqual(try column("if(fare > 10, fare, 0)").type, .float)
        XCTAssertEqual(try column("if(age > 10, age, 0)").type, .integer)
        XCTAssertEqual(try values("if(age > 30, missing, kids)"), [.missing, .missing, n(0), .missing, n(0)])
        XCTAssertEqual(try values("if(age > 30, day, day + 10)"), [n(0), n(1), n(12), n(3), n(14)])
        // The rows where kids is 0 take the else branch: no division by zero there.
        XCTAssertEqual(try values("if(kids != 0, age / kids, 0)"), [n(20), n(0), n(0), n(61), n(0)])
        XCTAssertTrue(try error("if(kids == 0, age / kids, 0)").hasPrefix("division by zero in row 2"))
        XCTAssertEqual(try Expression.parse("if(1 > 2, \"a\", \"b\")").evaluateValue { _ in nil }, .string("b"))
    }

    func testCoalesceFillsFromTheNextArgument() throws {
        XCTAssertEqual(try values("coalesce(fare, 0)"), [n(7.25), n(71.5), n(8), n(0), n(53.1)])
        XCTAssertEqual(try values("coalesce(name, \"unknown\")"), [s("  Mr Smith"), s("Mrs JONES "), s("mr brown"), s("unknown"), s("Miss Grey")])
        XCTAssertEqual(try values("coalesce(fare, missing)")[3], .missing)
        XCTAssertEqual(try column("coalesce(kids, age)").type, .integer)
    }

    func testWrongArgumentsAreNamed() throws {
        XCTAssertEqual(try error("lower(age)"), "cannot apply 'lower' to integer | lower works on text; usage: lower(text)")
        XCTAssertEqual(try error("contains(name, age)"),
                       "contains's second argument must be text in quotes, got age | usage: contains(text, \"part\"), e.g. contains(name, \"Mr\")")
        XCTAssertEqual(try error("if(age, 1, 2)"),
                       "if's condition must be true or false, but 'age' gives integer values | usage: if(condition, then, else), e.g. if(age < 18, \"child\", \"adult\")")
        XCTAssertEqual(try error("if(age > 1, 1, \"x\")"),
                       "if's values must be of one kind, got integer and string | each row takes one of them: numbers with numbers, text with text, dates with dates; usage: if(condition, then, else)")
        XCTAssertEqual(try error("coalesce(day, 0)"),
                       "coalesce's values must be of one kind, got date and integer | each row takes one of them: numbers with numbers, text with text, dates with dates; usage: coalesce(a, b, ...)")
        XCTAssertEqual(try error("if(age > 1, 1)"), "if takes 3 arguments, got 2 | usage: if(condition, then, else)")
        XCTAssertEqual(try error("endswith(name)"), "endswith takes 2 arguments, got 1 | usage: endswith(text, \"part\")")
        XCTAssertEqual(try error("lowr(name)").components(separatedBy: " | ")[0], "unknown function 'lowr' (did you mean 'lower'?)")
    }
}

/// replace, slice, split, extract and matches on titanic against pandas' str methods
/// (Tests/fixtures/make_text_fixtures.py wrote the values), and their edge cases.
final class ExpressionTextPartsTests: XCTestCase {
    func testTextPartsAreThoseOfPandasStrMethodsOnTitanic() throws {
        let path = ProfilingFixtures.repositoryRoot + "/Tests/fixtures/text/text_functions.json"
        let fixture = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let frame = try ProfilingFixtures.dataset("titanic")
        let cases = try XCTUnwrap(fixture["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 19)
        for c in cases {
            let expression = c["opslab"] as! String, expected = c["values"] as! [Any]
            let column = try Expression.parse(expression).evaluate(on: frame)
            XCTAssertEqual(column.count, expected.count, expression)
            var mismatches = 0
            for (r, want) in expected.enumerated() {
                let got = column.value(at: r)
                let wanted: Value = want is NSNull ? .missing : (want as? String).map(Value.string) ?? .bool((want as! NSNumber).boolValue)
                if got != wanted {
                    mismatches += 1
                    if mismatches <= 3 { XCTFail("\(expression) row \(r + 1): \(got), pandas \(wanted)") }
                }
            }
        }
    }

    private func values(_ text: String, _ strings: [String?]) throws -> [Value] {
        let frame = try Frame(name: "t", columns: [Column(name: "s", strings: strings)])
        let c = try Expression.parse(text).evaluate(on: frame)
        return (0..<c.count).map { c.value(at: $0) }
    }

    func testEdgesFollowPython() throws {
        let s = { (x: String) in Value.string(x) }
        // Code points, not characters: CR LF is two, an accent written apart is its own.
        XCTAssertEqual(try values("slice(s, 1, 2)", ["a\r\nb", "e\u{301}x", nil]), [s("\r"), s("\u{301}"), .missing])
        XCTAssertEqual(try values("replace(s, \"\\r\", \"\")", ["a\r\nb"]), [s("a\nb")])
        XCTAssertEqual(try values("split(s, \"\\r\", 1)", ["a\r\nb"]), [s("\nb")])
        // Python's clamping: past either end is the end, a start after the stop is empty.
        XCTAssertEqual(try values("slice(s, -100, 100)", ["abc"]), [s("abc")])
        XCTAssertEqual(try values("slice(s, 2, 1)", ["abc"]), [s("")])
        XCTAssertEqual(try values("slice(s, -1)", ["abc", ""]), [s("c"), s("")])
        // Separators at the ends give empty parts; past the last part is missing.
        XCTAssertEqual(try values("split(s, \",\", 0)", [",a,", "a"]), [s(""), s("a")])
        XCTAssertEqual(try values("split(s, \",\", -1)", [",a,", "a"]), [s(""), s("a")])
        XCTAssertEqual(try values("split(s, \",\", 3)", [",a,"]), [.missing])
        XCTAssertEqual(try values("split(s, \"ab\", 1)", ["xabyabz"]), [s("y")])
        // Non-overlapping, left to right; an empty part goes between every two code points.
        XCTAssertEqual(try values("replace(s, \"aa\", \"b\")", ["aaa"]), [s("ba")])
        XCTAssertEqual(try values("replace(s, \"\", \"-\")", ["ab", ""]), [s("-a-b-"), s("-")])
        // A pattern's first group, or its whole match; no match is missing.
        XCTAssertEqual(try values("extract(s, \"(\\\\d+)-(\\\\d+)\")", ["10-20", "x"]), [s("10"), .missing])
        XCTAssertEqual(try values("extract(s, \"\\\\d+\")", ["ab12c34"]), [s("12")])
        XCTAssertEqual(try values("extract(s, \"(a)|(b)\")", ["b"]), [.missing])
        XCTAssertEqual(try values("matches(s, \"^é\")", ["été", "e\u{301}"]), [.bool(true), .bool(false)])
        // Values that come out equal share a level.
        let frame = try Frame(name: "t", columns: [Column(name: "s", strings: ["Ab", "Ac", "Bd"])])
        guard case .strings(_, let levels) = try Expression.parse("slice(s, 0, 1)").evaluate(on: frame).data else { return XCTFail() }
        XCTAssertEqual(levels, ["A", "B"])
    }

    /// Ctrl-C stops a pattern between values; nothing half-made comes back.
    func testAPatternStopsWhenCancelled() throws {
        Cancellation.request()
        defer { Cancellation.reset() }
        for text in ["extract(s, \"a+\")", "matches(s, \"a+\")"] {
            XCTAssertThrowsError(try values(text, ["aa", "b"]), text) { XCTAssertTrue($0 is CancelledError, "\($0)") }
        }
        Cancellation.reset()
        XCTAssertEqual(try values("extract(s, \"a+\")", ["aa", "b"]), [.string("aa"), .missing])
    }

    func testWrongArgumentsSayWhatIsExpected() throws {
        func message(_ text: String) -> String? {
            do {
                _ = try values(text, ["a"])
                return nil
            } catch {
                return (error as? DataError).map { $0.message + " | " + ($0.hint ?? "") }
            }
        }
        XCTAssertEqual(message("split(s, \"\", 0)"), "split's separator is empty | cut at a character or more, e.g. split(name, \",\", 0)")
        XCTAssertEqual(message("slice(s, 0.5)"), "slice's argument 2 must be a whole number, got 0.5 | usage: slice(text, start[, stop])")
        XCTAssertEqual(message("replace(s, \"a\")"), "replace takes 3 arguments, got 2 | usage: replace(text, \"old\", \"new\")")
        XCTAssertEqual(message("slice(s)"), "slice takes 2 or 3 arguments, got 1 | usage: slice(text, start[, stop])")
        XCTAssertEqual(message("extract(s, 3)"), "extract's argument 2 must be text in quotes, got 3 | usage: extract(text, \"pattern\")")
        XCTAssertEqual(message("extract(s, \"([a-\")")?.hasPrefix("\"([a-\" is not a regular expression: "), true)
        XCTAssertEqual(message("extract(3, \"a\")"), "cannot apply 'extract' to integer | extract works on text; usage: extract(text, \"pattern\")")
        XCTAssertEqual(message("matches(s, \"\\d\")")?.hasPrefix("unknown escape '\\d'"), true)
    }
}
