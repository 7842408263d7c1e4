// opslab-bench: times LabML's metric functions for bench/bench.py. Not part of the product.
//
//     opslab-bench metrics FILE.csv [REPEAT]
//     opslab-bench log-runs N DIR      (see LogRuns.swift)
//     opslab-bench fit boost|bins|kmeans|pca FILE.csv [REPEAT]   (see FitTimer.swift)
//     opslab-bench load FILE.csv [REPEAT]    (see LoadTimer.swift)
//
// FILE.csv holds a 0/1 `label` column and a `score` column. The file is read once (untimed), the
// predicted labels are `score >= 0.5`, then every metric is called REPEAT times (default 5) and
// the median time is kept: the same protocol bench.py's scikit-learn child follows, so the two
// compare function against function, without process start or CSV parsing on either side.
// Prints one JSON object: {"rows": N, "repeat": R, "metrics": {NAME: {"seconds": S, "value": V}}}.

import Foundation
import LabData
import LabML

ProcessMemory.keepReleasedBlocks()  // as the opslab binary does

func numbers(_ frame: Frame, _ name: String) throws -> [Double] {
    guard case .numbers(let values, _) = try frame.column(name).data else {
        throw DataError("column \(name) is not numeric", hint: "expected a number column")
    }
    return values
}

/// Seconds of each of `count` calls, fastest first, and the last call's result.
func timings<T>(_ count: Int, _ body: () throws -> T) rethrows -> (seconds: [Double], value: T) {
    var times: [Double] = []
    var last: T? = nil
    for _ in 0..<count {
        let start = ContinuousClock.now
        last = try body()
        let d = (ContinuousClock.now - start).components
        times.append(Double(d.seconds) + Double(d.attoseconds) * 1e-18)
    }
    return (times.sorted(), last!)
}

/// The fastest and the median of some timings (`timings` sorts them).
func fastestAndMedian(_ sorted: [Double]) -> [String: Double] {
    ["fastest": sorted[0], "median": sorted[sorted.count / 2]]
}

/// Median seconds of `count` calls, and the last call's result.
func timed<T>(_ count: Int, _ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
    let (times, value) = try timings(count, body)
    let mid = times.count / 2
    let median = times.count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2
    return (median, value)
}

func json(_ value: Any) -> String {
    let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

func metrics(path: String, repeats: Int) throws -> [String: Any] {
    let frame = try CSVReader.read(path: path, name: "scores").frame
    let labels = try numbers(frame, "label").map { Int($0) }
    let scores = try numbers(frame, "score")
    let predicted = scores.map { $0 >= 0.5 ? 1 : 0 }
    var out: [String: Any] = [:]
    let auc = try timed(repeats) { try Metrics.rocAUC(labels, scores) }
    out["roc_auc"] = ["seconds": auc.seconds, "value": auc.value]
    let curve = try timed(repeats) { try Metrics.rocCurve(labels, scores) }
    out["roc_curve"] = ["seconds": curve.seconds, "value": curve.value.thresholds.count]
    let prf = try timed(repeats) { try Metrics.precisionRecallFScore(labels, predicted) }
    out["precision_recall_f1"] = ["seconds": prf.seconds, "value": [prf.value.precision, prf.value.recall, prf.value.fScore]]
    let cm = try timed(repeats) { try Metrics.confusionMatrix(labels, predicted) }
    out["confusion_matrix"] = ["seconds": cm.seconds, "value": cm.value.rows]
    return ["rows": labels.count, "repeat": repeats, "metrics": out]
}

let args = CommandLine.arguments
let usage = "usage: opslab-bench metrics FILE.csv [REPEAT] | opslab-bench log-runs N DIR | opslab-bench fit boost|bins|kmeans|pca FILE.csv [REPEAT] | opslab-bench load FILE.csv [REPEAT]\n"
guard args.count >= 3, args[1] == "metrics" || args[1] == "boost" || args[1] == "load" || (args[1] == "fit" && args.count >= 4) || (args[1] == "log-runs" && args.count == 4) else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
/// The REPEAT argument at `index`, 5 when absent.
func repeats(at index: Int) -> Int { args.count > index ? max(1, Int(args[index]) ?? 5) : 5 }

do {
    if args[1] == "log-runs" {
        print(json(try logRuns(count: max(1, Int(args[2]) ?? 1000), stateDirectory: args[3])))
    } else if args[1] == "load" {
        print(json(try loadTimes(path: args[2], repeats: repeats(at: 3))))
    } else if args[1] == "boost" {
        print(json(try fitTimes(kind: "boost", path: args[2], repeats: repeats(at: 3))))
    } else if args[1] == "fit" {
        print(json(try fitTimes(kind: args[2], path: args[3], repeats: repeats(at: 4))))
    } else {
        print(json(try metrics(path: args[2], repeats: repeats(at: 3))))
    }
} catch {
    FileHandle.standardError.write(Data("opslab-bench: \(error)\n".utf8))
    exit(1)
}
