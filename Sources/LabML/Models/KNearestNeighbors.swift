import LabData

/// k nearest neighbours classification (scikit-learn's KNeighborsClassifier, euclidean):
/// the model is its training rows; a prediction is the vote of the k nearest, uniform or
/// weighted by 1/distance. The most votes win, the first class in `classes` order on a tie
/// (numpy's argmax over the class probabilities, as scikit-learn breaks it).
public struct KNearestNeighbors: Sendable, Equatable, Codable {
    public enum Weighting: String, Sendable, Codable { case uniform, distance }

    public let classes: [String]
    public let k: Int
    public let weighting: Weighting
    public let training: Matrix
    public let labels: [Int]

    public static func fit(_ x: Matrix, classes: [String], y: [Int], k: Int, weighting: Weighting) throws -> KNearestNeighbors {
        guard k <= x.rows else {
            throw DataError("k=\(k) neighbours asked for, but there are only \(x.rows) training rows",
                            hint: "k can be at most \(x.rows), the number of training rows; e.g. k=\(max(1, min(5, x.rows)))")
        }
        return KNearestNeighbors(classes: classes, k: k, weighting: weighting, training: x, labels: y)
    }

    /// The k nearest training rows of every query, nearest first, with their distances.
    public func neighbors(_ x: Matrix) -> (indices: [[Int]], distances: [[Double]]) {
        let (indices, distances) = NeighborSearch(training).nearest(x, k: k)
        return ((0..<x.rows).map { q in (0..<k).map { Int(indices[q * k + $0]) } },
                (0..<x.rows).map { q in Array(distances[(q * k)..<(q * k + k)]) })
    }

    /// Class probabilities: the (weighted) share of the k votes each class gets.
    public func probabilities(_ x: Matrix) -> [[Double]] { probabilityMatrix(x).rowArrays }

    /// The vote shares as one matrix: row r, column k is query r's share of `classes[k]`.
    public func probabilityMatrix(_ x: Matrix) -> Matrix {
        precondition(x.columns == training.columns)
        let (indices, distances) = NeighborSearch(training).nearest(x, k: k)
        let width = classes.count, k = k
        return Matrix.filledByRows(x.rows, columns: width) { range, out in
            for q in range {
                let votes = out + q &* width
                votes.initialize(repeating: 0, count: width)
                let row = (q * k)..<(q * k + k)
                let exact = distances[row].contains(0)
                for i in row {
                    let weight: Double
                    switch weighting {
                    case .uniform: weight = 1
                    // A neighbour at distance 0 takes all the weight (scikit-learn's _get_weights).
                    case .distance: weight = exact ? (distances[i] == 0 ? 1 : 0) : 1 / distances[i]
                    }
                    votes[labels[Int(indices[i])]] += weight
                }
                var total = 0.0
                for c in 0..<width { total += votes[c] }
                for c in 0..<width { votes[c] /= total }
            }
        }
    }
}
