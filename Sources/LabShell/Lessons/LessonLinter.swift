#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// `opslab lesson lint`: proves that a lesson works, not only that it parses. Each lesson is
/// walked from an empty session as a learner who skips every task would: every solution
/// line must run, every check must pass right after its solution, and every `{{ }}` number
/// and number-quiz answer must be computable at its step. Reading the file already checked
/// the schema, that every expression parses, that solutions stay in the sandbox and that
/// every quiz answer is one of its choices.
public enum LessonLinter {
    public struct Report: Sendable {
        public let lesson: Lesson
        public let problems: [LessonFileError]
        public let commands: Int
    }

    /// Lints `lesson` in a scratch folder: solutions that write under `.opslab/` write there.
    public static func lint(_ lesson: Lesson, catalog: DatasetCatalog, lessonsDirectory: String?, version: String) -> Report {
        let scratch = "/tmp/opslab-lint-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let state = scratch + "/.opslab"
        try? FileIO.makeDirectory(scratch)
        try? FileIO.makeDirectory(state)
        var previous = [CChar](repeating: 0, count: 4096)
        let hadDirectory = getcwd(&previous, previous.count) != nil
        defer {
            if hadDirectory { _ = chdir(previous) }
            removeTree(scratch)
        }
        guard chdir(scratch) == 0 else {
            return Report(lesson: lesson, problems: [LessonFileError(file: lesson.file, line: nil, "cannot enter a scratch folder to replay it")], commands: 0)
        }
        let environment = Environment(workingDirectory: scratch, stateDirectory: state, catalog: catalog, version: version,
                                      lessonsDirectory: lessonsDirectory)
        return walk(lesson, session: Session(environment: environment))
    }

    static func walk(_ lesson: Lesson, session: Session) -> Report {
        var problems: [LessonFileError] = []
        var commands = 0
        for (i, step) in lesson.steps.enumerated() {
            let query = StateQuery(state: session.state, environment: session.environment)
            let label = "step \(i + 1) (\(step.kind))"
            // on_fail messages are shown only when their condition holds: they must parse here, not evaluate.
            if case .task(let t) = step {
                for source in t.onFail.flatMap({ LessonText.placeholders($0.say) }) where (try? Expression.parse(source)) == nil {
                    problems.append(problem(lesson, i, "\(label): {{\(source)}} in on_fail does not parse"))
                }
            }
            for text in texts(of: step) {
                for source in LessonText.placeholders(text) {
                    do {
                        _ = try Expression.parse(source).evaluateValue(resolving: query.resolve)
                    } catch {
                        problems.append(problem(lesson, i, "\(label): {{\(source)}} cannot be shown here: \(describe(error))"))
                    }
                }
            }
            switch step {
            case .task(let task):
                var ran = true
                for line in task.solution {
                    do {
                        _ = try session.execute(line)
                        commands += 1
                    } catch {
                        problems.append(problem(lesson, i, "\(label): solution line '\(line)' fails: \(describe(error))"))
                        ran = false
                        break
                    }
                }
                let after = StateQuery(state: session.state, environment: session.environment)
                if ran, case .failed(let part, let reason, _) = CheckEvaluator(query: after).verdict(for: task) {
                    problems.append(problem(lesson, i, "\(label): after its solution the check still fails: \(part): \(reason)"))
                }
            case .quiz(let quiz):
                if case .number(let expected, _) = quiz.answer {
                    if case .number = (try? expected.evaluateValue(resolving: query.resolve)) ?? .missing {} else {
                        problems.append(problem(lesson, i, "\(label): the answer '\(expected.text)' is not a number at this step"))
                    }
                }
            case .say, .bridge:
                break
            }
        }
        return Report(lesson: lesson, problems: problems, commands: commands)
    }

    static func texts(of step: LessonStep) -> [String] {
        switch step {
        case .say(let t), .bridge(let t): return [t]
        case .task(let t): return [t.instruction] + t.hints
        case .quiz(let q):
            if case .choice(let choices, _) = q.answer { return [q.question, q.explain] + choices }
            return [q.question, q.explain]
        }
    }

    static func problem(_ lesson: Lesson, _ index: Int, _ message: String) -> LessonFileError {
        LessonFileError(file: lesson.file, line: lesson.stepLines[index], message)
    }

    static func describe(_ error: Error) -> String {
        (error as? LabError).map { $0.message } ?? String(describing: error)
    }

    /// Removes the scratch folder (files and folders it holds, one level of nesting and more).
    static func removeTree(_ path: String) {
        guard let dir = opendir(path) else { unlink(path); return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            if FileIO.isDirectory(child) { removeTree(child) } else { unlink(child) }
        }
        closedir(dir)
        rmdir(path)
    }
}
