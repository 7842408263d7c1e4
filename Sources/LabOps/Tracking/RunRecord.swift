/// A run's lifecycle, spelled as MLflow spells it.
public enum RunStatus: String, Sendable, CaseIterable {
    case running = "RUNNING"
    case finished = "FINISHED"
    case failed = "FAILED"
    case killed = "KILLED"
}

/// One value of a metric: MLflow's (key, value, timestamp, step).
public struct MetricPoint: Sendable, Equatable {
    public let key: String
    public let value: Double
    public let step: Int
    public let timestampMs: Int64

    public init(key: String, value: Double, step: Int = 0, timestampMs: Int64 = Clock.milliseconds()) {
        self.key = key
        self.value = value
        self.step = step
        self.timestampMs = timestampMs
    }
}

/// Everything about one run as stored, with metrics reduced to their latest value
/// (highest step, then newest timestamp, as MLflow's "latest metrics").
public struct RunRecord: Sendable, Equatable {
    public let id: String
    public let experimentID: String
    public let experimentName: String
    public let name: String
    /// As shown: a run left RUNNING by a process that no longer exists is FAILED.
    public let status: RunStatus
    public let startMs: Int64
    public let endMs: Int64?
    public let deleted: Bool
    public let params: [String: String]
    public let metrics: [String: Double]
    public let tags: [String: String]
    public let artifacts: [String]

    /// The run this one belongs to (a grid point of a tuning run), from MLflow's tag.
    public var parentRunID: String? { tags[Tracking.parentRunTag] }
    public var note: String? { tags[Tracking.noteTag] }
}

/// An experiment: MLflow's id (text; "0" is Default) and name.
public struct ExperimentRecord: Sendable, Equatable {
    public let id: String
    public let name: String
    public let createdMs: Int64
}

/// Which params, metrics and tags to read (or, from `TrackingQueries.keys`, which exist).
public struct RunFields: Sendable, Equatable {
    public var params: Set<String>
    public var metrics: Set<String>
    public var tags: Set<String>

    public init(params: Set<String> = [], metrics: Set<String> = [], tags: Set<String> = []) {
        self.params = params
        self.metrics = metrics
        self.tags = tags
    }
}
