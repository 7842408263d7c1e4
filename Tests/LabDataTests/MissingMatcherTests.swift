import XCTest
@testable import LabData

/// Missing-value markers told apart from values: every marker of every length (one of 63
/// bytes and one longer share the "63 and up" length bit), blanks around allowed, and values of
/// a marker's length, or one byte off it, left alone.
final class MissingMatcherTests: XCTestCase {
    func testMarkersOfEveryLengthAndTheValuesBesideThem() {
        let long63 = String(repeating: "m", count: 63), long70 = String(repeating: "m", count: 70)
        let markers = CSVOptions.defaultMissingMarkers + ["?", "-999", long63, long70]
        let matcher = MissingMatcher(markers)
        func missing(_ text: String) -> Bool {
            let bytes = Array(text.utf8) + [0]
            return bytes.withUnsafeBufferPointer { matcher.isMissing($0.baseAddress!, bytes.count - 1) }
        }
        for marker in markers {
            XCTAssertTrue(missing(marker), marker)
            XCTAssertTrue(missing(" \(marker)\t"), "blanks around \(marker)")
            if marker.count > 1 {
                XCTAssertFalse(missing(String(marker.dropLast())), "\(marker) less its last byte")
                XCTAssertFalse(missing(marker + "x"), "\(marker) and one more byte")
            }
        }
        for value in ["no", "yes", "Na", "nan ", "x", "-998", "NULLS", String(repeating: "m", count: 64), "0", "  x  "] {
            XCTAssertEqual(missing(value), value == "nan ", value)
        }
        XCTAssertTrue(missing("   "))
        XCTAssertTrue(MissingMatcher(["NA"]).hasNumericMarkers == false && matcher.hasNumericMarkers)
        // No markers at all: only the empty cell is missing.
        let none = MissingMatcher([])
        let empty: [UInt8] = [0, 0]
        empty.withUnsafeBufferPointer { b in
            XCTAssertTrue(none.isMissing(b.baseAddress!, 0))
            XCTAssertFalse(none.isMissing(b.baseAddress!, 1))
        }
    }
}
