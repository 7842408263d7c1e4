import LabData
import LabOps

/// `opslab-bench log-runs N DIR`: N runs of 20 params and 10 metrics each, through the same
/// Tracking API every `train` uses (a transaction to start the run, one to log its values and
/// finish it), into DIR/lab.db.
/// The values are seeded, so `runs where metrics.auc > 0.9` finds the same runs every time.
func logRuns(count: Int, stateDirectory: String) throws -> [String: Any] {
    var rng = SeededGenerator(seed: 7)
    let start = ContinuousClock.now
    for i in 0..<count {
        let run = try Tracking.startRun(in: stateDirectory, experiment: "bench", name: "run-\(i)")
        var params: [String: String] = [:]
        for p in 0..<20 { params["param_\(p)"] = String(Double(rng.next() % 10_000) / 100) }
        var metrics = [MetricPoint(key: "auc", value: 0.5 + Double(rng.next() % 500_000) / 1_000_000)]
        for m in 1..<10 { metrics.append(MetricPoint(key: "metric_\(m)", value: Double(rng.next() % 1_000_000) / 1_000_000)) }
        try run.finish(params: params, metrics: metrics)
    }
    let d = (ContinuousClock.now - start).components
    return ["runs": count, "seconds": Double(d.seconds) + Double(d.attoseconds) * 1e-18]
}
