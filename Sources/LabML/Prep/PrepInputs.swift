import LabData

extension PrepStep {
    /// The columns this step reads (a derived column's expression is checked when it runs).
    var inputColumns: [String] {
        switch self {
        case .impute(let s): return [s.column]
        case .oneHot(let s): return [s.column]
        case .ordinal(let s): return [s.column]
        case .scale(let s): return [s.column]
        case .bin(let s): return [s.column]
        case .log(let s): return [s.column]
        case .clip(let s): return [s.column]
        case .project(let p): return p.features
        case .renameColumns(let from, _): return from
        case .derive, .dropColumns: return []
        }
    }

    /// The columns this step adds (steps that change a column in place add none).
    var addedColumns: [String] {
        switch self {
        case .oneHot(let s): return s.outputColumns
        case .impute(let s): return s.indicatorColumn.map { [$0] } ?? []
        case .derive(let name, _): return [name]
        case .project(let p): return p.model.columnNames
        case .renameColumns(_, let to): return to
        default: return []
        }
    }
}

extension PrepStep {
    /// The columns this step writes: the ones it makes and the ones it changes in place.
    var writtenColumns: [String] {
        switch self {
        case .impute(let s): return [s.column] + (s.indicatorColumn.map { [$0] } ?? [])
        case .ordinal(let s): return [s.column]
        case .scale(let s): return [s.column]
        case .bin(let s): return [s.column]
        case .log(let s): return [s.column]
        case .clip(let s): return [s.column]
        case .oneHot, .derive, .project, .renameColumns: return addedColumns
        case .dropColumns: return []
        }
    }

    /// The columns this step reads, a derived column's expression included.
    var readColumns: [String] {
        guard case .derive(_, let text) = self else { return inputColumns }
        return (try? Expression.parse(text).referencedColumns) ?? []
    }
}

extension PrepPipeline {
    /// The steps that make or change what `columns` hold, in order (a model's features, and its
    /// target to score it): run on new data, a model needs only these, so the data need not
    /// carry the columns that only the other steps read. Drops are left out: they take columns
    /// away, which no feature is.
    public func steps(for columns: [String]) -> [PrepStep] {
        var needed = Set(columns)
        var kept: [PrepStep] = []
        for step in steps.reversed() {
            let written = step.writtenColumns
            guard written.contains(where: needed.contains) else { continue }
            needed.subtract(written)
            needed.formUnion(step.readColumns)
            kept.append(step)
        }
        return kept.reversed()
    }

    /// Every column some step made (derived, encoded, marked, projected, renamed to): dropping or
    /// renaming one of these is a step too, so new data prepared by the pipeline matches.
    public var madeColumns: Set<String> { Set(steps.flatMap(\.addedColumns)) }

    /// The columns of the raw data that the steps `features` need and then `features` read: each
    /// step's inputs and each feature, unless an earlier step makes it.
    public func rawColumns(for features: [String]) -> [String] {
        var made = Set<String>(), needed: [String] = []
        func need(_ name: String) { if !made.contains(name) && !needed.contains(name) { needed.append(name) } }
        for step in steps(for: features) {
            step.readColumns.forEach(need)
            made.formUnion(step.addedColumns)
        }
        features.forEach(need)
        return needed
    }
}
