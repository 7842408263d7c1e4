import XCTest
@testable import LabShell
import LabData

final class LexerTests: XCTestCase {
    func testWordsPairsQuotesAndComments() throws {
        let tokens = try Lexer.tokenize(#"load "my data.csv" as sales na="?" sep=; # trailing comment"#)
        XCTAssertEqual(tokens.map(\.kind), [
            .word("load"), .quoted("my data.csv"), .word("as"), .word("sales"),
            .pair(key: "na", value: "?", quoted: true), .pair(key: "sep", value: ";", quoted: false),
        ])
    }

    func testEscapesInsideQuotes() throws {
        let tokens = try Lexer.tokenize(#"x "a \"b\" \\ c\n""#)
        XCTAssertEqual(tokens.last?.kind, .quoted("a \"b\" \\ c\n"))
    }

    func testComparisonIsNotAPair() throws {
        XCTAssertEqual(try Lexer.tokenize("filter a==1").map(\.kind), [.word("filter"), .word("a==1")])
        XCTAssertEqual(try Lexer.tokenize(#"filter sex=="male""#).map(\.kind), [.word("filter"), .word(#"sex=="male""#)])
    }

    func testUnterminatedStringIsAnError() {
        XCTAssertThrowsError(try Lexer.tokenize(#"load "oops"#)) { e in
            XCTAssertEqual(e as? PointedError, PointedError("unterminated string starting at column 6", hint: "close it with a matching \"",
                                                            line: #"load "oops"#, column: 6))
        }
    }

    func testStrippingCommentRespectsQuotes() {
        XCTAssertEqual(Lexer.strippingComment(#"filter name == "a#b" # why"#), #"filter name == "a#b" "#)
    }

    func testQuoteIfNeededRoundTrips() throws {
        for value in ["plain", "two words", "a\"q", "x=y", "#", "tab\there", "line\r\nbreak", "back\\slash"] {
            let quoted = Lexer.quoteIfNeeded(value)
            let tokens = try Lexer.tokenize("v " + quoted)
            XCTAssertEqual(tokens.count, 2, value)
            XCTAssertEqual(tokens[1].text, value)
        }
    }

    /// Scripts saved with CRLF line ends read as lines; a value holding "\r\n" is written escaped.
    func testCRLFEndsLinesAndIsEscapedInValues() {
        XCTAssertEqual(SourceLines.of(Array("load iris\r\nshow 2\r\n\nx".utf8)), ["load iris", "show 2", "", "x"])
        XCTAssertEqual(CommandText.quoteIfNeeded("a\r\nb"), #""a\r\nb""#)
    }

    func testLogicalLinesJoinContinuations() {
        var lines = ["load titanic \\", "  as t", "show"].makeIterator()
        let first = LogicalLines.join { lines.next() }
        XCTAssertEqual(first?.text, "load titanic    as t")
        XCTAssertEqual(first?.lines, 2)
        XCTAssertEqual(LogicalLines.join { lines.next() }?.text, "show")
    }
}
