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
    /// `reading` says what of each run to read; `bounds` keeps only the runs whose latest metrics
    /// satisfy them, answered from lab.db's index (a filter over thousands of runs reads only those).
    public static func runs(in stateDirectory: String, experiment: String? = nil, includeDeleted: Bool = false,
                            reading: RunReading = .whole, bounds: [MetricBound] = []) throws -> [RunRecord] {
        try runs(in: stateDirectory, experiment: experiment, includeDeleted: includeDeleted, bounds: bounds) { _ in reading }
    }

    /// The same, with what to read of each run chosen once it is known how many runs there are.
    public static func runs(in stateDirectory: String, experiment: String? = nil, includeDeleted: Bool = false,
                            bounds: [MetricBound] = [], reading: (_ count: Int) -> RunReading) throws -> [RunRecord] {
        try load(selection(experiment: experiment, includeDeleted: includeDeleted, bounds: bounds), reading: reading, in: stateDirectory)
    }

    static func selection(experiment: String?, includeDeleted: Bool, bounds: [MetricBound]) -> RunSelection {
        var selection = RunSelection()
        if let experiment { selection.require("e.name = ?", .text(experiment)) }
        if !includeDeleted { selection.require("r.deleted = 0") }
        for (i, bound) in bounds.enumerated() {
            if i == 0 {
                // The first bound drives the query: the index range of its values, then each run by its key.
                selection.from = "run_latest_metrics b CROSS JOIN runs r ON r.run_id = b.run_id JOIN experiments e ON e.experiment_id = r.experiment_id"
                selection.require("b.key = ? AND b.value \(bound.comparison.rawValue) ?", .text(bound.key), .real(bound.value))
            } else {
                selection.require("r.run_id IN (SELECT run_id FROM run_latest_metrics WHERE key = ? AND value \(bound.comparison.rawValue) ?)",
                                  .text(bound.key), .real(bound.value))
            }
        }
        return selection
    }

    /// The runs with these ids, in the order given.
    public static func runs(ids: [String], reading: RunReading = .whole, in stateDirectory: String) throws -> [RunRecord] {
        guard !ids.isEmpty else { return [] }
        var selection = RunSelection()
        if ids.count == 1 {
            selection.require("r.run_id = ?", .text(ids[0]))
        } else {
            selection.require("r.run_id IN (SELECT value FROM json_each(?))", .text(jsonArray(ids)))
        }
        let found = try load(selection, reading: { _ in reading }, in: stateDirectory)
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    /// The runs carrying tag `key` with exactly `value`, oldest first.
    public static func runs(tagged key: String, _ value: String, reading: RunReading = .whole, in stateDirectory: String) throws -> [RunRecord] {
        var selection = RunSelection()
        selection.require("r.run_id IN (SELECT run_id FROM run_tags WHERE key = ? AND value = ?)", .text(key), .text(value))
        return try load(selection, reading: { _ in reading }, in: stateDirectory)
    }

    /// How many runs (not deleted) each experiment id holds.
    public static func runCounts(in stateDirectory: String) throws -> [String: Int] {
        try Tracking.read(stateDirectory) { db in
            let s = try db.prepare("SELECT experiment_id, count(*) FROM runs WHERE deleted = 0 GROUP BY experiment_id")
            var out: [String: Int] = [:]
            while try s.step() { out[s.text(0) ?? ""] = Int(s.int64(1)) }
            return out
        }
    }

    /// How many runs that are not deleted an experiment (by name; nil for all) holds, and of
    /// those, how many carry tag `key` with `value` when one is given.
    public static func runCount(in stateDirectory: String, experiment: String?, tag: (key: String, value: String)? = nil) throws -> Int {
        try Tracking.read(stateDirectory) { db in
            let count = try db.scalar("""
                SELECT count(*) FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id
                WHERE (?1 IS NULL OR e.name = ?1) AND r.deleted = 0
                  AND (?2 IS NULL OR r.run_id IN (SELECT run_id FROM run_tags WHERE key = ?2 AND value = ?3))
                """, [experiment.map { .text($0) } ?? .null, tag.map { .text($0.key) } ?? .null, tag.map { .text($0.value) } ?? .null])
            if case .integer(let n)? = count { return Int(n) }
            return 0
        }
    }

    /// Whether an experiment (by name; nil for all) has any run that is not deleted.
    public static func hasRuns(in stateDirectory: String, experiment: String?, includeDeleted: Bool = false) throws -> Bool {
        try Tracking.read(stateDirectory) { db in
            try db.scalar("""
                SELECT 1 FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id
                WHERE (?1 IS NULL OR e.name = ?1) AND (?2 OR r.deleted = 0) LIMIT 1
                """, [experiment.map { .text($0) } ?? .null, .integer(includeDeleted ? 1 : 0)]) != nil
        }
    }

    /// Of the params, metrics and tags `named`, the ones some run has. When one is missing,
    /// every name there is (for the suggestion of the error that follows); a lookup per name
    /// otherwise, so naming a metric costs nothing however many runs there are.
    public static func knownKeys(_ named: RunFields, in stateDirectory: String) throws -> RunFields {
        let allThere: Bool = try Tracking.read(stateDirectory) { db in
            for key in named.metrics where try db.scalar("SELECT 1 FROM run_latest_metrics WHERE key = ?1 LIMIT 1", [.text(key)]) == nil { return false }
            for key in named.params where try db.scalar("SELECT 1 FROM run_params WHERE key = ?1 LIMIT 1", [.text(key)]) == nil { return false }
            return true
        }
        // Tags are never checked: a tag is often looked for on runs that do not have it yet.
        return allThere ? named : try keys(in: stateDirectory)
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
            return RunFields(params: try distinct("run_params"), metrics: try distinct("run_latest_metrics"), tags: try distinct("run_tags"))
        }
    }

    /// The run with exactly this id, deleted or not.
    public static func run(id: String, in stateDirectory: String) throws -> RunRecord? {
        try runs(ids: [id], in: stateDirectory).first
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
        // A name that only deleted runs carry still names them (`restore run NAME`).
        if matches.isEmpty { matches = all.filter { $0.name == prefix } }
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

    /// Which runs to read: a FROM clause over `runs r` and `experiments e`, and conditions with their values.
    struct RunSelection {
        var from = "runs r JOIN experiments e ON e.experiment_id = r.experiment_id"
        var conditions: [String] = []
        var bindings: [SQLiteValue] = []

        /// A condition whose `?`s take `values` in order.
        mutating func require(_ condition: String, _ values: SQLiteValue...) {
            var numbered = ""
            var next = bindings.count + 1
            for c in condition {
                if c == "?" {
                    numbered += "?\(next)"
                    next += 1
                } else {
                    numbered.append(c)
                }
            }
            conditions.append(numbered)
            bindings += values
        }

        var whereClause: String { conditions.isEmpty ? "1" : conditions.joined(separator: " AND ") }
    }

    static func load(_ selection: RunSelection, reading choose: (Int) -> RunReading, in stateDirectory: String) throws -> [RunRecord] {
        try Tracking.read(stateDirectory) { db in
            let s = try db.prepare("""
                SELECT r.run_id, r.experiment_id, e.name, r.name, r.status, r.start_ms, r.end_ms, r.pid, r.deleted, r.pid_started
                FROM \(selection.from)
                WHERE \(selection.whereClause) ORDER BY r.start_ms, r.rowid
                """)
            try s.bind(selection.bindings)
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
            let reading = choose(rows.count)
            // One query per child table for all the runs read, through their primary keys: the ids
            // go in as one JSON array, so any number of runs costs the same four statements.
            let ids: SQLiteValue = .text(rows.count == 1 ? rows[0].id : jsonArray(rows.map(\.id)))
            let ofRuns = rows.count == 1 ? "run_id = ?1" : "run_id IN (SELECT value FROM json_each(?1))"
            func scope(_ keys: Set<String>?) -> (sql: String, bindings: [SQLiteValue])? {
                guard let keys else { return (" WHERE \(ofRuns)", [ids]) }
                if keys.isEmpty { return nil }
                return (" WHERE \(ofRuns) AND key IN (\((2..<(2 + keys.count)).map { "?\($0)" }.joined(separator: ",")))",
                        [ids] + keys.sorted().map { .text($0) })
            }
            // A key with a partial index of its own is read through it, the other keys asked for together.
            func texts(_ table: String, _ keys: Set<String>?) throws -> [String: [String: String]] {
                var out: [String: [String: String]] = [:]
                func add(_ found: [String: [String: String]]) {
                    out = out.isEmpty ? found : out.merging(found) { a, b in a.merging(b) { _, new in new } }
                }
                var rest = keys
                for listed in TrackingSchema.listedIndexes where listed.table == table && keys?.contains(listed.key) == true {
                    rest?.remove(listed.key)
                    add(try byRun("SELECT run_id, key, value FROM \(table) INDEXED BY \(listed.index) WHERE key = '\(listed.key)' AND \(ofRuns)",
                                  [ids], db: db) { $0.text(2) ?? "" })
                }
                if let q = scope(rest) {
                    add(try byRun("SELECT run_id, key, value FROM \(table)\(q.sql)", q.bindings, db: db) { $0.text(2) ?? "" })
                }
                return out
            }
            let params = try texts("run_params", reading.params), tags = try texts("run_tags", reading.tags)
            var metrics: [String: [String: Double]] = [:]
            if let q = scope(reading.metrics) {
                metrics = try byRun("SELECT run_id, key, value FROM run_latest_metrics\(q.sql)", q.bindings, db: db) { metricValue($0, 2) }
            }
            var artifacts: [String: [String]] = [:]
            if reading.artifacts, let q = scope(nil) {
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

    /// Ids as a JSON array, for `json_each`.
    static func jsonArray(_ ids: [String]) -> String {
        var out = "["
        out.reserveCapacity(ids.reduce(2) { $0 + $1.utf8.count + 3 })
        for (i, id) in ids.enumerated() {
            if i > 0 { out += "," }
            out += JSONText.quoted(id)
        }
        return out + "]"
    }

    /// NULL is how lab.db keeps NaN.
    static func metricValue(_ s: SQLiteStatement, _ column: Int) -> Double {
        s.value(column) == .null ? .nan : s.double(column)
    }

    /// Rows of (run_id, key, value) as key -> value per run. The rows come grouped by run (each
    /// child table's primary key starts with run_id), so a run's id is made into a String once per
    /// run, not once per row; rows out of order are merged all the same.
    private static func byRun<T>(_ sql: String, _ bindings: [SQLiteValue], db: SQLiteConnection,
                                 _ value: (SQLiteStatement) -> T) throws -> [String: [String: T]] {
        let s = try db.prepare(sql)
        try s.bind(bindings)
        var out: [String: [String: T]] = [:]
        var run: String?
        var group: [String: T] = [:]
        func flush() {
            guard let run else { return }
            if out[run] == nil { out[run] = group } else { out[run]!.merge(group) { _, new in new } }
            // The next run most likely has as many keys: no growing one at a time.
            group = Dictionary(minimumCapacity: group.count)
        }
        while try s.step() {
            if run == nil || !s.textEquals(0, run!) {
                flush()
                run = s.text(0) ?? ""
            }
            group[s.text(1) ?? ""] = value(s)
        }
        flush()
        return out
    }
}
