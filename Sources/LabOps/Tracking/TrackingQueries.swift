import LabData

/// Experiment tracking in lab.db: the reading side (`runs`, `run`, `compare`, exports).
public enum TrackingQueries {
    public static func experiments(in stateDirectory: String) throws -> [ExperimentRecord] {
        try Tracking.read(stateDirectory) { db in
            let s = try db.prepare("SELECT experiment_id, name, created_ms FROM experiments ORDER BY CAST(experiment_id AS INTEGER)")
            var out: [ExperimentRecord] = []
            while try s.step() { out.append(ExperimentRecord(id: s.text(0) ?? "", name: s.text(1) ?? "", createdMs: s.int64(2))) }
            return out
        }
    }

    /// Runs oldest first: of one experiment (by name) or all, without the deleted ones unless asked.
    /// With `fields`, only those params, metrics and tags are read (no artifacts): what a filter
    /// over thousands of runs needs before the few that pass are read whole with `runs(ids:)`.
    public static func runs(in stateDirectory: String, experiment: String? = nil, includeDeleted: Bool = false,
                            fields: RunFields? = nil) throws -> [RunRecord] {
        var conditions: [String] = []
        var bindings: [SQLiteValue] = []
        if let experiment {
            conditions.append("e.name = ?\(bindings.count + 1)")
            bindings.append(.text(experiment))
        }
        if !includeDeleted { conditions.append("r.deleted = 0") }
        return try load(where: conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), bindings, fields: fields, in: stateDirectory)
    }

    /// The runs with these ids, whole, in the order given.
    public static func runs(ids: [String], in stateDirectory: String) throws -> [RunRecord] {
        guard !ids.isEmpty else { return [] }
        if ids.count == 1 { return try load(where: "r.run_id = ?1", [.text(ids[0])], in: stateDirectory) }
        // In blocks of 500 ids, each read through the primary keys (SQLite's limit on bound values stays far away).
        var found: [RunRecord] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let block = Array(ids[start..<min(start + 500, ids.count)])
            found += try load(where: "r.run_id IN (\((1...block.count).map { "?\($0)" }.joined(separator: ",")))", block.map { .text($0) }, in: stateDirectory)
        }
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    /// Every param, metric and tag name any run has: what `where` and `sort` may name.
    public static func keys(in stateDirectory: String) throws -> RunFields {
        try Tracking.read(stateDirectory) { db in
            func distinct(_ table: String) throws -> Set<String> {
                let s = try db.prepare("SELECT DISTINCT key FROM \(table)")
                var out = Set<String>()
                while try s.step() { out.insert(s.text(0) ?? "") }
                return out
            }
            return RunFields(params: try distinct("run_params"), metrics: try distinct("run_metrics"), tags: try distinct("run_tags"))
        }
    }

    /// The run with exactly this id, deleted or not.
    public static func run(id: String, in stateDirectory: String) throws -> RunRecord? {
        try load(where: "r.run_id = ?1", [.text(id)], in: stateDirectory).first
    }

    /// The run whose id starts with `prefix` (at least 4 hex digits, as git asks, so a short
    /// model name such as `c` is never taken for an id), or else the run named `prefix`.
    /// Unknown or ambiguous references get one message naming the candidates.
    public static func resolve(_ prefix: String, in stateDirectory: String) throws -> RunRecord {
        // Ids and names only: the one run found is then loaded whole.
        let all: [(id: String, name: String, deleted: Bool)] = try Tracking.read(stateDirectory) { db in
            let s = try db.prepare("SELECT run_id, name, deleted FROM runs ORDER BY start_ms, rowid")
            var out: [(String, String, Bool)] = []
            while try s.step() { out.append((s.text(0) ?? "", s.text(1) ?? "", s.int64(2) != 0)) }
            return out
        }
        let p = prefix.lowercased()
        let looksLikeID = p.count >= minimumPrefix && p.allSatisfy(\.isHexDigit)
        var matches = looksLikeID ? all.filter { $0.id.hasPrefix(p) } : []
        if matches.isEmpty { matches = all.filter { $0.name == prefix && !$0.deleted } }
        if matches.count == 1, let run = try run(id: matches[0].id, in: stateDirectory) { return run }
        if matches.count > 1 {
            let listed = matches.prefix(5).map { "\($0.id.prefix(max(8, p.count + 2))) (\($0.name))" }.joined(separator: ", ")
            throw DataError("'\(prefix)' matches \(matches.count) runs: \(listed)\(matches.count > 5 ? ", ..." : "")",
                             hint: "give the run id (or more of it); `runs` lists them")
        }
        let width = max(p.count, minimumPrefix)
        let candidates = Array(Set(all.map { String($0.id.prefix(width)) } + all.map(\.name)))
        let hint = all.isEmpty ? "no runs are recorded yet: `train` records one"
            : "`runs` lists them (an id can be shortened to its first \(minimumPrefix) or more characters)"
        throw DataError("no run '\(prefix)'\(Suggestion.didYouMean(looksLikeID ? p : prefix, in: candidates))", hint: hint)
    }

    /// The shortest id prefix taken as an id.
    public static let minimumPrefix = 4

    /// Every value of one metric of a run, in step order (then time): the series `plot run` draws.
    public static func metricHistory(run id: String, key: String, in stateDirectory: String) throws -> [MetricPoint] {
        try Tracking.read(stateDirectory) { db in
            let s = try db.prepare("SELECT value, step, timestamp_ms FROM run_metrics WHERE run_id = ?1 AND key = ?2 ORDER BY step, timestamp_ms, rowid")
            try s.bind([.text(id), .text(key)])
            var out: [MetricPoint] = []
            while try s.step() { out.append(MetricPoint(key: key, value: metricValue(s, 0), step: Int(s.int64(1)), timestampMs: s.int64(2))) }
            return out
        }
    }

    /// Every metric value of a run, for sending or exporting it whole.
    public static func allMetrics(run id: String, in stateDirectory: String) throws -> [MetricPoint] {
        try Tracking.read(stateDirectory) { db in
            let s = try db.prepare("SELECT key, value, step, timestamp_ms FROM run_metrics WHERE run_id = ?1 ORDER BY key, step, timestamp_ms, rowid")
            try s.bind([.text(id)])
            var out: [MetricPoint] = []
            while try s.step() { out.append(MetricPoint(key: s.text(0) ?? "", value: metricValue(s, 1), step: Int(s.int64(2)), timestampMs: s.int64(3))) }
            return out
        }
    }

    public static func artifact(run id: String, path: String, in stateDirectory: String) throws -> [UInt8]? {
        try Tracking.read(stateDirectory) { db in
            guard case .text(let t)? = try db.scalar("SELECT content FROM run_artifacts WHERE run_id = ?1 AND path = ?2", [.text(id), .text(path)]) else { return nil }
            return Array(t.utf8)
        }
    }

    static func load(where condition: String, _ bindings: [SQLiteValue], fields: RunFields? = nil, in stateDirectory: String) throws -> [RunRecord] {
        let conditionBindings = bindings
        return try Tracking.read(stateDirectory) { db in
            let s = try db.prepare("""
                SELECT r.run_id, r.experiment_id, e.name, r.name, r.status, r.start_ms, r.end_ms, r.pid, r.deleted, r.pid_started
                FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id
                WHERE \(condition) ORDER BY r.start_ms, r.rowid
                """)
            try s.bind(bindings)
            struct Row { let id, experimentID, experiment, name: String; let status: RunStatus; let start: Int64; let end: Int64?; let deleted: Bool }
            var rows: [Row] = []
            while try s.step() {
                var status = RunStatus(rawValue: s.text(4) ?? "") ?? .failed
                if status == .running && !ProcessLiveness.isAlive(Int32(truncatingIfNeeded: s.int64(7)), started: s.value(9) == .null ? nil : s.int64(9)) {
                    status = .failed
                }
                let end: Int64? = s.value(6) == .null ? nil : s.int64(6)
                rows.append(Row(id: s.text(0) ?? "", experimentID: s.text(1) ?? "", experiment: s.text(2) ?? "", name: s.text(3) ?? "",
                                status: status, start: s.int64(5), end: end, deleted: s.int64(8) != 0))
            }
            guard !rows.isEmpty else { return [] }
            // One pass over each child table for all the runs asked for (a single id is the common case of `run`),
            // reading only the keys asked for when `fields` names them.
            let single = rows.count == 1 ? rows[0].id : nil
            func scope(_ keys: Set<String>?) -> (sql: String, bindings: [SQLiteValue])? {
                var conditions: [String] = [], bindings: [SQLiteValue] = []
                if let single {
                    conditions.append("run_id = ?1")
                    bindings.append(.text(single))
                } else if condition != "1" {
                    // Only the child rows of the runs selected (through the primary keys), not of every run in lab.db.
                    conditions.append("run_id IN (SELECT r.run_id FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id WHERE \(condition))")
                    bindings = conditionBindings
                }
                if let keys {
                    if keys.isEmpty { return nil }
                    let first = bindings.count + 1
                    conditions.append("key IN (\((first..<(first + keys.count)).map { "?\($0)" }.joined(separator: ",")))")
                    bindings += keys.sorted().map { .text($0) }
                }
                return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), bindings)
            }
            var params: [String: [String: String]] = [:], tags: [String: [String: String]] = [:]
            if let p = scope(fields?.params) { params = try pairs("SELECT run_id, key, value FROM run_params\(p.sql)", p.bindings, db: db) }
            if let t = scope(fields?.tags) { tags = try pairs("SELECT run_id, key, value FROM run_tags\(t.sql)", t.bindings, db: db) }
            var metrics: [String: [String: Double]] = [:]
            if let q = scope(fields?.metrics) {
                let m = try db.prepare("SELECT run_id, key, value FROM run_metrics\(q.sql) ORDER BY run_id, key, step, timestamp_ms, rowid")
                try m.bind(q.bindings)
                while try m.step() { metrics[m.text(0) ?? "", default: [:]][m.text(1) ?? ""] = metricValue(m, 2) }
            }
            var artifacts: [String: [String]] = [:]
            if fields == nil, let q = scope(nil) {
                let a = try db.prepare("SELECT run_id, path FROM run_artifacts\(q.sql) ORDER BY path")
                try a.bind(q.bindings)
                while try a.step() { artifacts[a.text(0) ?? "", default: []].append(a.text(1) ?? "") }
            }
            return rows.map { r in
                RunRecord(id: r.id, experimentID: r.experimentID, experimentName: r.experiment, name: r.name, status: r.status,
                          startMs: r.start, endMs: r.end, deleted: r.deleted, params: params[r.id] ?? [:], metrics: metrics[r.id] ?? [:],
                          tags: tags[r.id] ?? [:], artifacts: artifacts[r.id] ?? [])
            }
        }
    }

    /// NULL is how lab.db keeps NaN.
    static func metricValue(_ s: SQLiteStatement, _ column: Int) -> Double {
        s.value(column) == .null ? .nan : s.double(column)
    }

    private static func pairs(_ sql: String, _ bindings: [SQLiteValue], db: SQLiteConnection) throws -> [String: [String: String]] {
        let s = try db.prepare(sql)
        try s.bind(bindings)
        var out: [String: [String: String]] = [:]
        while try s.step() { out[s.text(0) ?? "", default: [:]][s.text(1) ?? ""] = s.text(2) ?? "" }
        return out
    }
}
