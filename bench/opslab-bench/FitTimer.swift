import LabData
import LabML

// `opslab-bench fit KIND FILE.csv [REPEAT]` (KIND: boost, bins, kmeans or pca; bins: boost's binning alone): fits the model REPEAT
// times in one process on the bench's classification CSV (features f0…, 0/1 target y; the
// settings of bench.py's row for KIND; PCA through the train command's path, with the data
// hash) and prints the fastest and the median fit (boost: also the fastest raw scoring of the
// rows), for comparing two builds on a machine whose speed drifts between processes.
// `boost FILE [REPEAT]` is kept as a shorthand for `fit boost`.

func fitTimes(kind: String, path: String, repeats: Int) throws -> [String: Any] {
    let frame = try CSVReader.read(path: path, name: "data").frame
    let x = try TrainingData.matrix(frame, features: frame.columnNames.filter { $0.hasPrefix("f") }, rows: nil)
    var out: [String: Any] = ["kind": kind, "rows": x.rows, "repeat": repeats]
    let times: [Double]
    switch kind {
    case "boost":
        let y = TrainingData.Target.classes(labels: ["0", "1"], y: try numbers(frame, "y").map { Int($0) })
        var options = BoostOptions()
        options.earlyStopping = false
        let run = try timings(repeats) { try GradientBoosting.fit(x, y, options: options, seed: 42) }
        (times, out["training_loss"]) = (run.seconds, run.value.trainingLoss.last ?? 0)
        // The raw scores of the training rows, as a prediction computes them.
        out["raw_scores_fastest"] = timings(max(repeats, 3)) { run.value.raw(x) }.seconds[0]
    case "bins":
        // The thresholds, then every row binned by them.
        let run = timings(repeats) { () -> (FeatureBinner, [UInt8]) in
            let binner = FeatureBinner.fit(x, maxBins: 255, seed: 42)
            return (binner, binner.bin(x))
        }
        (times, out["bins"]) = (run.seconds, run.value.0.binCounts.reduce(0, +))
    case "kmeans":
        let run = try timings(repeats) { try KMeans.fit(x, k: 8, initializations: 1, maxIterations: 300, tolerance: 1e-4, seed: 42) }
        (times, out["inertia"], out["iterations"]) = (run.seconds, run.value.inertia, run.value.iterations)
    case "pca":
        // Through the train command's path: PCA reads the frame's columns, without a matrix.
        let features = frame.columnNames.filter { $0.hasPrefix("f") }
        let run = try timings(repeats) {
            try Trainer.train(.pca, name: "m", frame: frame, target: nil, features: features, parameters: ["components": "5"],
                              prep: PrepPipeline())
        }
        times = run.seconds
    default:
        throw DataError("unknown model kind '\(kind)'", hint: "use boost, bins, kmeans or pca")
    }
    return out.merging(fastestAndMedian(times)) { a, _ in a }
}
