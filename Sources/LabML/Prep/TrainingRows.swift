import LabData

/// Which rows a transform may learn from. After `split`, only the training rows:
/// statistics taken from test rows would leak into the model's evaluation.
public struct TrainingRows: Sendable, Equatable {
    public static let splitColumn = "_split"
    public let rows: [Int]?

    /// All rows when the frame has not been split; otherwise those marked `train`.
    public init(_ frame: Frame) {
        guard let split = try? frame.column(Self.splitColumn), case .strings(let codes, let levels) = split.data,
              let train = levels.firstIndex(of: "train") else {
            rows = nil
            return
        }
        let code = Int32(train)
        rows = codes.withUnsafeBufferPointer { c in
            var marked: [Int] = []
            marked.reserveCapacity(c.count)
            for i in 0..<c.count where c[i] == code { marked.append(i) }
            return marked
        }
    }

    public var isSplit: Bool { rows != nil }

    /// Whether the column is missing on any of these rows (then encoders and imputers learn a gap).
    public func hasMissing(_ column: Column) -> Bool {
        guard column.missingCount > 0 else { return false }
        return rows.map { $0.contains(where: column.isMissing) } ?? true
    }

    /// The non-missing values of a numeric column in these rows.
    public func values(of column: Column) -> [Double] {
        guard case .numbers(let v, let missing) = column.data else { return [] }
        var out: [Double] = []
        if let rows {
            out.reserveCapacity(rows.count)
            for r in rows where !(missing?[r] ?? false) { out.append(v[r]) }
        } else {
            out.reserveCapacity(v.count)
            for (r, x) in v.enumerated() where !(missing?[r] ?? false) { out.append(x) }
        }
        return out
    }

    /// How many of these rows hold each level of a string column (by level code).
    public func levelCounts(of column: Column) -> [Int] {
        guard case .strings(let codes, let levels) = column.data else { return [] }
        var counts = [Int](repeating: 0, count: levels.count)
        codes.withUnsafeBufferPointer { c in
            if let rows {
                for r in rows where c[r] >= 0 { counts[Int(c[r])] += 1 }
            } else {
                for code in c where code >= 0 { counts[Int(code)] += 1 }
            }
        }
        return counts
    }

    /// The non-missing values of a string column in these rows.
    public func strings(of column: Column) -> [String] {
        guard case .strings(let codes, let levels) = column.data else { return [] }
        let indices = rows ?? Array(codes.indices)
        return indices.compactMap { codes[$0] < 0 ? nil : levels[Int(codes[$0])] }
    }
}
