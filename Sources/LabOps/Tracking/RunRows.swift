import LabData

/// The row writers shared by every recording call; each runs inside the caller's transaction.
enum RunRows {
    static func requireRun(_ id: String, db: SQLiteConnection) throws {
        guard try db.scalar("SELECT 1 FROM runs WHERE run_id = ?1", [.text(id)]) != nil else {
            throw DataError("no run \(id) in lab.db", hint: "`runs` lists the recorded runs")
        }
    }

    static func putParams(_ params: [String: String], run id: String, db: SQLiteConnection) throws {
        guard !params.isEmpty else { return }
        let s = try db.prepare("INSERT OR REPLACE INTO run_params VALUES (?1, ?2, ?3)")
        for (k, v) in params.sorted(by: { $0.key < $1.key }) {
            s.reset()
            try s.bind([.text(id), .text(k), .text(v)])
            _ = try s.step()
        }
    }

    static func putMetrics(_ metrics: [MetricPoint], run id: String, db: SQLiteConnection) throws {
        guard !metrics.isEmpty else { return }
        let s = try db.prepare("INSERT INTO run_metrics VALUES (?1, ?2, ?3, ?4, ?5)")
        let latest = try db.prepare(TrackingSchema.upsertLatestMetric)
        for m in metrics {
            let row: [SQLiteValue] = [.text(id), .text(m.key), m.value.isNaN ? .null : .real(m.value), .integer(Int64(m.step)), .integer(m.timestampMs)]
            for statement in [s, latest] {
                statement.reset()
                try statement.bind(row)
                _ = try statement.step()
            }
        }
    }

    static func putTags(_ tags: [String: String], run id: String, db: SQLiteConnection) throws {
        guard !tags.isEmpty else { return }
        let s = try db.prepare("INSERT OR REPLACE INTO run_tags VALUES (?1, ?2, ?3)")
        for (k, v) in tags.sorted(by: { $0.key < $1.key }) {
            s.reset()
            try s.bind([.text(id), .text(k), .text(v)])
            _ = try s.step()
        }
    }

    static func putArtifacts(_ artifacts: [String: [UInt8]], run id: String, db: SQLiteConnection) throws {
        guard !artifacts.isEmpty else { return }
        let s = try db.prepare("INSERT OR REPLACE INTO run_artifacts VALUES (?1, ?2, ?3)")
        for (path, content) in artifacts.sorted(by: { $0.key < $1.key }) {
            s.reset()
            // Text is enough: every artifact opslab writes is JSON or a script.
            try s.bind([.text(id), .text(path), .text(String(decoding: content, as: UTF8.self))])
            _ = try s.step()
        }
    }
}
