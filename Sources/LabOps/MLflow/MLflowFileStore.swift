import Foundation
import LabData

/// `export mlflow DIR`: the runs and registry of lab.db written as MLflow's file store, the
/// layout `mlflow ui --backend-store-uri DIR` and `MlflowClient(DIR)` read:
///
///     DIR/EXPID/meta.yaml                       an experiment
///     DIR/EXPID/RUNID/meta.yaml                 a run (status as MLflow's enum number)
///     DIR/EXPID/RUNID/params/KEY                the value
///     DIR/EXPID/RUNID/metrics/KEY               "timestamp value step" per line
///     DIR/EXPID/RUNID/tags/KEY                  the value
///     DIR/EXPID/RUNID/artifacts/...             the saved model, the lineage
///     DIR/models/NAME/meta.yaml, version-N/meta.yaml, aliases/ALIAS (the version)
///
/// Written into a fresh folder next to DIR and renamed into place, so DIR is either complete or absent.
public enum MLflowFileStore {
    public struct Summary: Sendable, Equatable {
        public let experiments: Int
        public let runs: Int
        public let models: Int
        public let path: String
    }

    public static func export(from stateDirectory: String, to directory: String) throws -> Summary {
        let files = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL.path
        if files.fileExists(atPath: target) {
            let contents = (try? files.contentsOfDirectory(atPath: target)) ?? ["?"]
            guard contents.isEmpty else {
                throw DataError("\(directory) already exists and is not empty", hint: "export into a new folder, e.g. export mlflow mlruns-2")
            }
            try? files.removeItem(atPath: target)
        }
        let staging = target + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        try? files.removeItem(atPath: staging)
        do {
            let counts = try write(from: stateDirectory, into: staging, finalPath: target)
            try files.moveItem(atPath: staging, toPath: target)
            return Summary(experiments: counts.0, runs: counts.1, models: counts.2, path: target)
        } catch {
            try? files.removeItem(atPath: staging)
            if error is LabError { throw error }
            throw DataError("cannot write \(directory): \(error.localizedDescription)", hint: "check that its parent folder exists and is writable")
        }
    }

    static func write(from stateDirectory: String, into root: String, finalPath: String) throws -> (Int, Int, Int) {
        let experiments = try TrackingQueries.experiments(in: stateDirectory)
        let runs = try TrackingQueries.runs(in: stateDirectory, includeDeleted: true)
        try make(root)
        try make(root + "/.trash")
        for e in experiments {
            try make("\(root)/\(e.id)")
            try put("\(root)/\(e.id)/meta.yaml", yaml([
                ("artifact_location", .text("file://\(finalPath)/\(e.id)")), ("creation_time", .int(e.createdMs)),
                ("experiment_id", .text(e.id)), ("last_update_time", .int(e.createdMs)),
                ("lifecycle_stage", .text("active")), ("name", .text(e.name)),
            ]))
        }
        for r in runs {
            let dir = "\(root)/\(r.experimentID)/\(r.id)"
            for sub in ["params", "metrics", "tags", "artifacts"] { try make("\(dir)/\(sub)") }
            try put("\(dir)/meta.yaml", yaml([
                ("artifact_uri", .text("file://\(finalPath)/\(r.experimentID)/\(r.id)/artifacts")),
                ("end_time", r.endMs.map { .int($0) } ?? .null), ("entry_point_name", .text("")),
                ("experiment_id", .text(r.experimentID)), ("lifecycle_stage", .text(r.deleted ? "deleted" : "active")),
                ("run_id", .text(r.id)), ("run_name", .text(r.name)), ("run_uuid", .text(r.id)),
                ("source_name", .text("")), ("source_type", .int(4)), ("source_version", .text("")),
                ("start_time", .int(r.startMs)), ("status", .int(statusNumber(r.status))), ("tags", .raw("[]")),
                ("user_id", .text(ProcessInfo.processInfo.environment["USER"] ?? "opslab")),
            ]))
            for (k, v) in r.params { try put("\(dir)/params/\(k)", v) }
            for (k, v) in r.tags { try put("\(dir)/tags/\(k)", v) }
            var series: [String: String] = [:]
            for m in try TrackingQueries.allMetrics(run: r.id, in: stateDirectory) {
                series[m.key, default: ""] += "\(m.timestampMs) \(number(m.value)) \(m.step)\n"
            }
            for (k, text) in series { try put("\(dir)/metrics/\(k)", text) }
            for path in r.artifacts {
                if let content = try TrackingQueries.artifact(run: r.id, path: path, in: stateDirectory) {
                    try put("\(dir)/artifacts/\(path)", String(decoding: content, as: UTF8.self))
                }
            }
        }
        let models = try Registry.models(in: stateDirectory)
        let byID = Dictionary(runs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for m in models {
            let dir = "\(root)/models/\(m.name)"
            let updated = m.versions.map(\.createdMs).max() ?? m.createdMs
            try put("\(dir)/meta.yaml", yaml([
                ("creation_timestamp", .int(m.createdMs)), ("description", .text("")),
                ("last_updated_timestamp", .int(updated)), ("name", .text(m.name)),
            ]))
            for v in m.versions {
                let experiment = byID[v.runID]?.experimentID ?? "0"
                try put("\(dir)/version-\(v.version)/meta.yaml", yaml([
                    ("creation_timestamp", .int(v.createdMs)), ("current_stage", .text("None")), ("description", .text("")),
                    ("last_updated_timestamp", .int(v.createdMs)), ("name", .text(m.name)), ("run_id", .text(v.runID)),
                    ("run_link", .text("")), ("source", .text("file://\(finalPath)/\(experiment)/\(v.runID)/artifacts/model")),
                    ("status", .text("READY")), ("status_message", .null), ("user_id", .null), ("version", .int(Int64(v.version))),
                ]))
                try make("\(dir)/version-\(v.version)/tags")
            }
            for (alias, version) in m.aliases { try put("\(dir)/aliases/\(alias)", String(version)) }
        }
        return (experiments.count, runs.count, models.count)
    }

    /// MLflow's RunStatus enum numbers, as the file store keeps them.
    static func statusNumber(_ s: RunStatus) -> Int64 {
        switch s {
        case .running: return 1
        case .finished: return 3
        case .failed: return 4
        case .killed: return 5
        }
    }

    enum YAMLValue { case text(String), int(Int64), null, raw(String) }

    /// Flat YAML: every string single-quoted (quotes doubled), so no value is misread as a number or a date.
    static func yaml(_ pairs: [(String, YAMLValue)]) -> String {
        pairs.map { key, value in
            switch value {
            case .text(let s): return "\(key): '\(s.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\n", with: " "))'"
            case .int(let n): return "\(key): \(n)"
            case .null: return "\(key): null"
            case .raw(let r): return "\(key): \(r)"
            }
        }.joined(separator: "\n") + "\n"
    }

    /// Python's repr of a float, which MLflow parses back: shortest round-trip digits.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return "\(x)"
    }

    static func make(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    static func put(_ path: String, _ text: String) throws {
        try make((path as NSString).deletingLastPathComponent)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
