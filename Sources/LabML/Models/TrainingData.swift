import LabData

/// The numbers a model learns from: a feature matrix and the target, taken from a
/// frame's rows, with every problem a learner can run into turned into a clear message.
public struct TrainingData: Sendable {
    public let features: [String]
    public let x: Matrix
    public let target: Target

    public enum Target: Sendable, Equatable {
        /// Class labels, sorted as scikit-learn sorts them, and each row's index into them.
        case classes(labels: [String], y: [Int])
        case values([Double])
    }

    /// The feature columns: the named ones, or every numeric column but the target and the split
    /// (without a target, as k-means and PCA train: every numeric column but the split).
    public static func featureNames(_ frame: Frame, target: String?, requested: [String]?) throws -> [String] {
        if let requested {
            for name in requested { _ = try frame.column(name) }
            if let target, requested.contains(target) {
                throw DataError("the target '\(target)' cannot also be a feature", hint: "leave it out of features=")
            }
            return requested
        }
        let names = frame.columns.filter { $0.name != target && $0.name != TrainingRows.splitColumn && $0.type != .string }.map(\.name)
        if names.isEmpty {
            throw DataError("frame '\(frame.name)' has no numeric columns to learn from",
                            hint: "encode text columns first (encode COL), or name them with features=")
        }
        return names
    }

    /// The feature matrix of `rows` (all rows when nil).
    public static func matrix(_ frame: Frame, features: [String], rows: [Int]?) throws -> Matrix {
        let indices = rows ?? Array(0..<frame.rowCount)
        var storage = [Double](repeating: 0, count: indices.count * features.count)
        for (c, name) in features.enumerated() {
            let column = try frame.column(name)
            guard case .numbers(let v, let missing) = column.data else {
                throw DataError("feature '\(name)' is text; models need numbers",
                                hint: "encode it first: encode \(name)   (or leave it out of features=)")
            }
            if let missing, let r = indices.first(where: { missing[$0] }) {
                let count = indices.filter { missing[$0] }.count
                throw DataError("feature '\(name)' has \(count) missing value\(count == 1 ? "" : "s") (first in row \(r + 1))",
                                hint: "impute it first: impute \(name) with=median")
            }
            for (i, r) in indices.enumerated() {
                let value = v[r]
                if !value.isFinite {
                    throw DataError("feature '\(name)' has a non-finite value (\(value)) in row \(r + 1)", hint: "clip or filter it first")
                }
                storage[i * features.count + c] = value
            }
        }
        return Matrix(rows: indices.count, columns: features.count, storage: storage)
    }

    public static func target(_ frame: Frame, name: String, rows: [Int]?, task: ModelTask) throws -> Target {
        let column = try frame.column(name)
        let indices = rows ?? Array(0..<frame.rowCount)
        if let r = indices.first(where: { column.isMissing($0) }) {
            let count = indices.filter { column.isMissing($0) }.count
            throw DataError("target '\(name)' has \(count) missing value\(count == 1 ? "" : "s") (first in row \(r + 1))",
                            hint: "a model cannot learn from rows without an answer: filter \(name) is not missing")
        }
        switch task {
        case .regression:
            guard case .numbers(let v, _) = column.data, column.type.isArithmetic else {
                throw DataError("target '\(name)' is \(column.type.rawValue); a regression model predicts numbers",
                                hint: "choose a numeric target, or a classifier (logistic)")
            }
            return .values(indices.map { v[$0] })
        case .classification:
            let labels = indices.map { column.text(at: $0)! }
            let classes = sortedClasses(Set(labels), numeric: column.type == .integer || column.type == .float)
            if classes.count < 2 {
                throw DataError("target '\(name)' has only one class (\(classes.first ?? "")) in the training rows",
                                hint: "a classifier needs at least two classes to tell apart")
            }
            var index: [String: Int] = [:]
            for (i, c) in classes.enumerated() { index[c] = i }
            return .classes(labels: classes, y: labels.map { index[$0]! })
        case .clustering, .decomposition:
            throw DataError("a \(task.rawValue) model learns without a target", hint: "leave out target=")
        }
    }

    /// numpy.unique order: numbers numerically, text by code points.
    public static func sortedClasses(_ labels: Set<String>, numeric: Bool) -> [String] {
        if numeric { return labels.sorted { (Double($0) ?? 0) < (Double($1) ?? 0) } }
        return labels.sorted { $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
    }
}
