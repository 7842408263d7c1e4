import LabData

/// Columns whose having a value at all (or not) tells a row's class on the training rows: the
/// mark of a value recorded only once the outcome was known (titanic's lifeboat, given to those
/// who survived, and body number, given to those who did not). A model that learns from it scores
/// well on such data and fails on new rows, which do not have it yet: target leakage.
public struct PresenceLeak: Sendable, Equatable {
    public let column: String
    /// Whether the telling rows are those with a value (else those without one).
    public let present: Bool
    /// How many training rows that is, of `total`.
    public let rows: Int
    public let total: Int
    /// The class nearly all of them have, and its share among them.
    public let label: String
    public let share: Double

    /// At least this many rows, and this share of them in one class, where that class is less
    /// common overall: fewer rows prove little, and a class that is nearly everything anyway
    /// makes any group pure.
    static let minimumRows = 30
    static let minimumShare = 0.95

    /// The leaks among `columns` (by the class in `target` over `rows`, all rows when nil), in
    /// the order of `columns`; for each, the purer of its groups.
    public static func find(_ frame: Frame, columns: [String], target: String, rows: [Int]?) -> [PresenceLeak] {
        // Only a column with gaps somewhere can tell anything by having a value (most have none: no pass over the rows).
        let candidates = columns.filter { $0 != target && ((try? frame.column($0))?.missingCount ?? 0) > 0 }
        guard !candidates.isEmpty, let truth = try? frame.column(target) else { return [] }
        let indices = (rows ?? Array(0..<frame.rowCount)).filter { !truth.isMissing($0) }
        let (labels, slots) = TrainingData.distinctTexts(truth, rows: indices)
        let overall = counts(slots, at: Array(indices.indices), classes: labels.count)
        return candidates.compactMap { name -> PresenceLeak? in
            guard let column = try? frame.column(name) else { return nil }
            var with: [Int] = [], without: [Int] = []
            for p in indices.indices { if column.isMissing(indices[p]) { without.append(p) } else { with.append(p) } }
            let found = [(true, with), (false, without)].compactMap { present, group -> PresenceLeak? in
                guard group.count >= minimumRows, group.count < indices.count else { return nil }
                let inGroup = counts(slots, at: group, classes: labels.count)
                let k = inGroup.indices.max { inGroup[$0] < inGroup[$1] }!
                let share = Double(inGroup[k]) / Double(group.count)
                guard share >= minimumShare, Double(overall[k]) / Double(indices.count) < minimumShare else { return nil }
                return PresenceLeak(column: name, present: present, rows: group.count, total: indices.count, label: labels[k], share: share)
            }
            return found.max { $0.share < $1.share }
        }
    }

    /// Rows of each class among the rows at `positions` (indices into `slots`).
    private static func counts(_ slots: [Int], at positions: [Int], classes: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: classes)
        for p in positions { counts[slots[p]] += 1 }
        return counts
    }
}
