/// A table of equally long, uniquely named columns. An immutable value: every
/// operation returns a new frame that shares the untouched column buffers.
public struct Frame: Sendable, Equatable {
    public var name: String
    public private(set) var columns: [Column]
    public let rowCount: Int

    public init(name: String, columns: [Column]) throws {
        var seen = Set<String>()
        for c in columns where !seen.insert(c.name).inserted {
            throw DataError("duplicate column name '\(c.name)'", hint: "every column needs its own name; use rename")
        }
        let n = columns.first?.count ?? 0
        if let bad = columns.first(where: { $0.count != n }) {
            throw DataError("column '\(bad.name)' has \(bad.count) rows, expected \(n)")
        }
        self.name = name
        self.columns = columns
        rowCount = n
    }

    public var columnNames: [String] { columns.map(\.name) }
    public var columnCount: Int { columns.count }

    public func index(of column: String) -> Int? { columns.firstIndex { $0.name == column } }

    /// The column with this name, or an error that names the frame's columns and the closest match.
    public func column(_ name: String) throws -> Column {
        if let i = index(of: name) { return columns[i] }
        throw unknownColumn(name)
    }

    public func unknownColumn(_ name: String) -> DataError {
        let names = columnNames
        // `impute age,fare` where the command takes columns separated by spaces.
        let parts = name.split(separator: ",").map(String.init)
        if parts.count > 1, parts.allSatisfy({ index(of: $0) != nil }) {
            return DataError("no column '\(name)' in frame '\(self.name)'",
                             hint: "this command takes columns separated by spaces: \(parts.joined(separator: " "))")
        }
        // A long list keeps its end too: a CSV's last column is often the one to predict.
        let listed = names.count <= 12 ? names.joined(separator: ", ")
            : (names.prefix(8) + ["…"] + names.suffix(3)).joined(separator: ", ") + " (\(names.count) columns; `columns` lists them)"
        return DataError(
            "no column '\(name)' in frame '\(self.name)'\(Suggestion.didYouMean(name, in: names))",
            hint: "columns are: \(listed)")
    }

    public func selecting(_ names: [String]) throws -> Frame {
        try Frame(name: name, columns: names.map { try column($0) })
    }

    public func dropping(_ names: [String]) throws -> Frame {
        for n in names { _ = try column(n) }
        let drop = Set(names)
        return try Frame(name: name, columns: columns.filter { !drop.contains($0.name) })
    }

    public func renaming(_ pairs: [(from: String, to: String)]) throws -> Frame {
        var cols = columns
        for (from, to) in pairs {
            guard let i = cols.firstIndex(where: { $0.name == from }) else { throw unknownColumn(from) }
            cols[i] = cols[i].renamed(to)
        }
        return try Frame(name: name, columns: cols)
    }

    /// Adds `column`, or replaces the column of the same name in place.
    public func setting(_ column: Column) throws -> Frame {
        var cols = columns
        if let i = index(of: column.name) { cols[i] = column } else { cols.append(column) }
        return try Frame(name: name, columns: cols)
    }

    public func gathering(_ rows: [Int]) -> Frame {
        // Same names and equal lengths by construction, so this cannot fail.
        try! Frame(name: name, columns: columns.map { $0.gathering(rows) })
    }

    public func filtering(_ keep: Bitmap) -> Frame { gathering(keep.setIndices) }

    public func head(_ n: Int) -> Frame { gathering(Array(0..<min(max(n, 0), rowCount))) }

    public func renamedFrame(_ newName: String) -> Frame {
        var f = self
        f.name = newName
        return f
    }

    /// `n` distinct rows drawn uniformly with the project's seeded generator.
    public func sampling(_ n: Int, seed: UInt64) throws -> Frame {
        guard n >= 0, n <= rowCount else {
            throw DataError("cannot sample \(n) rows from \(rowCount)", hint: "n must be between 0 and \(rowCount)")
        }
        var rng = SeededGenerator(seed: seed)
        var order = Array(0..<rowCount)
        for i in 0..<n {
            let j = i + rng.below(rowCount - i)
            order.swapAt(i, j)
        }
        return gathering(Array(order[0..<n]))
    }

    /// `counts[k]` rows drawn from each group of rows `groups[k]` (seeded, each row at most
    /// once), group after group: a stratified sample when the groups are a column's classes.
    public func sampling(_ counts: [Int], from groups: [[Int]], seed: UInt64) -> Frame {
        var rng = SeededGenerator(seed: seed)
        var picked: [Int] = []
        for (group, n) in zip(groups, counts) {
            var order = group
            for i in 0..<Swift.min(n, order.count) {
                order.swapAt(i, i + rng.below(order.count - i))
            }
            picked += order.prefix(n)
        }
        return gathering(picked)
    }
}
