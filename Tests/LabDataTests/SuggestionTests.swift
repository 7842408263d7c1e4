import XCTest
@testable import LabData

/// "Did you mean": close enough to be the name meant, not any name sharing a letter or two.
final class SuggestionTests: XCTestCase {
    let columns = ["age", "fare", "pclass", "survived", "sepal_length_cm", "name"]

    func testTyposFindTheName() {
        XCTAssertEqual(Suggestion.closest(to: "agee", in: columns), ["age"])
        XCTAssertEqual(Suggestion.closest(to: "Fare", in: columns), ["fare"])
        XCTAssertEqual(Suggestion.closest(to: "surived", in: columns), ["survived"])
        XCTAssertEqual(Suggestion.closest(to: "suvrived", in: columns), ["survived"], "a swap is one edit")
        XCTAssertEqual(Suggestion.closest(to: "pclas", in: columns), ["pclass"])
        XCTAssertEqual(Suggestion.closest(to: "surv", in: columns), ["survived"], "a beginning of three or more letters")
        XCTAssertEqual(Suggestion.closest(to: "sepl_lenth_cm", in: columns), ["sepal_length_cm"], "two edits in a long name")
        // One of a name's words, where the name has a prefix the typist left out.
        XCTAssertEqual(Suggestion.closest(to: "depth", in: ["criterion", "max_depth", "min_samples_leaf"]), ["max_depth"])
        XCTAssertEqual(Suggestion.closest(to: "length", in: columns), ["sepal_length_cm"])
        XCTAssertEqual(Suggestion.closest(to: "cm", in: columns), [], "two letters are too few")
    }

    func testShortNamesAllowOneEditOnly() {
        XCTAssertEqual(Suggestion.closest(to: "len", in: ["log", "exp", "abs"]), [])
        XCTAssertEqual(Suggestion.closest(to: "fare", in: ["age", "name"]), [])
        XCTAssertEqual(Suggestion.closest(to: "rows", in: ["n", "cols"]), [])
        XCTAssertEqual(Suggestion.closest(to: "nope", in: columns), [])
        // Two edits, but every letter but one in place.
        XCTAssertEqual(Suggestion.closest(to: "fair", in: columns), ["fare"])
        XCTAssertEqual(Suggestion.commonSubsequence("fair", "fare"), 3)
        XCTAssertEqual(Suggestion.didYouMean("xyz", in: columns), "")
        XCTAssertEqual(Suggestion.didYouMean("nme", in: columns), " (did you mean 'name'?)")
    }
}
