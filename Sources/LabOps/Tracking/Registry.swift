import LabData

/// One registered version: a name, its number, and the run whose model artifact it is.
public struct ModelVersionRecord: Sendable, Equatable {
    public let name: String
    public let version: Int
    public let runID: String
    public let createdMs: Int64
    public let aliases: [String]
}

public struct RegisteredModelRecord: Sendable, Equatable {
    public let name: String
    public let createdMs: Int64
    /// Oldest first.
    public let versions: [ModelVersionRecord]
    public var aliases: [String: Int] {
        var out: [String: Int] = [:]
        for v in versions { for a in v.aliases { out[a] = v.version } }
        return out
    }
}

/// The model registry in lab.db, MLflow-style: `register` numbers versions 1, 2, ... per name,
/// each pointing at the run that produced the model (whose artifact holds it); aliases such
/// as `champion` point at one version each. References: `NAME@alias`, `NAME/v3`, `NAME` (latest).
public enum Registry {
    /// Where a run keeps its model, as MLflow keeps a logged model under `model/`.
    public static let modelArtifact = "model/model.json"

    @discardableResult
    public static func register(run runID: String, as name: String, in stateDirectory: String) throws -> ModelVersionRecord {
        try TrackingKeys.checkModelName(name)
        let version: Int = try Tracking.write(stateDirectory) { db in
            try RunRows.requireRun(runID, db: db)
            guard try db.scalar("SELECT 1 FROM run_artifacts WHERE run_id = ?1 AND path = ?2", [.text(runID), .text(modelArtifact)]) != nil else {
                throw DataError("run \(runID.prefix(8)) has no saved model to register", hint: "register a run made by `train`")
            }
            let now = Clock.milliseconds()
            let create = try db.prepare("INSERT OR IGNORE INTO registered_models VALUES (?1, ?2)")
            try create.bind([.text(name), .integer(now)])
            _ = try create.step()
            var next = 1
            if case .integer(let n)? = try db.scalar("SELECT max(version) + 1 FROM model_versions WHERE name = ?1", [.text(name)]) { next = Int(n) }
            let insert = try db.prepare("INSERT INTO model_versions VALUES (?1, ?2, ?3, ?4)")
            try insert.bind([.text(name), .integer(Int64(next)), .text(runID), .integer(now)])
            _ = try insert.step()
            return next
        }
        return try versionRecord(name: name, version: version, in: stateDirectory)
    }

    /// Points `alias` of `name` at `version` (moving it if it pointed elsewhere).
    public static func setAlias(_ alias: String, name: String, version: Int, in stateDirectory: String) throws {
        try TrackingKeys.checkAlias(alias)
        let model = try self.model(name, in: stateDirectory)
        guard model.versions.contains(where: { $0.version == version }) else {
            let known = model.versions.map { "v\($0.version)" }.joined(separator: ", ")
            throw DataError("\(name) has no version \(version)", hint: "its versions: \(known)")
        }
        try Tracking.write(stateDirectory) { db in
            let s = try db.prepare("INSERT OR REPLACE INTO model_aliases VALUES (?1, ?2, ?3)")
            try s.bind([.text(name), .text(alias), .integer(Int64(version))])
            _ = try s.step()
        }
    }

    public static func models(in stateDirectory: String) throws -> [RegisteredModelRecord] {
        try Tracking.read(stateDirectory) { db in
            var aliases: [String: [Int: [String]]] = [:]
            let a = try db.prepare("SELECT name, alias, version FROM model_aliases ORDER BY alias")
            while try a.step() { aliases[a.text(0) ?? "", default: [:]][Int(a.int64(2)), default: []].append(a.text(1) ?? "") }
            var versions: [String: [ModelVersionRecord]] = [:]
            let v = try db.prepare("SELECT name, version, run_id, created_ms FROM model_versions ORDER BY name, version")
            while try v.step() {
                let name = v.text(0) ?? "", number = Int(v.int64(1))
                versions[name, default: []].append(ModelVersionRecord(name: name, version: number, runID: v.text(2) ?? "",
                                                                       createdMs: v.int64(3), aliases: aliases[name]?[number] ?? []))
            }
            let m = try db.prepare("SELECT name, created_ms FROM registered_models ORDER BY name")
            var out: [RegisteredModelRecord] = []
            while try m.step() {
                let name = m.text(0) ?? ""
                out.append(RegisteredModelRecord(name: name, createdMs: m.int64(1), versions: versions[name] ?? []))
            }
            return out
        }
    }

    public static func model(_ name: String, in stateDirectory: String) throws -> RegisteredModelRecord {
        let all = try models(in: stateDirectory)
        if let m = all.first(where: { $0.name == name }) { return m }
        throw DataError("no registered model '\(name)'\(Suggestion.didYouMean(name, in: all.map(\.name)))",
                        hint: all.isEmpty ? "register one first: register MODEL as NAME" : "registered: \(all.map(\.name).joined(separator: ", "))")
    }

    /// Whether `text` is written as a registry reference rather than a session model name.
    public static func isReference(_ text: String) -> Bool { text.contains("@") || text.contains("/") }

    /// The version `NAME@alias`, `NAME/v3` (or `NAME/3`, `NAME/latest`) refers to.
    public static func resolve(_ reference: String, in stateDirectory: String) throws -> ModelVersionRecord {
        if let at = reference.firstIndex(of: "@") {
            let name = String(reference[..<at]), alias = String(reference[reference.index(after: at)...])
            let model = try self.model(name, in: stateDirectory)
            guard let v = model.versions.first(where: { $0.aliases.contains(alias) }) else {
                let known = model.aliases.keys.sorted()
                throw DataError("\(name) has no alias '\(alias)'\(Suggestion.didYouMean(alias, in: known))",
                                hint: known.isEmpty ? "set one: alias \(name)@champion v1" : "its aliases: \(known.joined(separator: ", "))")
            }
            return v
        }
        if let slash = reference.firstIndex(of: "/") {
            let name = String(reference[..<slash])
            var tail = String(reference[reference.index(after: slash)...])
            let model = try self.model(name, in: stateDirectory)
            if tail == "latest", let last = model.versions.last { return last }
            if tail.hasPrefix("v") { tail.removeFirst() }
            guard let n = Int(tail), let v = model.versions.first(where: { $0.version == n }) else {
                throw DataError("\(name) has no version '\(reference[reference.index(after: slash)...])'",
                                hint: "its versions: \(model.versions.map { "v\($0.version)" }.joined(separator: ", "))")
            }
            return v
        }
        let model = try self.model(reference, in: stateDirectory)
        guard let last = model.versions.last else { throw DataError("\(reference) has no versions") }
        return last
    }

    /// The saved model of a registered version, as stored with its run.
    public static func modelArtifact(of version: ModelVersionRecord, in stateDirectory: String) throws -> [UInt8] {
        guard let bytes = try TrackingQueries.artifact(run: version.runID, path: modelArtifact, in: stateDirectory) else {
            throw DataError("the model of \(version.name)/v\(version.version) is missing from lab.db (run \(version.runID.prefix(8)))")
        }
        return bytes
    }

    static func versionRecord(name: String, version: Int, in stateDirectory: String) throws -> ModelVersionRecord {
        try model(name, in: stateDirectory).versions.first { $0.version == version }!
    }
}
