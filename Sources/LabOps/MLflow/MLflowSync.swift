import LabData

/// Sends what lab.db holds to an MLflow server through an outbox, so that nothing is lost when
/// the server is down: every run, registered version and alias meant for a server is queued
/// first (in lab.db, in one transaction with nothing else), then sent; an entry leaves the
/// queue only once the server has all of it. The server's ids are kept as they are given, so a
/// retry after a failure half-way continues the same remote run instead of making another.
public enum MLflowSync {
    public enum Kind: String, Sendable, CaseIterable {
        case run, version, alias
    }

    public struct Report: Sendable, Equatable {
        public var sent: [String] = []
        /// Entries still queued for this server after the attempt.
        public var pending = 0
        /// Why sending stopped, when it did.
        public var failure: String?
        /// Items the server refused outright (a 4xx answer): taken off the queue so they do not
        /// block the rest, and said so. They stay in lab.db.
        public var refused: [String] = []
    }

    /// Queues an item for `server` (a run id, `NAME/3` for a version, `NAME@alias` for an alias).
    public static func queue(_ kind: Kind, _ localID: String, server: String, in stateDirectory: String) throws {
        try Tracking.write(stateDirectory) { db in
            let s = try db.prepare("INSERT OR IGNORE INTO tracking_outbox VALUES (?1, ?2, ?3, ?4)")
            try s.bind([.text(kind.rawValue), .text(localID), .text(server), .integer(Clock.milliseconds())])
            _ = try s.step()
        }
    }

    public static func pending(server: String? = nil, in stateDirectory: String) throws -> [(kind: Kind, id: String, server: String)] {
        try Tracking.read(stateDirectory) { db in
            let s = try db.prepare("""
                SELECT kind, local_id, server FROM tracking_outbox \(server == nil ? "" : "WHERE server = ?1")
                ORDER BY CASE kind WHEN 'run' THEN 0 WHEN 'version' THEN 1 ELSE 2 END, queued_ms, local_id
                """)
            if let server { try s.bind([.text(server)]) }
            var out: [(Kind, String, String)] = []
            while try s.step() {
                if let k = Kind(rawValue: s.text(0) ?? "") { out.append((k, s.text(1) ?? "", s.text(2) ?? "")) }
            }
            return out
        }
    }

    /// Sends every queued entry for `server`, runs first; stops at the first failure (the rest stay queued).
    public static func flush(_ server: MLflowServer, in stateDirectory: String) -> Report {
        var report = Report()
        do {
            for entry in try pending(server: server.url, in: stateDirectory) {
                do {
                    switch entry.kind {
                    case .run: try sendRun(entry.id, to: server, in: stateDirectory)
                    case .version: try sendVersion(entry.id, to: server, in: stateDirectory)
                    case .alias: try sendAlias(entry.id, to: server, in: stateDirectory)
                    }
                    report.sent.append(entry.id)
                } catch let refusal as MLflowServer.Failure where (400..<500).contains(refusal.status) {
                    // Sending it again would be refused again; a server that is down or failing (5xx) is retried instead.
                    report.refused.append("\(entry.kind.rawValue) \(entry.id.prefix(12)): \(refusal.message)")
                }
                try dequeue(entry.kind, entry.id, server: server.url, in: stateDirectory)
            }
        } catch {
            report.failure = (error as? LabError)?.message ?? String(describing: error)
        }
        report.pending = (try? pending(server: server.url, in: stateDirectory).count) ?? 0
        return report
    }

