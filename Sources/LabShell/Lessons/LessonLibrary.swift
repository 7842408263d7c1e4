#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData
import LabOps

/// The lessons in a folder (`NN-slug.yaml`), in order of their numbers. A file that does
/// not parse is kept as a problem to report; the other lessons still load.
public struct LessonLibrary: Sendable {
    public let directory: String?
    public let lessons: [Lesson]
    public let problems: [LessonFileError]

    public init(directory: String?, table: CommandTable = .standard) {
        self.directory = directory
        var lessons: [Lesson] = []
        var problems: [LessonFileError] = []
        for file in Self.files(in: directory) {
            let shown = "lessons/" + file
            do {
                let lesson = try LessonFile.load(path: directory! + "/" + file, shownAs: shown, table: table)
                if let other = lessons.first(where: { $0.id == lesson.id || $0.number == lesson.number }) {
                    let what = other.id == lesson.id ? "id '\(lesson.id)'" : "number \(lesson.number)"
                    problems.append(LessonFileError(file: shown, line: nil, "\(what) is taken by \(other.file)"))
                    continue
                }
                lessons.append(lesson)
            } catch let e as LessonFileError {
                problems.append(e)
            } catch {
                problems.append(LessonFileError(file: shown, line: nil, String(describing: error)))
            }
        }
        self.lessons = lessons.sorted { $0.number < $1.number }
        self.problems = problems
    }

    /// Lessons that require a lesson id no file has (checked by `opslab lesson lint`).
    public var unknownRequirements: [LessonFileError] {
        let ids = Set(lessons.map(\.id))
        return lessons.flatMap { lesson in
            lesson.requires.filter { !ids.contains($0) }.map {
                LessonFileError(file: lesson.file, line: nil, "requires '\($0)', which no lesson has\(Suggestion.didYouMean($0, in: Array(ids)))")
            }
        }
    }

    /// A lesson by id or number, or an error that lists what there is.
    public func find(_ key: String) throws -> Lesson {
        if let n = Int(key), let lesson = lessons.first(where: { $0.number == n }) { return lesson }
        if let lesson = lessons.first(where: { $0.id == key }) { return lesson }
        if let problem = problems.first(where: { Self.fileMatches($0.file, key) }) {
            throw UsageError("lesson \(key) cannot be used: \(problem.message)", hint: problem.hint ?? "the file needs fixing")
        }
        let ids = lessons.map(\.id)
        throw UsageError("no lesson '\(key)'\(Suggestion.didYouMean(key, in: ids))",
                         hint: lessons.isEmpty ? "no lessons found\(directory.map { " in \($0)" } ?? "")"
                             : "lessons: " + lessons.map { "\($0.number) \($0.id)" }.joined(separator: ", "))
    }

    /// "lesson 3 (prep) is in progress at step 6/19; `lesson 3` resumes it", for the shell's greeting.
    public func unfinishedNotice(stateDirectory: String) -> String? {
        guard let records = try? LessonProgress.all(in: stateDirectory) else { return nil }
        let open = lessons.compactMap { lesson in records[lesson.id].map { (lesson, $0) } }
            .filter { !$0.1.finished && $0.1.position > 0 && $0.1.stepCount == $0.0.steps.count }
        guard let (lesson, record) = open.first else { return nil }
        return "lesson \(lesson.number) (\(lesson.id)) is in progress at step \(record.position + 1)/\(record.stepCount); `lesson \(lesson.number)` resumes it"
    }

    /// Whether `lessons/NN-slug.yaml` is the file a learner means by `key` (its number or slug).
    static func fileMatches(_ file: String, _ key: String) -> Bool {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        let stem = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base
        let parts = stem.split(separator: "-", maxSplits: 1).map(String.init)
        guard let number = parts.first.flatMap({ Int($0) }) else { return false }
        return Int(key) == number || (parts.count > 1 && parts[1] == key)
    }

    /// `NN-slug.yaml` files, sorted.
    static func files(in directory: String?) -> [String] {
        guard let directory, let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".yaml"), name.first?.isNumber == true { names.append(name) }
        }
        return names.sorted()
    }

    /// `$OPSLAB_LESSONS`, else a `lessons/` folder beside the bundled datasets (the source
    /// checkout, or `share/opslab/` of an installed binary).
    public static func locate(environment: [String: String], catalog: DatasetCatalog) -> String? {
        if let dir = environment["OPSLAB_LESSONS"], FileIO.isDirectory(dir) { return dir }
        guard let datasets = catalog.directory, let slash = datasets.lastIndex(of: "/") else { return nil }
        let candidate = String(datasets[..<slash]) + "/lessons"
        return FileIO.isDirectory(candidate) ? candidate : nil
    }
}
