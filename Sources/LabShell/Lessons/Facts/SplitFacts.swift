import LabData
import LabML

/// `split.…` (the current frame) and `split("NAME").…` in checks: the `_split` column that `split` adds.
struct SplitFacts {
    let frame: Frame

    static let members = ["exists", "train", "test", "valid", "train_rows", "test_rows", "valid_rows", "balanced"]

    func member(_ name: String, _ args: [Value]) throws -> Value {
        if name == "exists" { return .bool(TrainingRows(frame).isSplit) }
        guard Self.members.contains(name) else { throw Facts.unknown(name, of: "split", known: Self.members) }
        let roles = try parts()
        switch name {
        case "train", "train_rows": return Facts.number(roles.filter { $0 == "train" }.count)
        case "test", "test_rows": return Facts.number(roles.filter { $0 == "test" }.count)
        case "valid", "valid_rows": return Facts.number(roles.filter { $0 == "valid" }.count)
        default: return .bool(try balanced(Facts.text(args, 0, "split.balanced"), roles))
        }
    }

    /// Each row's part (train, test, valid).
    private func parts() throws -> [String?] {
        guard let column = try? frame.column(TrainingRows.splitColumn) else {
            throw CheckFailure("'\(frame.name)' is not split yet", hint: "`split test=0.2` marks train and test rows")
        }
        return (0..<frame.rowCount).map { column.text(at: $0) }
    }

    /// Whether every class of `columnName` has the same share of the train and the test rows,
    /// up to the one row that rounding forces: what a stratified split guarantees.
    private func balanced(_ columnName: String, _ roles: [String?]) throws -> Bool {
        guard let i = frame.index(of: columnName) else {
            throw CheckFailure("frame '\(frame.name)' has no column '\(columnName)'\(Suggestion.didYouMean(columnName, in: frame.columnNames))")
        }
        let c = frame.columns[i]
        let train = roles.indices.filter { roles[$0] == "train" }, test = roles.indices.filter { roles[$0] == "test" }
        guard !train.isEmpty, !test.isEmpty else { return false }
        let classes = Set((0..<frame.rowCount).compactMap { c.text(at: $0) })
        for value in classes {
            let inTrain = Double(train.filter { c.text(at: $0) == value }.count) / Double(train.count)
            let inTest = Double(test.filter { c.text(at: $0) == value }.count) / Double(test.count)
            if abs(inTrain - inTest) > 1 / Double(test.count) + 1e-12 { return false }
        }
        return true
    }
}
