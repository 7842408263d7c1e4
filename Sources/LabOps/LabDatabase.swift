#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// `.opslab/lab.db`: the SQLite file where opslab keeps what it tracks across sessions
/// (dataset versions, lesson progress, tracked runs and the model registry). WAL mode, so a reader
/// never waits for a writer, and a `schema_version` table so that a file written by a newer
/// opslab is refused instead of misread, and an older one is migrated forward in place.
///
/// A file that is not a readable database is reported and left exactly as it is.
public final class LabDatabase {
    public static let fileName = "lab.db"
    /// The schema this build writes. Bump it and append to `migrations` to change the schema.
    public static let schemaVersion = 5

    /// `migrations[v]` brings a database from version v to v + 1.
    static let migrations: [String] = [
        """
        CREATE TABLE dataset_versions(
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          hash TEXT NOT NULL,
          rows INTEGER NOT NULL,
          columns INTEGER NOT NULL,
          schema TEXT NOT NULL,
          source TEXT NOT NULL,
          recorded_at TEXT NOT NULL);
        CREATE INDEX dataset_versions_by_name ON dataset_versions(name);
        CREATE INDEX dataset_versions_by_hash ON dataset_versions(hash);
        CREATE TABLE dataset_columns(
          hash TEXT NOT NULL,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          type TEXT NOT NULL,
          count INTEGER NOT NULL,
          missing INTEGER NOT NULL,
          mean REAL, std REAL, min REAL, max REAL,
          unique_count INTEGER NOT NULL,
          PRIMARY KEY (hash, position));
        """,
        // Lesson progress: where a learner is in each lesson, and how each step went.
        """
        CREATE TABLE lesson_position(
          lesson TEXT PRIMARY KEY,
          step INTEGER NOT NULL,
          steps INTEGER NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          updated_at TEXT NOT NULL);
        CREATE TABLE lesson_steps(
          lesson TEXT NOT NULL,
          step INTEGER NOT NULL,
          status TEXT NOT NULL,
          hints INTEGER NOT NULL,
          seconds REAL NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (lesson, step));
        """,
        TrackingSchema.migration,
        TrackingSchema.latestMetrics,
        TrackingSchema.listedKeys,
    ]

    public let path: String
    let connection: SQLiteConnection

    public init(stateDirectory: String) throws {
        path = stateDirectory + "/" + Self.fileName
        let display = path
        do {
            connection = try SQLiteConnection(path: path, mode: .create)
            let found = try Self.version(of: connection)
            if found > Self.schemaVersion {
                throw DataError("\(display) was written by a newer opslab (lab.db schema \(found); this opslab knows \(Self.schemaVersion))",
                                hint: "use that newer opslab in this folder, or set OPSLAB_HOME to another folder; the file is left as it is")
            }
            // Turning a new file to WAL needs it alone for a moment, and SQLite answers "locked" at once
            // (no busy wait) when another opslab is creating or migrating the same lab.db: try again.
            try Self.retryingWhileBusy { _ = try connection.scalar("PRAGMA journal_mode = WAL") }
            try connection.execute("PRAGMA synchronous = NORMAL")
            // Reading thousands of runs touches thousands of pages: mapped, a page is read where the
            // system already holds it, where the page cache would first copy it into memory of its
            // own, fresh and page-faulted (a `runs` query over 2,000 of 10,000 runs: 50 -> 44 ms
            // for the first query of a process, 28 -> 22 ms for the later ones). The 32 MB cache
            // still holds the pages of the write-ahead log and those being written.
            try connection.execute("PRAGMA mmap_size = 268435456; PRAGMA cache_size = -32768")
            // Logging runs rewrites the same index pages in every transaction: checkpointing every
            // 8192 pages (32 MB) instead of 1000 writes each back to the file (and syncs) far less
            // often; the log is cut back to 4 MB after each checkpoint.
            try connection.execute("PRAGMA wal_autocheckpoint = 8192; PRAGMA journal_size_limit = 4194304")
            // Every recorded run opens and closes lab.db a few times; a checkpoint at each close would cost a sync apiece.
            connection.keepWALOnClose()
            if found < Self.schemaVersion {
                try connection.transaction {
                    // Another opslab may have migrated it meanwhile: read again inside the write lock.
                    let current = try Self.version(of: connection)
                    guard current < Self.schemaVersion else { return }
                    for v in current..<Self.schemaVersion { try connection.execute(Self.migrations[v]) }
                    try connection.execute("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)")
                    try connection.execute("DELETE FROM schema_version; INSERT INTO schema_version VALUES (\(Self.schemaVersion))")
                }
            }
        } catch let e as SQLiteError {
            throw Self.damaged(e, path: display)
        }
    }

    /// Runs `body` again while SQLite says the database is busy, for up to about five seconds.
    static func retryingWhileBusy(_ body: () throws -> Void) throws {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let e as SQLiteError where e.isBusy && attempt < 250 {
                attempt += 1
                usleep(20_000)
            }
        }
    }

    /// Read-only: nothing is written before the version is known to be one this build understands.
    static func version(of db: SQLiteConnection) throws -> Int {
        guard try db.tableExists("schema_version") else { return 0 }
        if case .integer(let v) = try db.scalar("SELECT max(version) FROM schema_version") { return Int(v) }
        return 0
    }

    /// The message for a lab.db SQLite cannot use: damaged, not a database, or locked.
    static func damaged(_ e: SQLiteError, path: String) -> DataError {
        if e.isNotADatabase {
            return DataError("\(path) is damaged or not a SQLite database (\(e.message))",
                             hint: "opslab has not changed it; move it aside (e.g. mv \(path) \(path).bad) and a new one is started")
        }
        return DataError("cannot use \(path): \(e.message)", hint: "opslab has not changed it")
    }

    /// Runs `body`, turning SQLite errors into the lab.db message.
    func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as SQLiteError {
            throw Self.damaged(e, path: path)
        }
    }
}
