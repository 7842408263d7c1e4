import XCTest
@testable import LabData

final class ExpressionTests: XCTestCase {
    // MARK: - Fixtures

    /// Five passengers; row 5 has a missing age and row 4 a missing sex.
    private func passengers() throws -> Frame {
        try Frame(name: "titanic", columns: [
            Column(name: "age", type: .integer, values: [22, 38, 26, 35, 0],
                   missing: Bitmap([false, false, false, false, true])),
            Column(name: "fare", type: .float, values: [7.25, 71.5, 8, 53.1, 0]),
            Column(name: "sex", strings: ["male", "female", "female", nil, "male"]),
            Column(name: "survived", type: .boolean, values: [0, 1, 1, 1, 0]),
            Column(name: "sibsp", type: .integer, values: [1, 1, 0, 1, 0]),
            Column(name: "my col", type: .integer, values: [1, 2, 3, 4, 5]),
        ])
    }

    private func values(_ text: String, on frame: Frame) throws -> [Value] {
        let column = try Expression.parse(text).evaluate(on: frame)
        return (0..<column.count).map { column.value(at: $0) }
    }

    private func rows(_ text: String, on frame: Frame) throws -> [Int] {
        try Expression.parse(text).filterMask(on: frame).setIndices
    }

    /// The message (and hint) of the DataError thrown by `body`.
    private func errorText(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try body()
            XCTFail("expected an error", file: file, line: line)
            return ""
        } catch let error as DataError {
            return error.message + " | " + (error.hint ?? "")
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return ""
        }
    }

    private func assertError(_ text: String, on frame: Frame? = nil, contains parts: [String],
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let f = try frame ?? passengers()
        let message = errorText({ try Expression.parse(text).evaluate(on: f) }, file: file, line: line)
        for part in parts {
            XCTAssertTrue(message.contains(part), "'\(message)' does not contain '\(part)'", file: file, line: line)
        }
    }

    private let b = { (x: Bool) in Value.bool(x) }
    private let n = { (x: Double) in Value.number(x) }

    // MARK: - Parsing

    func testLiterals() throws {
        XCTAssertEqual(try Expression.parse("123").root, .literal(.number(123)))
        XCTAssertEqual(try Expression.parse("1.5").root, .literal(.number(1.5)))
        XCTAssertEqual(try Expression.parse("1e-3").root, .literal(.number(0.001)))
        XCTAssertEqual(try Expression.parse(".5").root, .literal(.number(0.5)))
        XCTAssertEqual(try Expression.parse(#""a \"b\"\n\t\\""#).root, .literal(.string("a \"b\"\n\t\\")))
        XCTAssertEqual(try Expression.parse("'it\\'s'").root, .literal(.string("it's")))
        XCTAssertEqual(try Expression.parse("'say \"hi\"'").root, .literal(.string("say \"hi\"")))
        XCTAssertEqual(try Expression.parse("true").root, .literal(.bool(true)))
        XCTAssertEqual(try Expression.parse("FALSE").root, .literal(.bool(false)))
        XCTAssertEqual(try Expression.parse("missing").root, .literal(.missing))
        XCTAssertEqual(try Expression.parse("`my col`").root, .identifier("my col"))
        XCTAssertEqual(try Expression.parse("`and`").root, .identifier("and"))
        XCTAssertEqual(try Expression.parse("-3").root, .literal(.number(-3)))
    }

    func testPrecedenceShapes() throws {
        XCTAssertEqual(try Expression.parse("2 + 3 * 4 ** 2 == 50").root,
                       .binary(.equal,
                               .binary(.add, .literal(.number(2)),
                                       .binary(.multiply, .literal(.number(3)),
                                               .binary(.power, .literal(.number(4)), .literal(.number(2))))),
                               .literal(.number(50))))
        XCTAssertEqual(try Expression.parse("a or b and not c").root,
                       .binary(.or, .identifier("a"), .binary(.and, .identifier("b"), .unary(.not, .identifier("c")))))
        XCTAssertEqual(try Expression.parse("not a == b").root,
                       .unary(.not, .binary(.equal, .identifier("a"), .identifier("b"))))
        XCTAssertEqual(try Expression.parse("-x ** 2").root,
                       .unary(.negate, .binary(.power, .identifier("x"), .literal(.number(2)))))
        XCTAssertEqual(try Expression.parse("2 ** -1").root, .binary(.power, .literal(.number(2)), .literal(.number(-1))))
        XCTAssertEqual(try Expression.parse("a - b - c").root,
                       .binary(.subtract, .binary(.subtract, .identifier("a"), .identifier("b")), .identifier("c")))
        XCTAssertEqual(try Expression.parse("a = 1 && b != 2 || !c").root,
                       .binary(.or,
                               .binary(.and, .binary(.equal, .identifier("a"), .literal(.number(1))),
                                       .binary(.notEqual, .identifier("b"), .literal(.number(2)))),
                               .unary(.not, .identifier("c"))))
        XCTAssertEqual(try Expression.parse("x is not missing").root, .isMissing(.identifier("x"), negated: true))
        XCTAssertEqual(try Expression.parse("x + 1 not in (1, 'a',)").root,
                       .inList(.binary(.add, .identifier("x"), .literal(.number(1))),
                               [.literal(.number(1)), .literal(.string("a"))], negated: true))
        // Chained comparisons read as in Python.
        XCTAssertEqual(try Expression.parse("0 < age <= 18").root,
                       .binary(.and, .binary(.less, .literal(.number(0)), .identifier("age")),
                               .binary(.lessOrEqual, .identifier("age"), .literal(.number(18)))))
    }

    func testComparingWithMissingIsRefusedInFavourOfIsMissing() throws {
        for text in ["age == missing", "age != missing", "missing < fare", "age > 3 and sex == missing"] {
            try assertError(text, contains: ["cannot compare with missing at position", "no row would match", "`is missing`"])
        }
        XCTAssertEqual(try rows("age is missing", on: passengers()), [4])
    }

    func testMemberCallSyntax() throws {
        let e = try Expression.parse(#"frame("titanic").missing("age") == 0"#)
        XCTAssertEqual(e.root, .binary(.equal,
                                       .member(target: .call(name: "frame", arguments: [.literal(.string("titanic"))]),
                                               name: "missing", arguments: [.literal(.string("age"))]),
                                       .literal(.number(0))))
        XCTAssertEqual(try Expression.parse("model.accuracy").root,
                       .member(target: .identifier("model"), name: "accuracy", arguments: nil))
        XCTAssertEqual(try Expression.parse("f().g().h(1, 2)").root,
                       .member(target: .member(target: .call(name: "f", arguments: []), name: "g", arguments: []),
                               name: "h", arguments: [.literal(.number(1)), .literal(.number(2))]))
        // Over a frame, member calls are not evaluated.
        try assertError(#"frame("titanic").missing("age") == 0"#, contains: ["not supported here"])
    }

    func testDescriptionRoundTrips() throws {
        let texts = [
            "2 + 3 * 4 ** 2 == 50", "(a + b) * c", "a - (b - c)", "(-2) ** 2", "-2 ** 2", "2 ** 3 ** 2", "(2 ** 3) ** 2",
            "not (a and b) or c", "(a or b) and c", "x in (1, 2) and y is not missing", "(a == b) == c",
            "`my col` + `and`", #"s == "a \"q\"\n""#, "- -3", "round(x, 2) / max(a, b, 1.5)",
            #"frame("t").missing("age") == 0"#, "(x + 1).f", "a % b * c", "a * (b % c)",
        ]
        for text in texts {
            let e = try Expression.parse(text)
            XCTAssertEqual(try Expression.parse(e.description).root, e.root, "\(text) -> \(e.description)")
        }
        XCTAssertEqual(try Expression.parse("(a+b)*c").description, "(a + b) * c")
        let built = Expression(.binary(.greater, .identifier("my col"), .literal(.number(1.5))))
        XCTAssertEqual(built.text, "`my col` > 1.5")
        XCTAssertEqual(try Expression.parse(built.text), built)
        XCTAssertEqual(try Expression.parse("((x))").description, "x")
    }

    func testReferencedColumns() throws {
        let e = try Expression.parse("age > 30 and (fare / age < 2 or `my col` is missing) and log(fare) > 1")
        XCTAssertEqual(e.referencedColumns, ["age", "fare", "my col"])
        XCTAssertEqual(e.text, "age > 30 and (fare / age < 2 or `my col` is missing) and log(fare) > 1")
    }

    // MARK: - Syntax errors

    func testSyntaxErrorsNamePositions() throws {
        func parseError(_ text: String) -> String { errorText { try Expression.parse(text) } }
        XCTAssertTrue(parseError("(age + 1").contains("unexpected end of expression: expected ')' at position 9"))
        XCTAssertTrue(parseError("age > (3 4)").contains("expected ')' at position 10, found '4'"))
        XCTAssertTrue(parseError("log(age + 1 2)").contains("expected ')' at position 13"))
        XCTAssertTrue(parseError("age + * 2").contains("expected a value at position 7"))
        XCTAssertTrue(parseError("age >").contains("unexpected end of expression"))
        XCTAssertTrue(parseError("age > 3)").contains("unexpected ')' at position 8"))
        XCTAssertTrue(parseError("age 3").contains("unexpected '3' at position 5"))
        // SQL's range and pattern words get this language's way of writing them.
        XCTAssertEqual(parseError("age between 20 and 30"), "unexpected 'between' at position 5 | write a range as two comparisons: age >= 20 and age <= 30")
        XCTAssertTrue(parseError("name like \"%Master%\"").hasSuffix("| text patterns: contains(name, \"Master\"), startswith(name, \"A\"), endswith(name, \"son\")"))
        XCTAssertTrue(parseError("\"abc").contains("unterminated string starting at position 1"))
        XCTAssertTrue(parseError("a == `b").contains("unterminated column name starting at position 6"))
        XCTAssertTrue(parseError("a & b").contains("unexpected character '&' at position 3"))
        XCTAssertTrue(parseError("3abc > 1").contains("malformed number '3abc' at position 1"))
        XCTAssertTrue(parseError("x is 3").contains("expected 'missing' or 'not missing' after 'is' at position 6"))
        XCTAssertTrue(parseError("x in 1, 2").contains("expected '(' at position 6"))
        XCTAssertTrue(parseError("x in ()").contains("expected a value at position 7"))
        XCTAssertTrue(parseError("").contains("empty expression"))
        XCTAssertTrue(parseError("a and").contains("unexpected end of expression: expected a value at position 6"))
        XCTAssertTrue(parseError("'a\\q'").contains("unknown escape"))
        // Deep nesting is refused rather than overflowing the stack.
        XCTAssertTrue(parseError(String(repeating: "(", count: 100_000) + "1").contains("nested too deeply"))
        XCTAssertTrue(parseError(String(repeating: "-", count: 100_000) + "1").contains("nested too deeply"))
        XCTAssertTrue(parseError(Array(repeating: "x", count: 5_000).joined(separator: " + ")).contains("nested too deeply"))
        XCTAssertTrue(parseError(Array(repeating: "x", count: 100_000).joined(separator: " and ")).contains("nested too deeply"))
        XCTAssertEqual(try Expression.parse(Array(repeating: "x", count: 150).joined(separator: " + ")).referencedColumns, ["x"])
    }

    // MARK: - Arithmetic

    func testPrecedenceEvaluates() throws {
        let f = try passengers()
        XCTAssertEqual(try values("2 + 3 * 4 ** 2 == 50", on: f), Array(repeating: b(true), count: 5))
        let c = try Expression.parse("2 + 3 * 4 ** 2").evaluate(on: f, name: "k")
        XCTAssertEqual(c.name, "k")
        XCTAssertEqual(c.type, .integer)
        XCTAssertEqual(c.value(at: 0), n(50))
        XCTAssertEqual(try values("-2 ** 2", on: f).first, n(-4))
        XCTAssertEqual(try values("2 ** 3 ** 2", on: f).first, n(512))
        XCTAssertEqual(try values("(2 + 3) * 4", on: f).first, n(20))
        XCTAssertEqual(try values("10 - 4 - 3", on: f).first, n(3))
        XCTAssertEqual(try values("7 % 3 + -7 % 3 + 7 % -3", on: f).first, n(1 + 2 - 2))
        guard case .number(let zero) = try values("-6 % 3", on: f).first else { return XCTFail("number expected") }
        XCTAssertEqual(zero.sign, .plus)
        XCTAssertEqual(try Expression.parse("x").evaluate(on: try Frame(name: "e", columns: [
            Column(name: "x", type: .integer, values: [])])).count, 0)
    }

    func testArithmeticOverColumnsPropagatesMissing() throws {
        let f = try passengers()
        let plus = try Expression.parse("age + sibsp").evaluate(on: f)
        XCTAssertEqual(plus.type, .integer)
        XCTAssertEqual((0..<5).map { plus.value(at: $0) }, [n(23), n(39), n(26), n(36), .missing])
        let ratio = try Expression.parse("fare / age").evaluate(on: f)
        XCTAssertEqual(ratio.type, .float)
        XCTAssertEqual(ratio.value(at: 2), n(8.0 / 26))
        XCTAssertEqual(ratio.value(at: 4), .missing)
        XCTAssertEqual(try Expression.parse("age / 2").evaluate(on: f).type, .float)
        XCTAssertEqual(try Expression.parse("age * 2").evaluate(on: f).type, .integer)
        XCTAssertEqual(try Expression.parse("age * 1.5").evaluate(on: f).type, .float)
        XCTAssertEqual(try values("-age", on: f), [n(-22), n(-38), n(-26), n(-35), .missing])
        XCTAssertEqual(try values("age + missing", on: f), Array(repeating: .missing, count: 5))
        XCTAssertEqual(try Expression.parse("age + missing").evaluate(on: f).type, .integer)
        // Booleans count as 0/1.
        let s = try Expression.parse("survived + survived").evaluate(on: f)
        XCTAssertEqual(s.type, .integer)
        XCTAssertEqual((0..<5).map { s.value(at: $0) }, [n(0), n(2), n(2), n(2), n(0)])
        XCTAssertEqual(try values("`my col` * 10", on: f), [n(10), n(20), n(30), n(40), n(50)])
        // Integer power stays integer when exact, a negative exponent gives a float.
        XCTAssertEqual(try Expression.parse("sibsp ** 2").evaluate(on: f).type, .integer)
        XCTAssertEqual(try Expression.parse("2 ** -1").evaluate(on: f).type, .float)
        XCTAssertEqual(try values("2 ** -1", on: f).first, n(0.5))
        // Missing rows never carry garbage values into the stored column.
        guard case .numbers(let stored, _) = try Expression.parse("fare / age").evaluate(on: f).data else {
            return XCTFail("numbers expected")
        }
        XCTAssertTrue(stored.allSatisfy(\.isFinite))
    }

    func testIntegerOverflowBecomesFloat() throws {
        let f = try Frame(name: "big", columns: [Column(name: "x", type: .integer, values: [1, 9e15])])
        XCTAssertEqual(try Expression.parse("x + 1").evaluate(on: f).type, .integer)
        XCTAssertEqual(try Expression.parse("x * 100").evaluate(on: f).type, .float)
    }

    // MARK: - Comparisons and logic

    func testComparisonsWithMissingAreMissing() throws {
        let f = try passengers()
        XCTAssertEqual(try values("age > 30", on: f), [b(false), b(true), b(false), b(true), .missing])
        XCTAssertEqual(try Expression.parse("age > 30").evaluate(on: f).type, .boolean)
        XCTAssertEqual(try values("age = 22", on: f), [b(true), b(false), b(false), b(false), .missing])
        XCTAssertEqual(try values("fare >= 8 and fare <= 53.1", on: f), [b(false), b(false), b(true), b(true), b(false)])
        XCTAssertEqual(try values("survived == true", on: f), [b(false), b(true), b(true), b(true), b(false)])
        XCTAssertEqual(try values("survived == 1", on: f), [b(false), b(true), b(true), b(true), b(false)])
        XCTAssertEqual(try rows("age > 30", on: f), [1, 3])
        XCTAssertEqual(try rows("not (age > 30)", on: f), [0, 2])
        XCTAssertEqual(try rows("10 < age < 30", on: f), [0, 2])
    }

    func testThreeValuedLogic() throws {
        // p and q each take true, false and missing; all nine combinations.
        let f = try Frame(name: "logic", columns: [
            Column(name: "p", type: .boolean, values: [1, 1, 1, 0, 0, 0, 0, 0, 0],
                   missing: Bitmap([false, false, false, false, false, false, true, true, true])),
            Column(name: "q", type: .boolean, values: [1, 0, 0, 1, 0, 0, 1, 0, 0],
                   missing: Bitmap([false, false, true, false, false, true, false, false, true])),
        ])
        let T = b(true), F = b(false), M = Value.missing
        // p:        T  T  T  F  F  F  M  M  M
        // q:        T  F  M  T  F  M  T  F  M
        XCTAssertEqual(try values("p and q", on: f), [T, F, M, F, F, F, M, F, M])
        XCTAssertEqual(try values("p or q", on: f), [T, T, T, T, F, M, T, M, M])
        XCTAssertEqual(try values("not p", on: f), [F, F, F, T, T, T, M, M, M])
        XCTAssertEqual(try values("p and missing", on: f), [M, M, M, F, F, F, M, M, M])
        XCTAssertEqual(try values("p or missing", on: f), [T, T, T, M, M, M, M, M, M])
        XCTAssertEqual(try values("p and true", on: f), [T, T, T, F, F, F, M, M, M])
        XCTAssertEqual(try values("p or true", on: f), Array(repeating: T, count: 9))
        XCTAssertEqual(try values("false and missing", on: f), Array(repeating: F, count: 9))
        XCTAssertEqual(try values("true and missing", on: f), Array(repeating: M, count: 9))
        XCTAssertEqual(try values("p && q || !p", on: f), [T, F, M, T, T, T, M, M, M])
        XCTAssertEqual(try rows("p or q", on: f), [0, 1, 2, 3, 6])
        XCTAssertEqual(try rows("p and q", on: f), [0])
        XCTAssertEqual(try rows("missing", on: f), [])
        XCTAssertEqual(try rows("true", on: f), Array(0..<9))
    }

    func testIsMissing() throws {
        let f = try passengers()
        XCTAssertEqual(try rows("age is missing", on: f), [4])
        XCTAssertEqual(try rows("sex is missing", on: f), [3])
        XCTAssertEqual(try rows("age is not missing and sex is not missing", on: f), [0, 1, 2])
        XCTAssertEqual(try values("age + 1 is missing", on: f), [b(false), b(false), b(false), b(false), b(true)])
        XCTAssertEqual(try values("missing is missing", on: f), Array(repeating: b(true), count: 5))
        XCTAssertEqual(try values("3 is not missing", on: f), Array(repeating: b(true), count: 5))
        XCTAssertEqual(try Expression.parse("age is missing").evaluate(on: f).missingCount, 0)
    }

    func testIn() throws {
        let f = try passengers()
        XCTAssertEqual(try values(#"sex in ("female", "other")"#, on: f), [b(false), b(true), b(true), .missing, b(false)])
        XCTAssertEqual(try values(#"sex not in ('female')"#, on: f), [b(true), b(false), b(false), .missing, b(true)])
        XCTAssertEqual(try values("age in (22, 35, 99)", on: f), [b(true), b(false), b(false), b(true), .missing])
        XCTAssertEqual(try values("age not in (22, 35)", on: f), [b(false), b(true), b(true), b(false), .missing])
        XCTAssertEqual(try values("age in (sibsp * 22, 26)", on: f), [b(true), b(false), b(true), b(false), .missing])
        // SQL: x not in (..., missing) is never true.
        XCTAssertEqual(try rows("age not in (22, missing)", on: f), [])
        XCTAssertEqual(try rows("age in (22, missing)", on: f), [0])
        XCTAssertEqual(try rows(#"sex in ("male") or sex is missing"#, on: f), [0, 3, 4])
        try assertError(#"age in ("x")"#, contains: ["cannot apply 'in' to integer and string"])
    }

    // MARK: - Strings

    func testStrings() throws {
        let f = try passengers()
        XCTAssertEqual(try values(#"sex == "male""#, on: f), [b(true), b(false), b(false), .missing, b(true)])
        XCTAssertEqual(try values(#""male" != sex"#, on: f), [b(false), b(true), b(true), .missing, b(false)])
        XCTAssertEqual(try values(#"sex < "g""#, on: f), [b(false), b(true), b(true), .missing, b(false)])
        let g = try Frame(name: "s", columns: [
            Column(name: "a", strings: ["apple", "pear", nil, "fig"]),
            Column(name: "b", strings: ["banana", "pear", "x", "cherry"]),
        ])
        XCTAssertEqual(try values("a < b", on: g), [b(true), b(false), .missing, b(false)])
        XCTAssertEqual(try values("a == b", on: g), [b(false), b(true), .missing, b(false)])
        XCTAssertEqual(try values("a >= b", on: g), [b(false), b(true), .missing, b(true)])
        XCTAssertEqual(try values(#"a + "-" + b"#, on: g),
                       [.string("apple-banana"), .string("pear-pear"), .missing, .string("fig-cherry")])
        XCTAssertEqual(try values(#""<" + a"#, on: g), [.string("<apple"), .string("<pear"), .missing, .string("<fig")])
        let joined = try Expression.parse("a + a").evaluate(on: g)
        XCTAssertEqual(joined.type, .string)
        XCTAssertEqual(joined.value(at: 1), .string("pearpear"))
        XCTAssertEqual(try values(#""ab" + 'cd' == "abcd""#, on: g).first, b(true))
        try assertError(#"sex == 1"#, contains: ["cannot apply '==' to string and integer"])
        try assertError(#"sex - 1"#, contains: ["cannot apply '-' to string and integer"])
        try assertError(#"sex * "x""#, contains: ["cannot apply '*' to string and string"])
        try assertError(#"age + "x""#, contains: ["cannot apply '+' to integer and string"])
        try assertError(#"age and survived"#, contains: ["cannot apply 'and' to integer and boolean"])
        try assertError(#"not age"#, contains: ["cannot apply 'not' to integer"])
        try assertError(#"-sex"#, contains: ["cannot apply unary '-' to string"])
    }

    // MARK: - Dates

    func testDatePartsOfDatesAndDatetimes() throws {
        // 2012-01-01 (a Sunday), 2000-02-29, 1969-12-31 (before the epoch), 1900-03-01, missing;
        // datetimes 2013-06-01T05:30:00Z, 1969-12-31T23:59:59Z, 2024-12-31T12:00:00Z.
        let f = try Frame(name: "t", columns: [
            Column(name: "day", type: .date, values: [15340, 11016, -1, -25508, 0], missing: Bitmap([false, false, false, false, true])),
            Column(name: "at", type: .datetime, values: [1370064600, -1, 1735646400, 0, 0]),
            Column(name: "x", type: .float, values: [1, 2, 3, 4, 5]),
        ])
        XCTAssertEqual(try values("year(day)", on: f), [n(2012), n(2000), n(1969), n(1900), .missing])
        XCTAssertEqual(try values("month(day)", on: f), [n(1), n(2), n(12), n(3), .missing])
        XCTAssertEqual(try values("day(day)", on: f), [n(1), n(29), n(31), n(1), .missing])
        XCTAssertEqual(try values("weekday(day)", on: f), [n(6), n(1), n(2), n(3), .missing])
        XCTAssertEqual(try values("hour(day)", on: f), [n(0), n(0), n(0), n(0), .missing])
        XCTAssertEqual(try values("year(at)", on: f).prefix(3), [n(2013), n(1969), n(2024)])
        XCTAssertEqual(try values("weekday(at)", on: f).prefix(3), [n(5), n(2), n(1)])
        XCTAssertEqual(try values("hour(at)", on: f).prefix(3), [n(5), n(23), n(12)])
        XCTAssertEqual(try Expression.parse("month(day)").evaluate(on: f).type, .integer)
        // date(): a datetime's day (UTC) as a date, the day before the epoch included; a date unchanged.
        XCTAssertEqual(try values("date(at)", on: f).prefix(3), [n(15857), n(-1), n(20088)])
        XCTAssertEqual(try Expression.parse("date(at)").evaluate(on: f).type, .date)
        XCTAssertEqual(try values("date(day)", on: f), try values("day", on: f))
        XCTAssertEqual(try values(#"date(at) == "2013-06-01""#, on: f).first, b(true))
        // Constants too, and parts compose with the rest of the language.
        XCTAssertEqual(try values(#"weekday(day) >= 5 and month(day) == 1"#, on: f).first, b(true))
        try assertError("month(x)", on: f, contains: ["cannot apply 'month' to float", "works on dates and datetimes"])
        try assertError("date(x)", on: f, contains: ["cannot apply 'date' to float", "usage: date(datetime)"])
        try assertError("month(day, 2)", on: f, contains: ["month takes 1 argument, got 2"])
        try assertError("year(day + 200000000)", on: f, contains: ["year of a date out of range", "in row 1"])
    }

    func testDateComparisons() throws {
        let f = try Frame(name: "events", columns: [
            Column(name: "day", type: .date, values: [15855, 15857, 15858, 16071],
                   missing: Bitmap([false, false, false, true])),
            Column(name: "at", type: .datetime, values: [1370088000 - 1, 1370088000, 1370088000 + 1, 0]),
            Column(name: "n", type: .integer, values: [1, 2, 3, 4]),
        ])
        XCTAssertEqual(try values(#"day >= "2013-06-01""#, on: f), [b(false), b(true), b(true), .missing])
        XCTAssertEqual(try values(#"day == "2013-06-01""#, on: f), [b(false), b(true), b(false), .missing])
        XCTAssertEqual(try values(#""2013-06-01" < day"#, on: f), [b(false), b(false), b(true), .missing])
        XCTAssertEqual(try rows(#"day in ("2013-05-30", "2013-06-02")"#, on: f), [0, 2])
        XCTAssertEqual(try values(#"at > "2013-06-01T12:00:00Z""#, on: f), [b(false), b(false), b(true), b(false)])
        XCTAssertEqual(try values(#"at >= "2013-06-01 12:00""#, on: f), [b(false), b(true), b(true), b(false)])
        XCTAssertEqual(try values(#"at < "2013-06-01""#, on: f), [b(false), b(false), b(false), b(true)])
        // A date against a datetime compares the date's midnight.
        XCTAssertEqual(try values("day < at", on: f), [b(true), b(true), b(false), .missing])
        // Date arithmetic.
        let later = try Expression.parse("day + 1").evaluate(on: f)
        XCTAssertEqual(later.type, .date)
        XCTAssertEqual(later.value(at: 0), n(15856))
        let span = try Expression.parse(#"day - day"#).evaluate(on: f)
        XCTAssertEqual(span.type, .integer)
        try assertError(#"day > "June 1st""#, on: f, contains: ["cannot compare date with \"June 1st\"", "YYYY-MM-DD"])
        try assertError(#"day > 3"#, on: f, contains: ["cannot apply '>' to date and integer", "in quotes"])
        try assertError(#"day * 2"#, on: f, contains: ["cannot apply '*' to date and integer"])
        try assertError(#"log(day)"#, on: f, contains: ["cannot apply 'log' to date"])
    }

    // MARK: - Functions

    func testFunctions() throws {
        let f = try passengers()
        XCTAssertEqual(try values("log(exp(2))", on: f).first, n(2))
        XCTAssertEqual(try values("sqrt(sibsp * 16)", on: f), [n(4), n(4), n(0), n(4), n(0)])
        XCTAssertEqual(try values("sqrt(age)", on: f)[4], .missing)
        XCTAssertEqual(try values("abs(sibsp - 1) + abs(-2.5)", on: f), [n(2.5), n(2.5), n(3.5), n(2.5), n(3.5)])
        XCTAssertEqual(try Expression.parse("abs(age - 30)").evaluate(on: f).type, .integer)
        let rounded = try Expression.parse("round(fare)").evaluate(on: f)
        XCTAssertEqual(rounded.type, .integer)
        XCTAssertEqual((0..<5).map { rounded.value(at: $0) }, [n(7), n(72), n(8), n(53), n(0)])
        let tenths = try Expression.parse("round(fare / 3, 1)").evaluate(on: f)
        XCTAssertEqual(tenths.type, .float)
        XCTAssertEqual(tenths.value(at: 0), n(2.4))
        XCTAssertEqual(try values("round(2.5) + round(-2.5)", on: f).first, n(0))
        XCTAssertEqual(try values("round(1234, -2)", on: f).first, n(1200))
        XCTAssertEqual(try values("min(age, 30)", on: f), [n(22), n(30), n(26), n(30), .missing])
        XCTAssertEqual(try values("max(sibsp, survived, 0.5)", on: f), [n(1), n(1), n(1), n(1), n(0.5)])
        XCTAssertEqual(try Expression.parse("max(age, sibsp)").evaluate(on: f).type, .integer)
        XCTAssertEqual(try Expression.parse("max(age, fare)").evaluate(on: f).type, .float)
        XCTAssertEqual(try values("log(missing)", on: f), Array(repeating: .missing, count: 5))
        XCTAssertEqual(try values("LOG(1)", on: f).first, n(0))
    }

    // MARK: - Evaluation errors

    func testUnknownNames() throws {
        try assertError("agee > 3", contains: ["no column 'agee' in frame 'titanic'", "did you mean 'age'?"])
        try assertError("sex == male", contains: ["no column 'male' in frame 'titanic'", "text values go in quotes, e.g. \"male\""])
        try assertError("female != sex", contains: ["no column 'female'", "text values go in quotes, e.g. \"female\""])
        try assertError("sex in (male, \"x\")", contains: ["no column 'male'", "text values go in quotes"])
        try assertError("lgo(age)", contains: ["unknown function 'lgo'", "did you mean 'log'?", "functions are:"])
        try assertError("log(age, 2)", contains: ["log takes 1 argument, got 2", "usage: log(x)"])
        try assertError("round()", contains: ["round takes 1 or 2 arguments, got 0"])
        try assertError("min(age)", contains: ["min takes at least 2 arguments, got 1"])
        try assertError("round(fare, sibsp)", contains: ["digits must be a whole-number constant"])
        try assertError("min(age, sex)", contains: ["cannot apply 'min' to string"])
    }

    func testDivisionByZeroNamesTheRow() throws {
        let f = try Frame(name: "d", columns: [
            Column(name: "a", type: .integer, values: [6, 5, 4, 3]),
            Column(name: "b", type: .integer, values: [3, 0, 0, 1], missing: Bitmap([false, true, false, false])),
        ])
        // Row 2 divides by zero too, but its divisor is missing; row 3 is the first real one.
        try assertError("a / b", on: f, contains: ["division by zero in row 3", "filter out rows where the divisor is 0 first", "b != 0"])
        try assertError("a % b", on: f, contains: ["modulo by zero in row 3"])
        try assertError("a / (b - 3)", on: f, contains: ["division by zero in row 1", "(b - 3) != 0"])
        try assertError("a / 0", on: f, contains: ["division by zero in row 1"])
        try assertError("1 / 0", on: f, contains: ["division by zero"])
        // Rows an enclosing 'and' has already ruled out do not count.
        XCTAssertEqual(try rows("b != 0 and a / b > 1", on: f), [0, 3])
        XCTAssertEqual(try rows("b == 0 or a / b > 2", on: f), [2, 3])
        XCTAssertEqual(try values("a % b", on: f.filtering(Bitmap([true, false, false, true]))), [n(0), n(0)])
    }

    func testNonFiniteResultsAreErrors() throws {
        let f = try Frame(name: "m", columns: [
            Column(name: "x", type: .float, values: [1, 2, 0.5, 4, 5, 6, 0, 8]),
            Column(name: "y", type: .float, values: [1, -4, 1, 1000, 1, 1, 1, 1]),
        ])
        try assertError("log(x)", on: f, contains: ["log of a non-positive value (0) in row 7"])
        try assertError("log(x - 2)", on: f, contains: ["log of a non-positive value (-1) in row 1"])
        try assertError("sqrt(y)", on: f, contains: ["sqrt of a negative value (-4) in row 2"])
        try assertError("exp(y)", on: f, contains: ["exp overflows for value 1000 in row 4"])
        try assertError("x ** -1", on: f, contains: ["'**'", "0 to a negative power", "in row 7"])
        try assertError("y ** 0.5", on: f, contains: ["'**'", "not a real number", "in row 2"])
        try assertError("10 ** (y * 100)", on: f, contains: ["'**' overflows", "in row 4"])
        try assertError("log(0)", on: f, contains: ["log of a non-positive value (0)"])
        try assertError("1e308 * 10", on: f, contains: ["'*' overflows"])
        XCTAssertEqual(try rows("x > 0 and log(x) > 1", on: f), [3, 4, 5, 7])
    }

    func testFilterNeedsBoolean() throws {
        let f = try passengers()
        let message = errorText { try Expression.parse("age + 1").filterMask(on: f) }
        XCTAssertTrue(message.contains("filter needs a condition that is true or false"), message)
        XCTAssertTrue(message.contains("integer"), message)
    }

    // MARK: - Values without a frame

    func testEvaluateValueWithResolver() throws {
        let e = try Expression.parse(#"frame("titanic").missing("age") == 0 and rows > 800"#)
        let result = try e.evaluateValue { node in
            switch node {
            case .member(.call("frame", [.literal(.string("titanic"))]), "missing", [.literal(.string("age"))]?):
                return .number(177)
            case .identifier("rows"):
                return .number(891)
            default:
                return nil
            }
        }
        XCTAssertEqual(result, .bool(false))
        XCTAssertEqual(try Expression.parse("1 + 2 * 3").evaluateValue { _ in nil }, .number(7))
        XCTAssertEqual(try Expression.parse(#"'a' + "b""#).evaluateValue { _ in nil }, .string("ab"))
        XCTAssertEqual(try Expression.parse("missing + 1").evaluateValue { _ in nil }, .missing)
        let message = errorText { try Expression.parse("nope + 1").evaluateValue { _ in nil } }
        XCTAssertTrue(message.contains("unknown name 'nope'"), message)
    }

    // MARK: - Scale and cancellation

    func testMillionRows() throws {
        let count = 1_000_000
        var missing = Bitmap(count: count)
        for i in stride(from: 0, to: count, by: 97) { missing[i] = true }
        let f = try Frame(name: "big", columns: [
            Column(name: "x", type: .float, values: (0..<count).map { Double($0 % 1000) / 10 }, missing: missing),
            Column(name: "k", type: .integer, values: (0..<count).map { Double($0 % 7) }),
            Column(name: "s", strings: (0..<count).map { $0 % 3 == 0 ? "a" : "b" }),
        ])
        let mask = try Expression.parse(#"x * 2 + k > 100 and s == "a" and k % 2 == 0"#).filterMask(on: f)
        var expected = 0
        for i in 0..<count where i % 97 != 0 {
            let x = Double(i % 1000) / 10, k = Double(i % 7)
            if x * 2 + k > 100 && i % 3 == 0 && (i % 7) % 2 == 0 { expected += 1 }
        }
        XCTAssertEqual(mask.setCount, expected)
        let derived = try Expression.parse("round(sqrt(x) * 10) + k").evaluate(on: f)
        XCTAssertEqual(derived.type, .integer)
        XCTAssertEqual(derived.missingCount, missing.setCount)
        XCTAssertEqual(derived.value(at: 1), n((0.1.squareRoot() * 10).rounded() + 1))
    }

    func testCancellation() throws {
        let f = try passengers()
        Cancellation.request()
        defer { Cancellation.reset() }
        XCTAssertThrowsError(try Expression.parse("age + 1").evaluate(on: f)) { error in
            XCTAssertTrue(error is CancelledError)
        }
    }
}
