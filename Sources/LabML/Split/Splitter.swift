import LabData

/// Assigns every row to train, test (and optionally valid) by writing a `_split`
/// column, so the assignment follows the rows through filters and sorts and is
/// visible to the learner. Seeded, so a replay draws the same rows.
public enum Splitter {
    public static let parts = ["train", "test", "valid"]

    public static func random(_ frame: Frame, test: Double, valid: Double, seed: UInt64, stratify: String?) throws -> Frame {
        let n = frame.rowCount
        let (testCount, validCount) = try partSizes(frame, test: test, valid: valid, example: "split test=0.2")
        var rng = SeededGenerator(seed: seed)
        var role = [Int32](repeating: 0, count: n)
        if let stratify {
            let groups = try classRows(frame, stratify)
            let testShare = allocate(testCount, over: groups.map(\.count), total: n)
            let remaining = zip(groups, testShare).map { $0.count - $1 }
            let validShare = allocate(validCount, over: remaining, total: n - testCount)
            for (g, rows) in groups.enumerated() {
                var shuffled = rows
                shuffle(&shuffled, &rng)
                for r in shuffled.prefix(testShare[g]) { role[r] = 1 }
                for r in shuffled.dropFirst(testShare[g]).prefix(validShare[g]) { role[r] = 2 }
            }
        } else {
            var order = Array(0..<n)
            shuffle(&order, &rng)
            for r in order.prefix(testCount) { role[r] = 1 }
            for r in order.dropFirst(testCount).prefix(validCount) { role[r] = 2 }
        }
        return try frame.setting(Column(name: TrainingRows.splitColumn, codes: role, levels: parts))
    }

    /// Train before `at`, test from `at` on: for time-ordered data, where a random split would let the model see the future.
    public static func byValue(_ frame: Frame, column name: String, at text: String) throws -> Frame {
        let (column, v) = try orderColumn(frame, name)
        let cut = try boundary(text, for: column)
        let role = v.map { $0 < cut ? Int32(0) : Int32(1) }
        let trainCount = role.filter { $0 == 0 }.count
        guard trainCount > 0, trainCount < role.count else {
            throw DataError("at=\(text) puts every row in \(trainCount == 0 ? "test" : "train")",
                            hint: "choose a value inside the range of \(name)")
        }
        return try frame.setting(Column(name: TrainingRows.splitColumn, codes: role, levels: parts))
    }

    /// The latest `test` share of the rows by `name` (and the `valid` share before them) held out,
    /// the rest trained on: the cuts fall on values of the column, so rows sharing a value stay
    /// together (on the later side). Returns the frame and the first row of each held-out part,
    /// whose value is its cut.
    public static func byShare(_ frame: Frame, column name: String, test: Double, valid: Double) throws -> (frame: Frame, testFrom: Int, validFrom: Int?) {
        let (column, v) = try orderColumn(frame, name)
        let n = frame.rowCount
        // The same counts as a random split of these shares; rows in order of the column (ties by row).
        let (testCount, validCount) = try partSizes(frame, test: test, valid: valid, example: "split by=\(name) test=0.2")
        let order = (0..<n).sorted { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }
        let testFrom = order[n - testCount], validFrom = validCount > 0 ? order[n - testCount - validCount] : nil
        if v[order[0]] == v[order[n - 1]] {
            throw DataError("'\(name)' is \(column.text(at: 0) ?? "the same") on every row: there is no earlier and later to split by",
                            hint: "split by a column whose values change (a date or a time), or at random: split test=0.2")
        }
        let testCut = v[testFrom], validCut = validFrom.map { v[$0] } ?? testCut
        let role = v.map { $0 >= testCut ? Int32(1) : $0 >= validCut ? Int32(2) : Int32(0) }
        for (code, part) in [(Int32(0), "train"), (2, "valid")] where part == "train" || validFrom != nil {
            guard role.contains(code) else {
                throw DataError("'\(name)' has the same value on too many of the latest rows to leave a \(part) part",
                                hint: "give the cut yourself: split by=\(name) at=VALUE")
            }
        }
        return (try frame.setting(Column(name: TrainingRows.splitColumn, codes: role, levels: parts)), testFrom, validFrom)
    }

