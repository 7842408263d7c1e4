import LabData

/// A lesson file that cannot be used, with the file and line of the problem so the author
/// can go straight to it: `lessons/03-prep.yaml:41: step 6 (task): check does not parse: ...`.
public struct LessonFileError: LabError, Equatable {
    public let file: String
    public let line: Int?
    public let problem: String
    public let hint: String?

    public init(file: String, line: Int?, _ problem: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.problem = problem
        self.hint = hint
    }

    public var message: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(problem)" }
}
