import LabData
import LabML

/// What the preparation commands share: fit one step per column on the training rows
/// (all rows before a split, with a leakage warning), apply it, and record it.
enum PrepSupport {
    /// `advice`: a warning about a fitted step, given the number of rows it was fitted on.
    static func fitAndApply(columns: [String], verb: String, command: String, _ context: inout CommandContext,
                            advice: (PrepStep, Int) -> String? = { _, _ in nil },
                            fit: (Column, TrainingRows) throws -> PrepStep) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let rows = TrainingRows(frame)
        var out = frame
        var steps: [PrepStep] = []
        for name in columns {
            if name == TrainingRows.splitColumn {
                throw UsageError("'\(name)' holds the train/test split; it is not a feature", hint: "name the data columns to \(command)")
            }
            // Every name checked against the frame as it is, not as the earlier columns' steps leave it.
            _ = try frame.column(name)
        }
        for name in columns {
            let step = try fit(try out.column(name), rows)
            out = try step.apply(to: out)
            steps.append(step)
        }
        context.state.replaceCurrent(out)
        for step in steps { context.state.appendStep(step, to: frame.name, fittedOnAllRows: !rows.isSplit) }
        var parts: [CommandOutput] = []
        if !rows.isSplit, steps.contains(where: \.learnsFromData) {
            parts.append(.warning("fitted on all \(frame.rowCount) rows. A split made after this leaks: the test rows helped fit it. Split first (split test=0.2), then \(command)."))
        }
        parts += steps.compactMap { advice($0, rows.rows?.count ?? frame.rowCount) }.map(CommandOutput.warning)
        parts.append(.frame(FrameSummary(verb: "\(verb) \(columns.joined(separator: ", ")) in", name: out.name, rows: out.rowCount, columns: out.columnCount,
                                         detail: rows.isSplit ? "fitted on the \(rows.rows!.count) training rows" : nil)))
        parts.append(.table(learnedTable(steps)))
        return .group(parts)
    }

    static func learnedTable(_ steps: [PrepStep]) -> ResultTable {
        let rows = steps.enumerated().map { i, step -> [Cell] in
            let s = step.summary
            return [.text(s.step), .text(s.column), .text(s.learned)]
        }
        return ResultTable(columns: ["step", "column", "learned"], rows: rows)
    }
}
