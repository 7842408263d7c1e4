import XCTest
import LabData
@testable import LabShell

final class LessonFileTests: XCTestCase {
    static let good = """
        id: demo
        number: 7
        title: A demo
        stage: testing
        minutes: 5
        requires: [sandbox]
        steps:
          - say: Hello `load titanic`.
          - task: Load titanic.
            check: frame("titanic").rows == 1309 and current == "titanic"
            hints:
              - Use load.
              - "Type: load titanic"
            solution:
              - load titanic
            on_fail:
              - when: frames == 0
                say: Nothing loaded.
          - quiz: Pick two.
            choices: [one, two, three]
            answer: 2
            explain: Because.
          - quiz: How many rows?
            number: frame("titanic").rows
            tolerance: 0.5
            explain: That many.
          - bridge: pd.read_csv("titanic.csv")
        """

    /// The message of the error `text` gives when parsed as a lesson file named t.yaml.
    private func problem(_ text: String) -> String {
        do {
            _ = try LessonFile.parse(text, file: "t.yaml")
            return "parsed"
        } catch {
            return (error as? LabError)?.message ?? "\(error)"
        }
    }

    /// The good file with `old` replaced by `new`.
    private func variant(_ old: String, _ new: String) -> String {
        XCTAssertTrue(Self.good.contains(old), old)
        return Self.good.replacingOccurrences(old, new)
    }

