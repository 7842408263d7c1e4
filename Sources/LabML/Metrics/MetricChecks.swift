import LabData

/// The input checks scikit-learn makes before computing a metric, as `DataError`s that say
/// what is wrong and what to do.
enum MetricChecks {
    static func sameLength(_ a: Int, _ b: Int, _ nameA: String, _ nameB: String) throws {
        guard a == b else {
            throw DataError("inconsistent numbers of samples: \(nameA) has \(a), \(nameB) has \(b)",
                            hint: "pass one prediction per true value, in the same row order")
        }
    }

    static func nonEmpty(_ n: Int, _ what: String) throws {
        guard n > 0 else {
            throw DataError("\(what) \(what.contains(" and ") ? "are" : "is") empty; a metric needs at least one sample",
                            hint: "check the split or filter that produced the rows")
        }
    }

    /// Lengths agree and there is at least one row.
    static func pair(_ a: Int, _ b: Int, _ nameA: String, _ nameB: String) throws {
        try sameLength(a, b, nameA, nameB)
        try nonEmpty(a, "\(nameA) and \(nameB)")
    }

    /// scikit-learn's assert_all_finite: NaN and infinity are refused, NaN named first.
    static func finite(_ xs: [Double], _ name: String) throws {
        guard let i = firstNonFinite(xs) else { return }
        throw nonFinite(name, at: "row \(i)", value: xs[i])
    }

    /// The first NaN if there is one, else the first infinity.
    static func firstNonFinite(_ xs: [Double]) -> Int? {
        xs.withUnsafeBufferPointer { v in
            guard let i = v.firstIndex(where: { !$0.isFinite }) else { return nil }
            return v[i...].firstIndex(where: { $0.isNaN }) ?? i
        }
    }

    static func nonFinite(_ name: String, at place: String, value: Double) -> DataError {
        if value.isNaN {
            return DataError("\(name) contains NaN (\(place))", hint: "drop or impute the rows with missing values first")
        }
        return DataError("\(name) contains infinity (\(place))", hint: "metrics need finite numbers: check the model's output for overflow")
    }

    /// Rows of equal width, flattened row-major; the first failing row is named.
    static func matrix(_ rows: [[Double]], _ name: String) throws -> (values: [Double], columns: Int) {
        let columns = rows.first?.count ?? 0
        var flat = [Double]()
        flat.reserveCapacity(rows.count * columns)
        for (i, row) in rows.enumerated() {
            guard row.count == columns else {
                throw DataError("\(name) rows have different lengths (row 0 has \(columns), row \(i) has \(row.count))",
                                hint: "every row needs one value per class (or feature)")
            }
            flat.append(contentsOf: row)
        }
        if let k = firstNonFinite(flat) {
            throw nonFinite(name, at: "row \(k / columns), column \(k % columns)", value: flat[k])
        }
        return (flat, columns)
    }

    /// A list of labels as scikit-learn prints it in messages: [0, 1] or ['a', 'b'].
    static func list<L: MetricLabel>(_ labels: [L]) -> String {
        "[" + labels.map { quoted($0) }.joined(separator: ", ") + "]"
    }

    static func quoted<L: MetricLabel>(_ label: L) -> String {
        if label.labelNumber != nil { return label.description }
        return "'\(label.description)'"
    }
}
