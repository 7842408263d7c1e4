import LabData

/// The rows of each value of a class column, for commands that show something per group
/// (`describe ... by=`, `box ... by=`): groups in sorted order, rows without a value left
/// out, as pandas' groupby does.
enum GroupRows {
    /// Each value of the column with its rows, in sorted order (numbers and dates ascending, text by
    /// code point). More than `atMost` values is an error that says how to `toDo` fewer groups.
    static func byValue(_ column: Column, frame: Frame, atMost: Int, toDo: String) throws -> [(value: Value, rows: [Int])] {
        var rows: [Value: [Int]] = [:]
        for r in 0..<frame.rowCount {
            let v = column.value(at: r)
            if v.isMissing { continue }
            rows[v, default: []].append(r)
            if rows.count > atMost {
                let distinct = (try? ColumnSummary(column))?.unique ?? rows.count
                throw UsageError("'\(column.name)' has \(distinct) distinct values, too many groups to \(toDo) (at most \(atMost))",
                                 hint: column.type.isNumeric ? "cut it into bands first: bin \(column.name) bins=5 (then \(toDo) ... by=\(column.name))"
                                                             : "counts \(column.name) lists its values")
            }
        }
        guard !rows.isEmpty else { throw UsageError("'\(column.name)' has no values to group by: every row is missing") }
        return rows.map { ($0.key, $0.value) }.sorted { order($0.value, $1.value) }
    }

    private static func order(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.string(let x), .string(let y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        case (.bool(let x), .bool(let y)): return !x && y
        default: return false
        }
    }
}
