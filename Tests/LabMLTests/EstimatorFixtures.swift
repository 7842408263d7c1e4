import Foundation
import LabData
@testable import LabML

/// The scikit-learn references of Tests/fixtures/make_estimator_fixtures.py and the
/// train/test splits they were computed on: bundled datasets are read from the same CSV
/// files, generated ones from the fixture.
enum EstimatorFixtures {
    nonisolated(unsafe) static let json: [String: Any] = {
        let path = PrepParityTests.root + "/Tests/LabMLTests/Fixtures/estimators.json"
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }()

    static func cases(_ kind: String) -> [[String: Any]] { json[kind] as! [[String: Any]] }

    struct Split {
        let xTrain: Matrix, xTest: Matrix
        let yTrain: TrainingData.Target
        /// Test answers: labels for classes, values for regression.
        let testLabels: [String]
        let testValues: [Double]
        var classes: [String]? { if case .classes(let c, _) = yTrain { return c } else { return nil } }
    }

    static func matrix(_ rows: [[Double]]) -> Matrix {
        Matrix(rows: rows.count, columns: rows.first?.count ?? 0, storage: rows.flatMap { $0 })
    }

    /// A generated set's rows, a missing value (null) as NaN.
    static func rows(_ g: [String: Any]) -> [[Double]] {
        (g["x"] as! [[Any]]).map { $0.map { $0 as? Double ?? .nan } }
    }

    /// Every row of a dataset's features.
    static func features(_ name: String) throws -> Matrix {
        if let csv = (json["csv"] as! [String: Any])[name] as? [String: Any] {
            let frame = try CSVReader.read(path: PrepParityTests.root + "/datasets/\(name).csv", name: name).frame
            return try TrainingData.matrix(frame, features: csv["features"] as! [String], rows: nil, missing: .asNaN)
        }
        let g = (json["generated"] as! [String: Any])[name] as! [String: Any]
        return matrix(rows(g))
    }

    static func split(_ name: String) throws -> Split {
        let test = ((json["splits"] as! [String: Any])[name] as! [String: Any])["test"] as! [Int]
        let testSet = Set(test)
        if let csv = (json["csv"] as! [String: Any])[name] as? [String: Any] {
            let frame = try CSVReader.read(path: PrepParityTests.root + "/datasets/\(name).csv", name: name).frame
            let train = (0..<frame.rowCount).filter { !testSet.contains($0) }
            let features = csv["features"] as! [String], target = csv["target"] as! String
            let task: ModelTask = csv["task"] as! String == "regression" ? .regression : .classification
            let column = try frame.column(target)
            let values: [Double] = task == .regression ? try {
                guard case .values(let v) = try TrainingData.target(frame, name: target, rows: test, task: .regression) else { return [] }
                return v
            }() : []
            // Gaps (titanic's) stay NaN, for the kinds that take them.
            return Split(xTrain: try TrainingData.matrix(frame, features: features, rows: train, missing: .asNaN),
                         xTest: try TrainingData.matrix(frame, features: features, rows: test, missing: .asNaN),
                         yTrain: try TrainingData.target(frame, name: target, rows: train, task: task),
                         testLabels: task == .classification ? test.map { column.text(at: $0)! } : [], testValues: values)
        }
        let g = (json["generated"] as! [String: Any])[name] as! [String: Any]
        let x = rows(g)
        let train = (0..<x.count).filter { !testSet.contains($0) }
        if name.hasSuffix("_regression") {
            let y = g["y"] as! [Double]
            return Split(xTrain: matrix(train.map { x[$0] }), xTest: matrix(test.map { x[$0] }), yTrain: .values(train.map { y[$0] }),
                         testLabels: [], testValues: test.map { y[$0] })
        }
        let y = (g["y"] as! [Int]).map(String.init)
        let classes = TrainingData.sortedClasses(Set(train.map { y[$0] }), numeric: true)
        return Split(xTrain: matrix(train.map { x[$0] }), xTest: matrix(test.map { x[$0] }),
                     yTrain: .classes(labels: classes, y: train.map { classes.firstIndex(of: y[$0])! }),
                     testLabels: test.map { y[$0] }, testValues: [])
    }

    /// Accuracy for classes, R² for values.
    static func score(_ prediction: Prediction, _ split: Split) -> Double {
        switch prediction {
        case .classes(let classes, let labels, _):
            let right = zip(labels, split.testLabels).filter { classes[$0] == $1 }.count
            return Double(right) / Double(labels.count)
        case .values(let v):
            let mean = split.testValues.reduce(0, +) / Double(v.count)
            let residual = zip(v, split.testValues).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            let total = split.testValues.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            return 1 - residual / total
        default: return .nan
        }
    }

    /// Predicted labels (or values as text) of a prediction.
    static func labels(_ prediction: Prediction) -> [String] {
        switch prediction {
        case .classes(let classes, let labels, _): return labels.map { classes[$0] }
        case .values(let v): return v.map { String($0) }
        default: return []
        }
    }

    /// The reference for a seeded estimator: within 1 percentage point (or 0.01 of R²) of
    /// scikit-learn's mean over its seeds (100 for a tree, 10 for ensembles), widened to the
    /// range its own seeds reach when that range is wider (small test sets, where one row is
    /// more than a point).
    static func band(_ c: [String: Any]) -> ClosedRange<Double> {
        let mean = c["score_mean"] as! Double, lo = c["score_min"] as! Double, hi = c["score_max"] as! Double
        return (min(mean - 0.01, lo) - 1e-12)...(max(mean + 0.01, hi) + 1e-12)
    }
}