    /// Rows in the test and valid parts for these shares (rounded up, as scikit-learn's
    /// train_test_split rounds test_size), leaving at least one to train on.
    private static func partSizes(_ frame: Frame, test: Double, valid: Double, example: String) throws -> (test: Int, valid: Int) {
        let n = frame.rowCount
        guard n > 0 else { throw DataError("frame '\(frame.name)' has no rows to split", hint: "load data or undo the filter that emptied it") }
        guard test > 0, test < 1 else { throw DataError("test=\(test) must be between 0 and 1", hint: "e.g. \(example)") }
        guard valid >= 0, test + valid < 1 else {
            throw DataError("test=\(test) and valid=\(valid) leave no rows to train on", hint: "keep test + valid below 1, e.g. test=0.2 valid=0.1")
        }
        let testCount = Int((Double(n) * test).rounded(.up))
        let validCount = valid > 0 ? Int((Double(n) * valid).rounded(.up)) : 0
        guard testCount + validCount < n else {
            throw DataError("\(n) rows are too few for test=\(test)\(valid > 0 ? " valid=\(valid)" : "")", hint: "use more data or smaller parts")
        }
        return (testCount, validCount)
    }

    /// The column a time split orders by, with its values: numbers, dates or datetimes, none missing.
    private static func orderColumn(_ frame: Frame, _ name: String) throws -> (Column, [Double]) {
        let column = try frame.column(name)
        guard case .numbers(let v, _) = column.data else {
            throw DataError("split by= needs a numeric, date or datetime column; '\(name)' is text", hint: "e.g. split by=date at=2015-01-01")
        }
        if column.missingCount > 0 {
            throw DataError("column '\(name)' has \(column.missingCount) missing values; their rows belong to neither part",
                            hint: "filter \(name) is not missing first")
        }
        return (column, v)
    }

    private static func boundary(_ text: String, for column: Column) throws -> Double {
        let probe = try CSVReader.parse(bytes: Array("v\n\(text)\n".utf8), source: "at=", name: "at").frame.columns[0]
        guard case .numbers(let v, _) = probe.data else {
            throw DataError("at=\(text) is not a value of \(column.type.rawValue) column '\(column.name)'",
                            hint: column.type == .date ? "give a date like 2015-01-01" : "give a number")
        }
        switch (column.type, probe.type) {
        case (.date, .date), (.datetime, .datetime): return v[0]
        case (.datetime, .date): return v[0] * 86_400
        case (.date, .datetime): return (v[0] / 86_400).rounded(.up)
        case (.integer, .integer), (.integer, .float), (.float, .integer), (.float, .float): return v[0]
        default:
            throw DataError("at=\(text) is a \(probe.type.rawValue), but '\(column.name)' is a \(column.type.rawValue) column",
                            hint: "give a value of the same kind")
        }
    }

    /// Rows of each class of the stratify column, in first-seen class order.
    private static func classRows(_ frame: Frame, _ name: String) throws -> [[Int]] {
        let column = try frame.column(name)
        if column.missingCount > 0 {
            throw DataError("stratify column '\(name)' has \(column.missingCount) missing values", hint: "impute or filter them first")
        }
        var index: [String: Int] = [:]
        var groups: [[Int]] = []
        var labels: [String] = []
        for r in 0..<column.count {
            let key = column.text(at: r) ?? ""
            if let g = index[key] { groups[g].append(r) } else {
                index[key] = groups.count
                groups.append([r])
                labels.append(key)
            }
        }
        if let g = groups.firstIndex(where: { $0.count < 2 }) {
            throw DataError("class '\(labels[g])' of stratify column '\(name)' has only 1 row; a stratified split needs at least 2 per class",
                            hint: "drop that row (filter \(name) != ...) or split without stratify=")
        }
        return groups
    }

    /// Splits `count` over groups in proportion to their sizes, each within one of its exact share
    /// (largest remainder first, ties to the larger group).
    static func allocate(_ count: Int, over sizes: [Int], total: Int) -> [Int] {
        guard count > 0, total > 0 else { return sizes.map { _ in 0 } }
        let exact = sizes.map { Double($0) * Double(count) / Double(total) }
        var share = exact.map { Int($0.rounded(.down)) }
        var left = count - share.reduce(0, +)
        let order = sizes.indices.sorted { a, b in
            let ra = exact[a] - Double(share[a]), rb = exact[b] - Double(share[b])
            return ra != rb ? ra > rb : (sizes[a] != sizes[b] ? sizes[a] > sizes[b] : a < b)
        }
        for g in order where left > 0 && share[g] < sizes[g] {
            share[g] += 1
            left -= 1
        }
        return share
    }

    private static func shuffle(_ xs: inout [Int], _ rng: inout SeededGenerator) {
        guard xs.count > 1 else { return }
        for i in stride(from: xs.count - 1, to: 0, by: -1) { xs.swapAt(i, rng.below(i + 1)) }
    }
}
