import LabData

/// What the running shell offers a command besides the session state.
public struct Environment: Sendable {
    public var workingDirectory: String
    public var stateDirectory: String
    public var catalog: DatasetCatalog
    public var version: String
    /// The folder of lesson files (`lessons/`), if one was found.
    public var lessonsDirectory: String?
    /// `opslab run --new-data`: a load whose data changed since the script was saved goes on with
    /// a warning rather than stopping (a pipeline retrained on this week's data).
    public var acceptsNewData = false

    public init(workingDirectory: String, stateDirectory: String, catalog: DatasetCatalog, version: String,
                lessonsDirectory: String? = nil, acceptsNewData: Bool = false) {
        self.workingDirectory = workingDirectory
        self.stateDirectory = stateDirectory
        self.catalog = catalog
        self.version = version
        self.lessonsDirectory = lessonsDirectory
        self.acceptsNewData = acceptsNewData
    }
}

/// Requests a command makes of the session itself rather than of its state.
public enum SessionRequest: Sendable, Equatable {
    case undo(Int)
    case exit
    case saveScript(path: String)
    /// Run these lines as if typed, all or nothing: a lesson's solution (`skip`, with
    /// `skipping`), or the solutions a resumed lesson builds on.
    case runSolution(lines: [String], skipping: Bool)
}

/// What a command works with: a copy of the state to change, the environment, and the
/// arguments as they will be recorded (a command may pin more, such as a data hash).
public struct CommandContext: Sendable {
    public var state: SessionState
    public let environment: Environment
    public var recorded: Arguments
    public var request: SessionRequest?
    /// A command whose spec changes state can say that this time it did not (e.g. `features rank`).
    public var changedState = true
    public let history: [HistoryEntry]
    public let table: CommandTable
    /// False while a journal is replayed after a crash: its runs were recorded the first time.
    public var recordsRuns = true
    /// The lesson in progress, if any; the lesson commands change it, and the session keeps
    /// the change when the command succeeds. It is not part of the state: `undo` leaves it be.
    public var lesson: LessonRun?
}

public protocol Command: Sendable {
    static var spec: CommandSpec { get }
    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput
}

/// One successful state-changing command, as recorded.
public struct HistoryEntry: Sendable, Equatable {
    public let line: String
    public let number: Int
}