    static func sendRun(_ id: String, to server: MLflowServer, in stateDirectory: String) throws {
        // A version or alias queued before its run: the run goes first (it is then no longer queued).
        guard let run = try TrackingQueries.run(id: id, in: stateDirectory) else { return }  // discarded meanwhile
        let experimentID = try server.experimentID(named: run.experimentName)
        let remote: String
        if let known = try remoteID(.run, id, server: server.url, in: stateDirectory) {
            remote = known
            // Sent before and maybe deleted there since: it must be active to take more tags.
            try server.setDeleted(false, runID: remote)
        } else {
            remote = try server.createRun(experimentID: experimentID, name: run.name, startMs: run.startMs,
                                          tags: run.tags.filter { $0.key != Tracking.parentRunTag })
            try remember(.run, id, remote: remote, server: server.url, in: stateDirectory)
        }
        var tags = run.tags
        if let parent = run.parentRunID {
            // A tuning point finishes before its parent: the parent goes first (still RUNNING; it is sent
            // again when it finishes), so that the child can name the parent's id on the server.
            if try remoteID(.run, parent, server: server.url, in: stateDirectory) == nil, try TrackingQueries.run(id: parent, in: stateDirectory) != nil {
                try sendRun(parent, to: server, in: stateDirectory)
            }
            tags[Tracking.parentRunTag] = try remoteID(.run, parent, server: server.url, in: stateDirectory) ?? parent
        }
        tags["opslab.run_id"] = run.id
        try server.logBatch(runID: remote, params: run.params, metrics: try TrackingQueries.allMetrics(run: id, in: stateDirectory), tags: tags)
        for path in run.artifacts {
            if let content = try TrackingQueries.artifact(run: id, path: path, in: stateDirectory) {
                try server.uploadArtifact(experimentID: experimentID, runID: remote, path: path, content: content)
            }
        }
        if run.status != .running { try server.updateRun(runID: remote, status: run.status, endMs: run.endMs) }
        if run.deleted { try server.setDeleted(true, runID: remote) }
    }

    static func sendVersion(_ reference: String, to server: MLflowServer, in stateDirectory: String) throws {
        let version = try Registry.resolve(reference, in: stateDirectory)
        if try remoteID(.version, reference, server: server.url, in: stateDirectory) != nil { return }
        if try remoteID(.run, version.runID, server: server.url, in: stateDirectory) == nil {
            try sendRun(version.runID, to: server, in: stateDirectory)
            try dequeue(.run, version.runID, server: server.url, in: stateDirectory)
        }
        guard let remoteRun = try remoteID(.run, version.runID, server: server.url, in: stateDirectory) else { return }
        try server.createRegisteredModel(version.name)
        let remote = try server.createModelVersion(name: version.name, runID: remoteRun)
        try remember(.version, reference, remote: remote, server: server.url, in: stateDirectory)
    }

    static func sendAlias(_ reference: String, to server: MLflowServer, in stateDirectory: String) throws {
        let version = try Registry.resolve(reference, in: stateDirectory)
        let versionReference = "\(version.name)/\(version.version)"
        if try remoteID(.version, versionReference, server: server.url, in: stateDirectory) == nil {
            try sendVersion(versionReference, to: server, in: stateDirectory)
            try dequeue(.version, versionReference, server: server.url, in: stateDirectory)
        }
        guard let remote = try remoteID(.version, versionReference, server: server.url, in: stateDirectory),
              let at = reference.firstIndex(of: "@") else { return }
        try server.setAlias(name: version.name, alias: String(reference[reference.index(after: at)...]), version: remote)
    }

    static func remoteID(_ kind: Kind, _ localID: String, server: String, in stateDirectory: String) throws -> String? {
        try Tracking.read(stateDirectory) { db in
            if case .text(let id)? = try db.scalar("SELECT remote_id FROM tracking_remote WHERE kind = ?1 AND local_id = ?2 AND server = ?3",
                                                   [.text(kind.rawValue), .text(localID), .text(server)]) { return id }
            return nil
        }
    }

    static func remember(_ kind: Kind, _ localID: String, remote: String, server: String, in stateDirectory: String) throws {
        try Tracking.write(stateDirectory) { db in
            let s = try db.prepare("INSERT OR REPLACE INTO tracking_remote VALUES (?1, ?2, ?3, ?4)")
            try s.bind([.text(kind.rawValue), .text(localID), .text(server), .text(remote)])
            _ = try s.step()
        }
    }

    static func dequeue(_ kind: Kind, _ localID: String, server: String, in stateDirectory: String) throws {
        try Tracking.write(stateDirectory) { db in
            let s = try db.prepare("DELETE FROM tracking_outbox WHERE kind = ?1 AND local_id = ?2 AND server = ?3")
            try s.bind([.text(kind.rawValue), .text(localID), .text(server)])
            _ = try s.step()
        }
    }
}
