import LabData

/// Experiment tracking in `.opslab/lab.db`: the recording side. Any command that produces a
/// result worth comparing (train now; eval, cv and tune alike) starts a run, logs to it and
/// finishes it:
///
///     let run = try Tracking.startRun(in: dir, experiment: "Default", name: "lr")
///     try run.logParams(["C": "1.0"])
///     try run.logMetric("loss", 0.41, step: 3)
///     try run.finish(metrics: [MetricPoint(key: "auc", value: 0.83)])   // the last values and the end, at once
///
/// Every call is one transaction (BEGIN IMMEDIATE, waiting on a busy database), so two
/// processes can log at once and a crash between calls leaves whole rows only. A run records
/// the pid that started it: one left RUNNING by a process that is gone reads as FAILED.
public enum Tracking {
    public static let parentRunTag = "mlflow.parentRunId"
    public static let noteTag = "mlflow.note.content"
    public static let runNameTag = "mlflow.runName"
    public static let defaultExperiment = "Default"

    /// Starts a run in `experiment` (created if new) and returns its handle.
    public static func startRun(in stateDirectory: String, experiment: String = defaultExperiment, name: String,
                                tags: [String: String] = [:], parentRunID: String? = nil) throws -> RunHandle {
        try TrackingKeys.checkExperimentName(experiment)
        let id = RunIdentifier.make()
        var allTags = tags
        allTags[runNameTag] = name
        if let parentRunID { allTags[parentRunTag] = parentRunID }
        try TrackingKeys.check(tags: allTags)
        try write(stateDirectory) { db in
            let experimentID = try experimentID(named: experiment, creating: true, db: db)!
            let insert = try db.prepare("INSERT INTO runs(run_id, experiment_id, name, status, start_ms, pid, pid_started) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            let pid = ProcessLiveness.current
            try insert.bind([.text(id), .text(experimentID), .text(name), .text(RunStatus.running.rawValue),
                             .integer(Clock.milliseconds()), .integer(Int64(pid)),
                             ProcessLiveness.currentStartTime.map { .integer($0) } ?? .null])
            _ = try insert.step()
            try RunRows.putTags(allTags, run: id, db: db)
        }
        return RunHandle(id: id, stateDirectory: stateDirectory)
    }

    /// Sets (or replaces) tags on an existing run: `tag`, `note`.
    public static func setTags(_ tags: [String: String], run id: String, in stateDirectory: String) throws {
        try TrackingKeys.check(tags: tags)
        try write(stateDirectory) { db in
            try RunRows.requireRun(id, db: db)
            try RunRows.putTags(tags, run: id, db: db)
        }
    }

    /// Soft delete (`deleted` true) or restore: the run stays in the store either way.
    public static func setDeleted(_ deleted: Bool, run id: String, in stateDirectory: String) throws {
        try write(stateDirectory) { db in
            try RunRows.requireRun(id, db: db)
            let s = try db.prepare("UPDATE runs SET deleted = ?1 WHERE run_id = ?2")
            try s.bind([.integer(deleted ? 1 : 0), .text(id)])
            _ = try s.step()
        }
    }

    /// The id of experiment `name`; created (next free number, as MLflow numbers them) when asked.
    static func experimentID(named name: String, creating: Bool, db: SQLiteConnection) throws -> String? {
        if case .text(let id)? = try db.scalar("SELECT experiment_id FROM experiments WHERE name = ?1", [.text(name)]) { return id }
        guard creating else { return nil }
        let next: Int64
        if case .integer(let n)? = try db.scalar("SELECT max(CAST(experiment_id AS INTEGER)) + 1 FROM experiments") { next = n } else { next = 1 }
        let insert = try db.prepare("INSERT INTO experiments VALUES (?1, ?2, ?3)")
        try insert.bind([.text(String(next)), .text(name), .integer(Clock.milliseconds())])
        _ = try insert.step()
        return String(next)
    }

    /// Makes experiment `name` exist; returns it.
    @discardableResult
    public static func ensureExperiment(_ name: String, in stateDirectory: String) throws -> ExperimentRecord {
        try TrackingKeys.checkExperimentName(name)
        try write(stateDirectory) { db in _ = try experimentID(named: name, creating: true, db: db) }
        return try TrackingQueries.experiments(in: stateDirectory).first { $0.name == name }!
    }

    /// One write transaction on lab.db; SQLite errors become the lab.db message.
    static func write<T>(_ stateDirectory: String, _ body: (SQLiteConnection) throws -> T) throws -> T {
        try OpenDatabases.shared.with(stateDirectory) { lab in try lab.run { try lab.connection.transaction { try body(lab.connection) } } }
    }

    /// A read on lab.db (WAL: never waits for a writer).
    static func read<T>(_ stateDirectory: String, _ body: (SQLiteConnection) throws -> T) throws -> T {
        try OpenDatabases.shared.with(stateDirectory) { lab in try lab.run { try body(lab.connection) } }
    }
}

/// A started run: what a command logs to until it finishes.
public struct RunHandle: Sendable, Equatable {
    public let id: String
    public let stateDirectory: String

