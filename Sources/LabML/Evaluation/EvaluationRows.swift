import LabData

/// Which rows of a frame an evaluation looks at: a part of its split, or all of them.
public struct EvaluationRows: Sendable, Equatable {
    public enum Part: String, Sendable, CaseIterable {
        case test, valid, train, all
    }

    /// Nil means every row.
    public let rows: [Int]?
    /// "test", "valid", "train" or "all rows of NAME".
    public let label: String
    /// The rows are the ones the model learned from, so its scores there are optimistic.
    public let optimistic: Bool

    /// Rows chosen by the caller (a cross-validation fold).
    public init(rows: [Int], label: String) {
        self.rows = rows
        self.label = label
        optimistic = false
    }

    /// The requested part (default: test when the frame is split, otherwise all rows).
    public init(_ frame: Frame, part: Part?, trainedHere: Bool) throws {
        let split = Self.splitCodes(frame)
        let requested = part ?? (split == nil ? .all : .test)
        guard requested != .all else {
            rows = nil
            label = "all rows of \(frame.name)"
            optimistic = trainedHere && split == nil
            return
        }
        guard let (codes, levels) = split else {
            throw DataError("frame '\(frame.name)' has no split, so it has no \(requested.rawValue) part",
                            hint: "split it first (split test=0.2), or evaluate every row with part=all")
        }
        let code = levels.firstIndex(of: requested.rawValue).map(Int32.init) ?? -2
        let selected = codes.indices.filter { codes[$0] == code }
        guard !selected.isEmpty else {
            if frame.rowCount == 0 { throw DataError.noRows(in: frame.name) }
            let present = levels.enumerated().filter { k, _ in codes.contains(Int32(k)) }.map(\.1)
            throw DataError("the split of '\(frame.name)' has no \(requested.rawValue) part",
                            hint: "its parts: \(present.joined(separator: ", "))\(requested == .valid ? "; split test=0.2 valid=0.1 makes one" : "")")
        }
        rows = selected
        label = requested.rawValue
        optimistic = trainedHere && requested == .train
    }

    private static func splitCodes(_ frame: Frame) -> ([Int32], [String])? {
        guard let column = try? frame.column(TrainingRows.splitColumn), case .strings(let codes, let levels) = column.data else { return nil }
        return (codes, levels)
    }
}
