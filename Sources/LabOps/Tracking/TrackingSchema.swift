/// The tables of experiment tracking and the model registry (lab.db schema 2). They follow
/// MLflow's entities one to one (experiments, runs, params, metrics with step and timestamp,
/// tags, registered models, versions, aliases) so that sending to a server or exporting a file
/// store is a copy, not a translation. Artifacts are kept in the database, so a run and its
/// saved model are written in one transaction and can never be half there. `tracking_outbox`
/// holds what is still to be sent to an MLflow server (kind `run`, `version` or `alias`) and
/// `tracking_remote` the ids the server gave, so a retry continues instead of duplicating.
/// A metric's NULL value is NaN (an undefined score): SQLite has no NaN of its own.
/// Every statement is IF NOT EXISTS, so running it over tables that are already there is harmless.
enum TrackingSchema {
    static let migration = """
        CREATE TABLE IF NOT EXISTS experiments(
          experiment_id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          created_ms INTEGER NOT NULL);
        INSERT OR IGNORE INTO experiments VALUES ('0', 'Default', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
        CREATE TABLE IF NOT EXISTS runs(
          run_id TEXT PRIMARY KEY,
          experiment_id TEXT NOT NULL REFERENCES experiments(experiment_id),
          name TEXT NOT NULL,
          status TEXT NOT NULL,
          start_ms INTEGER NOT NULL,
          end_ms INTEGER,
          pid INTEGER NOT NULL,
          pid_started INTEGER,
          deleted INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs(experiment_id, start_ms);
        CREATE TABLE IF NOT EXISTS run_params(
          run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
          PRIMARY KEY (run_id, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS run_metrics(
          run_id TEXT NOT NULL, key TEXT NOT NULL, value REAL,
          step INTEGER NOT NULL, timestamp_ms INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS run_metrics_by_run ON run_metrics(run_id, key, step);
        CREATE TABLE IF NOT EXISTS run_tags(
          run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
          PRIMARY KEY (run_id, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS run_artifacts(
          run_id TEXT NOT NULL, path TEXT NOT NULL, content BLOB NOT NULL,
          PRIMARY KEY (run_id, path)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS registered_models(
          name TEXT PRIMARY KEY,
          created_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS model_versions(
          name TEXT NOT NULL REFERENCES registered_models(name),
          version INTEGER NOT NULL,
          run_id TEXT NOT NULL,
          created_ms INTEGER NOT NULL,
          PRIMARY KEY (name, version)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS model_aliases(
          name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL,
          PRIMARY KEY (name, alias)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS tracking_outbox(
          kind TEXT NOT NULL, local_id TEXT NOT NULL, server TEXT NOT NULL, queued_ms INTEGER NOT NULL,
          PRIMARY KEY (kind, local_id, server)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS tracking_remote(
          kind TEXT NOT NULL, local_id TEXT NOT NULL, server TEXT NOT NULL, remote_id TEXT NOT NULL,
          PRIMARY KEY (kind, local_id, server)) WITHOUT ROWID;
        """

    /// Schema 4: each run's latest value of each metric (highest step, then newest timestamp, then
    /// the last written), as MLflow keeps `latest_metrics`, kept current by every write. With its
    /// index by (key, value), `runs where metrics.auc > 0.9` reads the runs that match, not every run.
    static let latestMetrics = """
        CREATE TABLE IF NOT EXISTS run_latest_metrics(
          run_id TEXT NOT NULL, key TEXT NOT NULL, value REAL,
          step INTEGER NOT NULL, timestamp_ms INTEGER NOT NULL,
          PRIMARY KEY (run_id, key)) WITHOUT ROWID;
        INSERT OR REPLACE INTO run_latest_metrics
          SELECT run_id, key, value, step, timestamp_ms FROM (
            SELECT run_id, key, value, step, timestamp_ms,
                   row_number() OVER (PARTITION BY run_id, key ORDER BY step DESC, timestamp_ms DESC, rowid DESC) AS newest
            FROM run_metrics)
          WHERE newest = 1;
        CREATE INDEX IF NOT EXISTS run_latest_metrics_by_key ON run_latest_metrics(key, value);
        """

    /// Schema 5: the param and the tag `runs` shows for every run (the estimator kind, the parent of a
    /// child run), each with a partial index of its own. Reading them for the runs a filter kept is
    /// then a seek in an index of one small row per run, not one among all params or tags.
    static let listedIndexes: [(table: String, key: String, index: String)] = [
        ("run_params", "kind", "run_params_kind"),
        ("run_tags", Tracking.parentRunTag, "run_tags_parent"),
    ]

    static let listedKeys = listedIndexes.map { i in
        "CREATE INDEX IF NOT EXISTS \(i.index) ON \(i.table)(run_id, value) WHERE key = '\(i.key)';"
    }.joined(separator: "\n")

    /// Keeps `run_latest_metrics` current: a point replaces the latest unless it is from an earlier
    /// step or time (a tie goes to the later write, as reading run_metrics in rowid order does).
    static let upsertLatestMetric = """
        INSERT INTO run_latest_metrics VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, step = excluded.step, timestamp_ms = excluded.timestamp_ms
        WHERE excluded.step > run_latest_metrics.step
           OR (excluded.step = run_latest_metrics.step AND excluded.timestamp_ms >= run_latest_metrics.timestamp_ms)
        """
}
