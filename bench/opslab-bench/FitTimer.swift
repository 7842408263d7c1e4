import LabData
import LabML

// `opslab-bench boost FILE.csv [REPEAT]`: fits histogram gradient boosting REPEAT times in one
// process on the bench's classification CSV (features f0…, 0/1 target y; the settings of
// bench.py's boost row) and prints the fastest and the median fit, for comparing two builds
// on a machine whose speed drifts between processes.

func boostFits(path: String, repeats: Int) throws -> [String: Any] {
    let frame = try CSVReader.read(path: path, name: "data").frame
    let features = frame.columnNames.filter { $0.hasPrefix("f") }
    let columns = try features.map { try numbers(frame, $0) }
    let n = columns.first?.count ?? 0
    var storage = [Double](repeating: 0, count: n * features.count)
    for (f, column) in columns.enumerated() { for i in 0..<n { storage[i * features.count + f] = column[i] } }
    let x = Matrix(rows: n, columns: features.count, storage: storage)
    let y = TrainingData.Target.classes(labels: ["0", "1"], y: try numbers(frame, "y").map { Int($0) })
    var options = BoostOptions()
    options.earlyStopping = false
    var times: [Double] = []
    var loss = 0.0
    for _ in 0..<repeats {
        let start = ContinuousClock.now
        let model = try GradientBoosting.fit(x, y, options: options, seed: 42)
        let d = (ContinuousClock.now - start).components
        times.append(Double(d.seconds) + Double(d.attoseconds) * 1e-18)
        loss = model.trainingLoss.last ?? 0
    }
    times.sort()
    return ["rows": n, "repeat": repeats, "fastest": times[0], "median": times[times.count / 2], "training_loss": loss]
}
