import Foundation
import LabData

/// An MLflow tracking server spoken to through its REST API 2.0 (the endpoints MlflowClient
/// itself uses): experiments, runs, batched params/metrics/tags, run status, the model
/// registry (registered models, versions, aliases) and proxied artifact upload.
public struct MLflowServer: Sendable {
    /// `http://host:port`, without a trailing slash: the key the outbox files entries under.
    public let url: String
    let client: HTTPClient
    let basePath: String

    /// What the server said when it answered with an error status.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let status: Int
        public let code: String
        public let message: String
        public var description: String { "MLflow answered \(status) \(code): \(message)" }
    }

    public init(url text: String) throws {
        guard text.hasPrefix("http://") else {
            throw DataError("'\(text)' is not an http:// address", hint: "e.g. track to=http://127.0.0.1:5000 (https is not supported)")
        }
        var rest = String(text.dropFirst("http://".count))
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = String(rest[..<slash])
        }
        while path.hasSuffix("/") { path.removeLast() }
        var host = rest, port = 80
        if let colon = rest.lastIndex(of: ":") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                throw DataError("'\(text)' has no valid port", hint: "e.g. http://127.0.0.1:5000")
            }
            host = String(rest[..<colon])
            port = p
        }
        guard !host.isEmpty else { throw DataError("'\(text)' names no host", hint: "e.g. http://127.0.0.1:5000") }
        url = "http://\(rest)\(path)"
        basePath = path
        client = HTTPClient(host: host, port: port)
    }

    /// Confirms that an MLflow tracking server answers there; returns its version.
    public func check() throws -> String {
        let response = try client.request("GET", basePath + "/version")
        let version = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard response.status == 200, version.first?.isNumber == true, version.count < 40 else {
            throw DataError("\(url) answers, but not as an MLflow tracking server (GET /version gave HTTP \(response.status))",
                            hint: "start one with: mlflow server --host 127.0.0.1 --port 5000")
        }
        guard let major = Int(version.split(separator: ".").first ?? ""), major >= 2 else {
            throw DataError("\(url) runs MLflow \(version); opslab needs MLflow 2 or newer (aliases, log-batch)",
                            hint: "upgrade the server: pip install -U mlflow")
        }
        _ = try call("GET", "experiments/get-by-name?experiment_name=Default", nil, allowing: [404])
        return version
    }

    /// The server's id of experiment `name`, created if it is not there.
    public func experimentID(named name: String) throws -> String {
        let escaped = name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? name
        let found = try call("GET", "experiments/get-by-name?experiment_name=\(escaped)", nil, allowing: [404])
        if let e = found["experiment"] as? [String: Any], let id = e["experiment_id"] as? String { return id }
        let created = try call("POST", "experiments/create", ["name": name])
        guard let id = created["experiment_id"] as? String else { throw Failure(status: 200, code: "BAD_RESPONSE", message: "no experiment_id") }
        return id
    }

    public func createRun(experimentID: String, name: String, startMs: Int64, tags: [String: String]) throws -> String {
        let body: [String: Any] = ["experiment_id": experimentID, "run_name": name, "start_time": startMs,
                                   "tags": tags.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] }]
        let answer = try call("POST", "runs/create", body)
        guard let run = answer["run"] as? [String: Any], let info = run["info"] as? [String: Any], let id = info["run_id"] as? String else {
            throw Failure(status: 200, code: "BAD_RESPONSE", message: "runs/create gave no run id")
        }
        return id
    }

    /// Params, metrics and tags in batches within MLflow's limits (100 params, 100 tags, 1000 items a call).
    public func logBatch(runID: String, params: [String: String], metrics: [MetricPoint], tags: [String: String]) throws {
        var p = params.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] as [String: Any] }[...]
        var t = tags.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] as [String: Any] }[...]
        var m = metrics.map { ["key": $0.key, "value": Self.jsonNumber($0.value), "timestamp": $0.timestampMs, "step": $0.step] as [String: Any] }[...]
        while !p.isEmpty || !t.isEmpty || !m.isEmpty {
            let ps = Array(p.prefix(100)); p = p.dropFirst(ps.count)
            let ts = Array(t.prefix(100)); t = t.dropFirst(ts.count)
            let ms = Array(m.prefix(1000 - ps.count - ts.count)); m = m.dropFirst(ms.count)
            _ = try call("POST", "runs/log-batch", ["run_id": runID, "params": ps, "metrics": ms, "tags": ts])
        }
    }

    /// JSON has no NaN or infinity; MLflow's protobuf JSON takes them as these strings.
    static func jsonNumber(_ x: Double) -> Any {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "Infinity" : "-Infinity" }
        return x
    }

    public func updateRun(runID: String, status: RunStatus, endMs: Int64?) throws {
        var body: [String: Any] = ["run_id": runID, "status": status.rawValue]
        if let endMs { body["end_time"] = endMs }
        _ = try call("POST", "runs/update", body)
    }

    /// MLflow's soft delete and restore; doing either twice is not an error here.
    public func setDeleted(_ deleted: Bool, runID: String) throws {
        _ = try call("POST", deleted ? "runs/delete" : "runs/restore", ["run_id": runID],
                     allowingCodes: ["INVALID_STATE", "INVALID_PARAMETER_VALUE"])
    }

    /// Uploads one artifact through the server's artifact proxy (`mlflow-artifacts`).
    public func uploadArtifact(experimentID: String, runID: String, path: String, content: [UInt8]) throws {
        let target = basePath + "/api/2.0/mlflow-artifacts/artifacts/\(experimentID)/\(runID)/artifacts/\(path)"
        let response = try client.request("PUT", target, body: content, contentType: "application/octet-stream")
        guard (200..<300).contains(response.status) else { throw Self.failure(response) }
    }

    public func createRegisteredModel(_ name: String) throws {
        _ = try call("POST", "registered-models/create", ["name": name], allowingCodes: ["RESOURCE_ALREADY_EXISTS"])
    }

    /// Creates a version from a run's `model` artifact; returns the server's version number.
    public func createModelVersion(name: String, runID: String) throws -> String {
        let answer = try call("POST", "model-versions/create", ["name": name, "source": "runs:/\(runID)/model", "run_id": runID])
        guard let v = answer["model_version"] as? [String: Any], let version = v["version"] as? String else {
            throw Failure(status: 200, code: "BAD_RESPONSE", message: "model-versions/create gave no version")
        }
        return version
    }

    public func setAlias(name: String, alias: String, version: String) throws {
        _ = try call("POST", "registered-models/alias", ["name": name, "alias": alias, "version": version])
    }

    /// One REST call; an error status becomes `Failure` unless listed as acceptable (then `[:]`).
    func call(_ method: String, _ endpoint: String, _ body: [String: Any]?, allowing statuses: Set<Int> = [],
              allowingCodes codes: Set<String> = []) throws -> [String: Any] {
        let data = try body.map { Array(try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])) }
        let response = try client.request(method, basePath + "/api/2.0/mlflow/" + endpoint, body: data)
        if (200..<300).contains(response.status) {
            if response.body.isEmpty { return [:] }
            return (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        }
        let failure = Self.failure(response)
        if statuses.contains(response.status) || codes.contains(failure.code) { return [:] }
        throw failure
    }

    static func failure(_ response: HTTPClient.Response) -> Failure {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        return Failure(status: response.status, code: object?["error_code"] as? String ?? "HTTP_\(response.status)",
                       message: object?["message"] as? String ?? String(response.text.prefix(200)))
    }
}
