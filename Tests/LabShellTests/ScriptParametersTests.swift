import XCTest
import LabData
@testable import LabShell

/// ${NAME} in a script run by `opslab run FILE.lab NAME=VALUE`.
final class ScriptParametersTests: XCTestCase {
    private let p = ScriptParameters(values: ["DATA": "new.csv", "EMPTY": ""], environment: ["SEED": "7", "DATA": "from-env.csv"])

    func testReferencesTakeTheGivenValueThenTheEnvironmentThenTheDefault() throws {
        XCTAssertEqual(try p.substitute("load ${DATA} as d"), "load new.csv as d")
        XCTAssertEqual(try p.substitute("split seed=${SEED}"), "split seed=7")
        XCTAssertEqual(try p.substitute("split seed=${OTHER:-42} test=${T:-0.2}"), "split seed=42 test=0.2")
        XCTAssertEqual(try p.substitute("x ${SEED:-1}"), "x 7", "a set value wins over the default")
        XCTAssertEqual(try p.substitute("x=${EMPTY}|"), "x=|", "an empty value is a value")
        XCTAssertEqual(try p.substitute("derive s = \"$${DATA} costs $5\""), "derive s = \"${DATA} costs $5\"")
        XCTAssertEqual(try p.substitute("no references: $ and {}"), "no references: $ and {}")
        XCTAssertEqual(try p.substitute("${DATA}${SEED}"), "new.csv7")
    }

    func testBadReferencesSayWhatIsWrong() {
        func message(_ line: String) -> String? {
            do { _ = try p.substitute(line); return nil } catch { return (error as? LabError)?.message }
        }
        XCTAssertEqual(message("load ${NOPE}"), "${NOPE} is not set")
        XCTAssertEqual(message("load ${DATA"), "'${' is not closed: a parameter is written ${NAME}")
        XCTAssertEqual(message("load ${1X}"), "'${1X}' is not a parameter: names are letters, digits and _")
        XCTAssertEqual(message("load ${}"), "'${}' is not a parameter: names are letters, digits and _")
    }

    func testReferencesAreFoundOutsideComments() {
        XCTAssertEqual(ScriptParameters.references(in: ["load ${DATA} # ${NOTE}", "split seed=${SEED:-42}", "derive s = \"$${LITERAL}\"", "# ${ALL_COMMENT}"]),
                       ["DATA", "SEED"])
    }

    func testCommandLineWordsAreNameValuePairs() throws {
        XCTAssertEqual(try ScriptParameters.parse(["DATA=a=b.csv", "SEED=", "_x1=y"]), ["DATA": "a=b.csv", "SEED": "", "_x1": "y"])
        XCTAssertThrowsError(try ScriptParameters.parse(["A=1", "A=2"])) { XCTAssertEqual(($0 as? LabError)?.message, "parameter A is given twice") }
        XCTAssertThrowsError(try ScriptParameters.parse(["=1"])) { XCTAssertEqual(($0 as? LabError)?.message, "'=1' is not a parameter") }
    }
}
