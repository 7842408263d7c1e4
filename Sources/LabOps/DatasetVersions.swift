#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// One version of a dataset as recorded in lab.db: a frame's content hash (`Frame.contentHash`)
/// with what it was called, its shape and schema, where it came from and when it was seen.
public struct DatasetVersion: Sendable, Equatable {
    public let id: Int
    public let name: String
    public let hash: String
    public let rows: Int
    public let columns: Int
    /// The schema as JSON text: `[{"name":"age","type":"float"},...]`.
    public let schema: String
    /// A file path, `bundled NAME`, `sqlite:PATH table=T`, `stored to PATH table=T`, or `sql: QUERY`.
    public let source: String
    /// UTC, ISO 8601.
    public let recordedAt: String
}

/// DVC-like dataset versions: every dataset opslab loads or produces is identified by the
/// SHA-256 of its canonical content and recorded in `<state dir>/lab.db`, together with its
/// column statistics (`dataset_columns`), which is all `diff data` needs about a version that
/// is no longer in the session. No copy of the data is kept: versions cost a few hundred bytes.
public enum DatasetVersions {
    /// Records `frame` as the newest version of its name, unless that is already this content from
    /// this source (so replaying or restoring a session does not duplicate versions). Returns the version.
    /// `contentHash` may be given when the caller has already computed `frame.contentHash`.
    @discardableResult
    public static func record(frame: Frame, source: String, in stateDirectory: String, contentHash: String? = nil) throws -> DatasetVersion {
        let lab = try LabDatabase(stateDirectory: stateDirectory)
        let hash = contentHash ?? frame.contentHash
        return try lab.run {
            let db = lab.connection
            if let latest = try versions(where: "name = ?1", [.text(frame.name)], db: db, newestFirst: true, limit: 1).first,
               latest.hash == hash, latest.source == source {
                return latest
            }
            let known = try db.scalar("SELECT 1 FROM dataset_columns WHERE hash = ?1 LIMIT 1", [.text(hash)]) != nil
            let statistics = known ? [] : ColumnStatistics.of(frame)
            return try db.transaction {
                let insert = try db.prepare("""
                    INSERT INTO dataset_versions(name, hash, rows, columns, schema, source, recorded_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    """)
                try insert.bind([.text(frame.name), .text(hash), .integer(Int64(frame.rowCount)), .integer(Int64(frame.columnCount)),
                                 .text(schemaJSON(frame)), .text(source), .text(now())])
                _ = try insert.step()
                // Read now: the statistics inserted next move last_insert_rowid on.
                let id = try db.scalar("SELECT last_insert_rowid()") ?? .null
                let add = try db.prepare("INSERT OR IGNORE INTO dataset_columns VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
                for (i, s) in statistics.enumerated() {
                    add.reset()
                    try add.bind([.text(hash), .integer(Int64(i)), .text(s.name), .text(s.type.rawValue),
                                  .integer(Int64(s.count)), .integer(Int64(s.missing)), real(s.mean), real(s.std),
                                  real(s.min), real(s.max), .integer(Int64(s.unique))])
                    _ = try add.step()
                }
                guard let version = try versions(where: "id = ?1", [id], db: db, newestFirst: true, limit: 1).first else {
                    throw DataError("the version just recorded is missing from \(lab.path)")
                }
                return version
            }
        }
    }

    /// All recorded versions, oldest first; only those of `name` if given.
    public static func list(name: String? = nil, in stateDirectory: String) throws -> [DatasetVersion] {
        let lab = try LabDatabase(stateDirectory: stateDirectory)
        return try lab.run {
            if let name { return try versions(where: "name = ?1", [.text(name)], db: lab.connection, newestFirst: false) }
            return try versions(where: "1", [], db: lab.connection, newestFirst: false)
        }
    }

    /// What a reference to a recorded version found.
    public enum Match: Sendable, Equatable {
        case found(DatasetVersion)
        case ambiguous([String])
        case none
    }

    /// The version whose hash starts with `prefix` (lowercase hex), newest record of it.
    public static func find(hashPrefix prefix: String, in stateDirectory: String) throws -> Match {
        let all = try list(in: stateDirectory)
        let p = prefix.lowercased()
        let hashes = Array(Set(all.filter { $0.hash.hasPrefix(p) }.map(\.hash))).sorted()
        if hashes.count > 1 { return .ambiguous(hashes) }
        guard let h = hashes.first, let v = all.last(where: { $0.hash == h }) else { return .none }
        return .found(v)
    }

    /// The statistics stored for a version's content, in column order (nil if none were stored).
    public static func statistics(hash: String, in stateDirectory: String) throws -> [ColumnStatistics]? {
        let lab = try LabDatabase(stateDirectory: stateDirectory)
        return try lab.run {
            let s = try lab.connection.prepare("""
                SELECT name, type, count, missing, mean, std, min, max, unique_count
                FROM dataset_columns WHERE hash = ?1 ORDER BY position
                """)
            try s.bind([.text(hash)])
            var out: [ColumnStatistics] = []
            while try s.step() {
                func optional(_ i: Int) -> Double? {
                    switch s.value(i) {
                    case .real(let x): return x
                    case .integer(let x): return Double(x)
                    default: return nil
                    }
                }
                out.append(ColumnStatistics(name: s.text(0) ?? "", type: ColumnType(rawValue: s.text(1) ?? "") ?? .string,
                                            count: Int(s.int64(2)), missing: Int(s.int64(3)), mean: optional(4), std: optional(5),
                                            min: optional(6), max: optional(7), unique: Int(s.int64(8))))
            }
            return out.isEmpty ? nil : out
        }
    }

    static func versions(where condition: String, _ bindings: [SQLiteValue], db: SQLiteConnection,
                         newestFirst: Bool, limit: Int? = nil) throws -> [DatasetVersion] {
        let s = try db.prepare("""
            SELECT id, name, hash, rows, columns, schema, source, recorded_at FROM dataset_versions
            WHERE \(condition) ORDER BY id \(newestFirst ? "DESC" : "ASC")\(limit.map { " LIMIT \($0)" } ?? "")
            """)
        try s.bind(bindings)
        var out: [DatasetVersion] = []
        while try s.step() {
            out.append(DatasetVersion(id: Int(s.int64(0)), name: s.text(1) ?? "", hash: s.text(2) ?? "", rows: Int(s.int64(3)),
                                      columns: Int(s.int64(4)), schema: s.text(5) ?? "", source: s.text(6) ?? "",
                                      recordedAt: s.text(7) ?? ""))
        }
        return out
    }

    static func real(_ x: Double?) -> SQLiteValue { x.map { .real($0) } ?? .null }

    static func now() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Column.canonicalText(Double(ts.tv_sec), type: .datetime)
    }

    /// `[{"name":"age","type":"float"},...]`, escaped as JSON requires.
    public static func schemaJSON(_ frame: Frame) -> String {
        "[" + frame.columns.map { "{\"name\":\(jsonString($0.name)),\"type\":\"\($0.type.rawValue)\"}" }.joined(separator: ",") + "]"
    }

    static func jsonString(_ s: String) -> String { JSONText.quoted(s) }
}
