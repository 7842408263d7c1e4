import LabData
import LabML

// `opslab-bench boost FILE.csv [REPEAT]`: fits histogram gradient boosting REPEAT times in one
// process on the bench's classification CSV (features f0…, 0/1 target y; the settings of
// bench.py's boost row) and prints the fastest and the median fit, for comparing two builds
// on a machine whose speed drifts between processes.

func boostFits(path: String, repeats: Int) throws -> [String: Any] {
    let frame = try CSVReader.read(path: path, name: "data").frame
    let x = try TrainingData.matrix(frame, features: frame.columnNames.filter { $0.hasPrefix("f") }, rows: nil)
    let y = TrainingData.Target.classes(labels: ["0", "1"], y: try numbers(frame, "y").map { Int($0) })
    var options = BoostOptions()
    options.earlyStopping = false
    let (times, model) = try timings(repeats) { try GradientBoosting.fit(x, y, options: options, seed: 42) }
    return ["rows": x.rows, "repeat": repeats, "fastest": times[0], "median": times[times.count / 2],
            "training_loss": model.trainingLoss.last ?? 0]
}
