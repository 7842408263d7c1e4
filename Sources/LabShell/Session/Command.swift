import LabData

/// What the running shell offers a command besides the session state.
public struct Environment: Sendable {
    public var workingDirectory: String
    public var stateDirectory: String
    public var catalog: DatasetCatalog
    public var version: String

    public init(workingDirectory: String, stateDirectory: String, catalog: DatasetCatalog, version: String) {
        self.workingDirectory = workingDirectory
        self.stateDirectory = stateDirectory
        self.catalog = catalog
        self.version = version
    }
}

/// Requests a command makes of the session itself rather than of its state.
public enum SessionRequest: Sendable, Equatable {
    case undo(Int)
    case exit
    case saveScript(path: String)
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
