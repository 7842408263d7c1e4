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

/// What to read of each run: the params, latest metrics and tags named (nil: all of them), and
/// whether to list its artifacts. Reading thousands of runs, a command reads only what it shows.
public struct RunReading: Sendable, Equatable {
    public var params: Set<String>?
    public var metrics: Set<String>?
    public var tags: Set<String>?
    public var artifacts: Bool

    public init(params: Set<String>? = nil, metrics: Set<String>? = nil, tags: Set<String>? = nil, artifacts: Bool = false) {
        self.params = params
        self.metrics = metrics
        self.tags = tags
        self.artifacts = artifacts
    }

    /// Everything about each run.
    public static let whole = RunReading(artifacts: true)
    /// The run rows alone (id, name, status, times), no params, metrics or tags.
    public static let rowsOnly = RunReading(params: [], metrics: [], tags: [])

    public init(_ fields: RunFields) {
        self.init(params: fields.params, metrics: fields.metrics, tags: fields.tags)
    }

    /// What either reading reads.
    public func union(_ other: RunReading) -> RunReading {
        func both(_ a: Set<String>?, _ b: Set<String>?) -> Set<String>? { a.flatMap { a in b.map { a.union($0) } } }
        return RunReading(params: both(params, other.params), metrics: both(metrics, other.metrics), tags: both(tags, other.tags),
                          artifacts: artifacts || other.artifacts)
    }
}

/// A condition on one latest metric value that lab.db can answer from its index
/// (`metrics.auc > 0.9`): what a filter narrows the runs with before reading them.
public struct MetricBound: Sendable, Equatable {
    public enum Comparison: String, Sendable { case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=" }
    public let key: String
    public let comparison: Comparison
    public let value: Double

    public init(key: String, comparison: Comparison, value: Double) {
        self.key = key
        self.comparison = comparison
        self.value = value
    }
}