    func testAGoodFileParsesIntoTypedSteps() throws {
        let lesson = try LessonFile.parse(Self.good, file: "lessons/07-demo.yaml")
        XCTAssertEqual(lesson.id, "demo")
        XCTAssertEqual(lesson.number, 7)
        XCTAssertEqual(lesson.stage, "testing")
        XCTAssertEqual(lesson.minutes, 5)
        XCTAssertEqual(lesson.requires, ["sandbox"])
        XCTAssertEqual(lesson.steps.map(\.kind), ["say", "task", "quiz", "quiz", "bridge"])
        XCTAssertEqual(lesson.stepLines, [8, 9, 19, 23, 27])
        guard case .task(let task) = lesson.steps[1] else { return XCTFail("not a task") }
        XCTAssertEqual(task.check.text, #"frame("titanic").rows == 1309 and current == "titanic""#)
        XCTAssertEqual(task.hints, ["Use load.", "Type: load titanic"])
        XCTAssertEqual(task.solution, ["load titanic"])
        XCTAssertEqual(task.onFail.map(\.say), ["Nothing loaded."])
        XCTAssertEqual(task.line, 9)
        guard case .quiz(let quiz) = lesson.steps[2] else { return XCTFail("not a quiz") }
        XCTAssertEqual(quiz.answer, .choice(choices: ["one", "two", "three"], correct: 1), "answers are 1-based in files")
        guard case .quiz(let numeric) = lesson.steps[3], case .number(let e, let tolerance) = numeric.answer else { return XCTFail() }
        XCTAssertEqual(e.text, #"frame("titanic").rows"#)
        XCTAssertEqual(tolerance, 0.5)
    }

    func testEachProblemNamesTheFileAndLine() {
        XCTAssertEqual(problem(variant("minutes: 5", "minuts: 5")),
                       "t.yaml:5: unknown field 'minuts' (did you mean 'minutes'?)")
        XCTAssertEqual(problem(variant("minutes: 5\n", "")), "t.yaml:1: minutes is missing")
        XCTAssertEqual(problem(variant("number: 7", "number: seven")), "t.yaml:2: number must be a whole number")
        XCTAssertEqual(problem(variant("id: demo", "id: Demo Lesson")),
                       "t.yaml:1: id 'Demo Lesson' must be lowercase letters, digits, - or _")
        XCTAssertEqual(problem(variant(#"frame("titanic").rows == 1309 and"#, #"frame("titanic").rows == and"#)).prefix(52),
                       "t.yaml:10: step 2 (task): check does not parse: expe")
        XCTAssertEqual(problem(variant("    hints:", "    hint:")),
                       "t.yaml:11: step 2 (task): unknown field 'hint' (did you mean 'hints'?)")
        XCTAssertEqual(problem(variant("    answer: 2", "    answer: 4")),
                       "t.yaml:21: step 3 (quiz): answer must be from 1 to 3, not 4")
        XCTAssertEqual(problem(variant("  - bridge:", "  - bridg:")),
                       "t.yaml:27: step 5 has no kind: it needs one of say, task, quiz, bridge (did you mean 'bridge'?)")
        XCTAssertEqual(problem(variant("    solution:\n      - load titanic\n", "")),
                       "t.yaml:9: step 2 (task): solution is missing: the commands that do the task")
        XCTAssertEqual(problem(variant("  - say: Hello", "  - say: [Hello")),
                       "t.yaml:9: is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)")
        XCTAssertEqual(problem(variant("title: A demo", "title: A demo\ntitle: again")),
                       "t.yaml:3: a key is given twice: title")
        XCTAssertEqual(problem(""), "t.yaml:1: is empty")
    }

    func testSolutionsStayInTheSandbox() {
        func solution(_ line: String) -> String { problem(variant("      - load titanic\n", "      - \(line)\n")) }
        XCTAssertEqual(solution("write /tmp/out.csv"),
                       "t.yaml:15: step 2 (task): solution line 'write /tmp/out.csv': write writes '/tmp/out.csv', outside .opslab/")
        XCTAssertEqual(solution("save session ../escape.lab"),
                       "t.yaml:15: step 2 (task): solution line 'save session ../escape.lab': save writes '../escape.lab', outside .opslab/")
        XCTAssertEqual(solution("save session .opslab/../x.lab"),
                       "t.yaml:15: step 2 (task): solution line 'save session .opslab/../x.lab': save writes '.opslab/../x.lab', outside .opslab/")
        XCTAssertEqual(solution("store to=/tmp/w.db"),
                       "t.yaml:15: step 2 (task): solution line 'store to=/tmp/w.db': store writes '/tmp/w.db', outside .opslab/")
        XCTAssertEqual(solution("load /etc/passwd.csv"),
                       "t.yaml:15: step 2 (task): solution line 'load /etc/passwd.csv': load reads '/etc/passwd.csv', outside .opslab/")
        XCTAssertEqual(solution("sql ATTACH DATABASE '/tmp/x.db' AS x"),
                       "t.yaml:15: step 2 (task): solution line 'sql ATTACH DATABASE '/tmp/x.db' AS x': a lesson's sql only queries (SELECT or WITH)")
        XCTAssertEqual(solution("skip"), "t.yaml:15: step 2 (task): solution line 'skip': `skip` cannot be part of a solution")
        XCTAssertEqual(solution("exit"), "t.yaml:15: step 2 (task): solution line 'exit': `exit` cannot be part of a solution")
        XCTAssertEqual(solution("rm -rf /"), "t.yaml:15: step 2 (task): solution line 'rm -rf /': unknown command 'rm'")
        XCTAssertEqual(solution("drift against=titanic prom=/var/lib/x.prom"),
                       "t.yaml:15: step 2 (task): solution line 'drift against=titanic prom=/var/lib/x.prom': drift writes '/var/lib/x.prom', outside .opslab/")
        XCTAssertEqual(solution("eval lr prom=../m.prom"),
                       "t.yaml:15: step 2 (task): solution line 'eval lr prom=../m.prom': eval writes '../m.prom', outside .opslab/")
        XCTAssertEqual(solution("export alerts /etc/prometheus/rules.yml"),
                       "t.yaml:15: step 2 (task): solution line 'export alerts /etc/prometheus/rules.yml': export writes '/etc/prometheus/rules.yml', outside .opslab/")
        XCTAssertEqual(solution("eval lr prom=.opslab/m.prom"), "parsed")
        XCTAssertEqual(solution("save session .opslab/demo.lab"), "parsed")
        XCTAssertEqual(solution("load sqlite:.opslab/warehouse.db table=t"), "parsed")
        XCTAssertEqual(solution("import lr"), "parsed")
        XCTAssertEqual(solution("import /tmp/model.json as m"),
                       "t.yaml:15: step 2 (task): solution line 'import /tmp/model.json as m': import reads '/tmp/model.json', outside .opslab/")
    }

    func testOnFailAlsoTakesTheShortMappingForm() throws {
        let text = variant("""
                  - when: frames == 0
                    say: Nothing loaded.
            """, """
                  frames == 0: Nothing loaded.
                  'frame("titanic").rows < 1309': Filtered.
            """)
        let lesson = try LessonFile.parse(text, file: "t.yaml")
        guard case .task(let task) = lesson.steps[1] else { return XCTFail() }
        XCTAssertEqual(task.onFail.map(\.say), ["Nothing loaded.", "Filtered."])
        XCTAssertEqual(task.onFail.map(\.when.text), ["frames == 0", #"frame("titanic").rows < 1309"#])
    }

    func testAMalformedFileDoesNotStopTheOthersLoading() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileIO.writeAtomically(Array(Self.good.utf8), to: dir + "/07-demo.yaml")
        try FileIO.writeAtomically(Array(variant("number: 7", "number: 8").replacingOccurrences("id: demo", "id: other")
            .replacingOccurrences("    check: frame", "    chek: frame").utf8), to: dir + "/08-other.yaml")
        try FileIO.writeAtomically(Array("not a lesson".utf8), to: dir + "/README.md")
        let library = LessonLibrary(directory: dir)
        XCTAssertEqual(library.lessons.map(\.id), ["demo"])
        XCTAssertEqual(library.problems.map(\.message), ["lessons/08-other.yaml:10: step 2 (task): unknown field 'chek' (did you mean 'check'?)"])
        XCTAssertEqual(library.unknownRequirements.map(\.message), ["lessons/07-demo.yaml: requires 'sandbox', which no lesson has"])
        XCTAssertEqual(try library.find("7").id, "demo")
        XCTAssertEqual(try library.find("demo").number, 7)
        XCTAssertThrowsError(try library.find("8")) { e in
            XCTAssertEqual((e as? LabError)?.message,
                           "lesson 8 cannot be used: lessons/08-other.yaml:10: step 2 (task): unknown field 'chek' (did you mean 'check'?)")
        }
        XCTAssertThrowsError(try library.find("dmeo")) { e in
            XCTAssertEqual((e as? LabError)?.message, "no lesson 'dmeo' (did you mean 'demo'?)")
        }
    }

    func testEveryBundledLessonReadsCleanly() {
        let library = LessonLibrary(directory: TestSupport.repositoryRoot + "/lessons")
        XCTAssertEqual(library.problems.map(\.message), [])
        XCTAssertEqual(library.lessons.map(\.id), ["sandbox", "data", "prep", "train", "eval", "track", "monitor"])
    }
}

extension String {
    func replacingOccurrences(_ old: String, _ new: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: old) {
            out += rest[..<r.lowerBound] + new
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