    /// Artifacts beyond this many bytes in one write have the write-ahead log cut back after it.
    static let largeArtifactBytes = 32 << 20

    public func logParams(_ params: [String: String]) throws {
        try log(params: params)
    }

    public func logMetric(_ key: String, _ value: Double, step: Int = 0) throws {
        try log(metrics: [MetricPoint(key: key, value: value, step: step)])
    }

    public func setTags(_ tags: [String: String]) throws {
        try log(tags: tags)
    }

    /// Params, metrics, tags and artifacts in one transaction: all of them are stored, or none.
    /// A value longer than MLflow keeps (6000 bytes for a param, 8000 for a tag: a long feature
    /// list, a long pipeline) is shortened, and kept whole as the artifact `params/KEY.txt` or `tags/KEY.txt`.
    public func log(params: [String: String] = [:], metrics: [MetricPoint] = [], tags: [String: String] = [:],
                    artifacts: [String: [UInt8]] = [:]) throws {
        try write(params: params, metrics: metrics, tags: tags, artifacts: artifacts, ending: nil)
    }

    public func logArtifact(_ path: String, _ content: [UInt8]) throws {
        try log(artifacts: [path: content])
    }

    /// Ends the run: FINISHED (or the status given) with its end time, after logging what is
    /// given, all in one transaction (a run is never FINISHED without its last values, and one
    /// commit is written instead of two).
    public func finish(_ status: RunStatus = .finished, params: [String: String] = [:], metrics: [MetricPoint] = [],
                       tags: [String: String] = [:], artifacts: [String: [UInt8]] = [:]) throws {
        try write(params: params, metrics: metrics, tags: tags, artifacts: artifacts, ending: status)
    }

    private func write(params: [String: String], metrics: [MetricPoint], tags: [String: String], artifacts: [String: [UInt8]],
                       ending status: RunStatus?) throws {
        var (params, tags, artifacts) = (params, tags, artifacts)
        for (folder, limit) in [("params", TrackingKeys.maxParamBytes), ("tags", TrackingKeys.maxTagBytes)] {
            let values = folder == "params" ? params : tags
            for (key, value) in values where value.utf8.count > limit {
                let path = "\(folder)/\(key).txt"
                artifacts[path] = Array(value.utf8)
                let short = String(decoding: value.utf8.prefix(limit - 200), as: UTF8.self) + "… (whole value in \(path))"
                if folder == "params" { params[key] = short } else { tags[key] = short }
            }
        }
        try TrackingKeys.check(params: params, metrics: metrics, tags: tags)
        defer {
            // A large model passes through the write-ahead log, which otherwise keeps its size (a
            // 300-tree forest: 195 MB beside lab.db) until the next write; its pages are in lab.db
            // already (the commit's checkpoint), so only the log's length is given back here.
            if artifacts.values.reduce(0, { $0 + $1.count }) > Self.largeArtifactBytes {
                try? Tracking.read(stateDirectory) { db in _ = try db.scalar("PRAGMA wal_checkpoint(TRUNCATE)") }
            }
        }
        try Tracking.write(stateDirectory) { db in
            let logging = !params.isEmpty || !metrics.isEmpty || !tags.isEmpty || !artifacts.isEmpty
            if logging { try RunRows.requireRun(id, db: db) }
            try RunRows.putParams(params, run: id, db: db)
            try RunRows.putMetrics(metrics, run: id, db: db)
            try RunRows.putTags(tags, run: id, db: db)
            try RunRows.putArtifacts(artifacts, run: id, db: db)
            if let status {
                let s = try db.prepare("UPDATE runs SET status = ?1, end_ms = ?2 WHERE run_id = ?3")
                try s.bind([.text(status.rawValue), .integer(Clock.milliseconds()), .text(id)])
                _ = try s.step()
            }
        }
    }
}

extension Tracking {
    /// Removes a run and everything logged to it, for a command that turned out to be bad input.
    public static func discard(run id: String, in stateDirectory: String) throws {
        try write(stateDirectory) { db in
            for table in ["run_params", "run_metrics", "run_latest_metrics", "run_tags", "run_artifacts", "runs"] {
                let s = try db.prepare("DELETE FROM \(table) WHERE run_id = ?1")
                try s.bind([.text(id)])
                _ = try s.step()
            }
        }
    }
}
