import Dispatch
import LabData
import LabML
import LabOps

/// `drift`: has the data moved? The test rows against the training rows of the current frame,
/// or the current frame against another (`against=`: last month's data, what a model learned
/// from), column by column, as a monitoring tool reports it.
struct DriftCommand: Command {
    static let spec = CommandSpec(
        "drift", group: .evaluate,
        summary: "Which columns' values moved between reference and current data (test rows against training rows, or against= a frame)",
        positionals: [PositionalSpec("columns", .column, optional: true, variadic: true, help: "only these columns (default: every column both hold)")],
        keys: [
            KeySpec("against", .frame, help: "the reference frame; the current frame is compared with it (default: the training rows of the current frame's split)"),
            KeySpec("threshold", .number, default: "0.1", help: "the score from which a column counts as drifted"),
            KeySpec("prom", .text, help: "also write the scores to this file in Prometheus' text format, for node_exporter's textfile collector"),
        ],
        changesState: false, examples: ["drift", "drift against=jan", "drift temp_max precipitation against=y2012 threshold=0.2"],
        details: """
        Numbers are scored by the Wasserstein distance between the two samples (scipy's
        wasserstein_distance) in standard deviations of the reference (numpy's std, at least 0.001);
        text and true/false columns by the Jensen-Shannon distance between their shares of each value
        (scipy's jensenshannon, natural log). Missing values are left out. These are the distances
        Evidently uses on large data, with the same threshold, 0.1; the data as a whole drifted when
        half of its columns or more did.
        """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let threshold = args.double("threshold") ?? Drift.defaultThreshold
        guard threshold > 0, threshold.isFinite else {
            throw UsageError("threshold=\(args.string("threshold") ?? "") is not valid: expected a positive number", hint: "e.g. threshold=0.1")
        }
        let sides = try Sides(frame, against: args.string("against"), context)
        let named = args.words("columns")
        for name in named where name != TrainingRows.splitColumn {
            _ = try frame.column(name)
            if sides.reference.frame.index(of: name) == nil {
                throw UsageError("the reference '\(sides.reference.frame.name)' has no column '\(name)'\(Suggestion.didYouMean(name, in: sides.reference.frame.columnNames))",
                                 hint: "drift compares the columns both frames hold")
            }
        }
        let names = named.isEmpty
            ? frame.columnNames.filter { $0 != TrainingRows.splitColumn && sides.reference.frame.index(of: $0) != nil }
            : named
        guard !names.isEmpty else {
            throw UsageError("'\(frame.name)' and '\(sides.reference.frame.name)' have no column in common to compare",
                             hint: "drift compares columns of the same name")
        }
        // Each column on its own, on every core.
        let pairs = try names.map { (reference: try sides.reference.frame.column($0), current: try frame.column($0)) }
        let scores = TaskSlots<ColumnScore?>(count: pairs.count, initial: nil)
        let (referenceRows, currentRows) = (sides.reference.rows, sides.current)
        DispatchQueue.concurrentPerform(iterations: pairs.count) { k in
            scores.set(k, ColumnScore(reference: pairs[k].reference, referenceRows: referenceRows, current: pairs[k].current, currentRows: currentRows))
        }
        try Cancellation.check()
        var rows: [[Cell]] = []
        var drifted: [String] = [], identifiers: [String] = []
        var gauges = DriftGauges(frame: frame.name, reference: args.string("against") ?? "train", threshold: threshold)
        for (k, name) in names.enumerated() {
            let score = scores.value(k)!
            if score.mostlyDistinct { identifiers.append(name) }
            let moved = score.value.map { $0 >= threshold } ?? score.typeChanged
            if moved { drifted.append(name) }
            gauges.add(column: name, method: score.kind?.label ?? "type_changed", score: score.value, drifted: moved)
            rows.append([.text(name), .text(score.type), .text(score.method), score.value.map { .fixed($0, decimals: 4) } ?? .missing,
                         .text(score.value == nil && !score.typeChanged ? "no values" : (moved ? "yes" : "no"))])
        }
        let share = Double(drifted.count) / Double(names.count)
        var note = "\(drifted.count) of \(names.count) column\(names.count == 1 ? "" : "s") drifted (\(NumberFormat.fixed(share * 100, decimals: 0))%)"
            + (drifted.isEmpty ? "" : ": " + drifted.joined(separator: ", "))
            + "; the data as a whole \(share >= 0.5 ? "drifted" : "did not drift") (it does when half the columns or more do)."
        note += "\nA score from \(NumberFormat.significant(threshold)) on counts as drift: numbers by the Wasserstein distance in reference standard deviations, text by the Jensen-Shannon distance of the values' shares."
        if !identifiers.isEmpty {
            note += "\n\(identifiers.joined(separator: ", ")) \(identifiers.count == 1 ? "holds" : "hold") mostly distinct values (names, ids): shares of values seen once cannot match, "
                + "so such a column always looks drifted; name the columns to compare to leave \(identifiers.count == 1 ? "it" : "them") out."
        }
        let table = CommandOutput.table(ResultTable(title: "drift of \(sides.currentLabel) against \(sides.referenceLabel)",
                                                    columns: ["column", "type", "method", "score", "drift"], numericColumns: [3], rows: rows, note: note))
        guard let path = args.string("prom") else { return table }
        let written = gauges.gauges(share: share)
        try PrometheusText.write(written, to: path)
        return .group([table, .message(PrometheusText.summary(written, path: path))])
    }

    /// The scores as Prometheus gauges, labelled by frame, reference ("train": the split's training rows) and column.
    private struct DriftGauges {
        let frame: String, reference: String, threshold: Double
        private var score: [PrometheusGauge.Sample] = [], detected: [PrometheusGauge.Sample] = []

        init(frame: String, reference: String, threshold: Double) {
            (self.frame, self.reference, self.threshold) = (frame, reference, threshold)
        }

        mutating func add(column: String, method: String, score value: Double?, drifted: Bool) {
            let labels = [("frame", frame), ("reference", reference), ("column", column)]
            score.append(.init(labels + [("method", method)], value ?? .nan))
            detected.append(.init(labels, drifted ? 1 : 0))
        }

        func gauges(share: Double) -> [PrometheusGauge] {
            let whole = [("frame", frame), ("reference", reference)]
            return [
                PrometheusGauge(name: "opslab_drift_score", help: "How far a column moved from the reference: Wasserstein distance in reference standard deviations (numbers), Jensen-Shannon distance (text).", samples: score),
                PrometheusGauge(name: "opslab_drift_detected", help: "1 when the column's drift score reached the threshold (or its type changed), else 0.", samples: detected),
                PrometheusGauge(name: "opslab_drift_share", help: "The share of the compared columns that drifted.", samples: [.init(whole, share)]),
                PrometheusGauge(name: "opslab_drift_threshold", help: "The score from which a column counts as drifted.", samples: [.init(whole, threshold)]),
            ]
        }
    }

    /// The reference and the current rows: a split's training and test rows, or two frames.
    private struct Sides {
        let reference: (frame: Frame, rows: [Int]?)
        let current: [Int]?
        let referenceLabel: String
        let currentLabel: String

        init(_ frame: Frame, against: String?, _ context: CommandContext) throws {
            if let against {
                let other = try context.state.frame(named: against)
                for empty in [frame, other] where empty.rowCount == 0 {
                    throw UsageError("'\(empty.name)' has no rows to compare", hint: "a filter or sample left it empty: `undo` brings the rows back")
                }
                reference = (other, nil)
                current = nil
                referenceLabel = "'\(other.name)' (\(other.rowCount) rows)"
                currentLabel = "'\(frame.name)' (\(frame.rowCount) rows)"
                return
            }
            guard frame.index(of: TrainingRows.splitColumn) != nil else {
                throw UsageError("'\(frame.name)' has no split to compare test rows with training rows",
                                 hint: "split it first (e.g. split by=date at=2015-01-01 for a time-ordered frame), or compare with another frame: drift against=NAME")
            }
            // The parts as eval reads them (a part without rows is an error there too).
            let train = try EvaluationRows(frame, part: .train, trainedHere: false).rows ?? []
            let test = try EvaluationRows(frame, part: .test, trainedHere: false).rows ?? []
            reference = (frame, train)
            current = test
            referenceLabel = "its \(train.count) training rows"
            currentLabel = "the \(test.count) test rows of '\(frame.name)'"
        }
    }

    /// One column's score, or why there is none.
    private struct ColumnScore {
        var type: String
        var method: String
        var value: Double?
        /// Nil when the type changed.
        var kind: Drift.Method?
        var typeChanged: Bool { kind == nil }
        /// Text whose values are mostly distinct in the reference (over half of them).
        var mostlyDistinct = false

        init(reference: Column, referenceRows: [Int]?, current: Column, currentRows: [Int]?) {
            let numbers = { (c: Column) in c.type.isNumeric && c.type != .boolean }
            guard numbers(reference) == numbers(current) else {
                type = "\(reference.type.rawValue) → \(current.type.rawValue)"
                method = "type changed"
                value = nil
                return
            }
            type = current.type.rawValue
            if numbers(current) {
                kind = .wasserstein
                method = Drift.Method.wasserstein.rawValue
                let r = Self.values(reference, referenceRows), c = Self.values(current, currentRows)
                value = r.isEmpty || c.isEmpty ? nil : Drift.normedWasserstein(reference: r, current: c)
            } else {
                kind = .jensenShannon
                method = Drift.Method.jensenShannon.rawValue
                let r = Self.counts(reference, referenceRows), c = Self.counts(current, currentRows)
                value = r.isEmpty || c.isEmpty ? nil : Drift.categoryDistance(reference: r, current: c)
                mostlyDistinct = r.count > 20 && 2 * r.count > r.values.reduce(0, +)
            }
        }

        /// The values that are there (not missing, not NaN), of `rows` or all rows.
        private static func values(_ column: Column, _ rows: [Int]?) -> [Double] {
            guard case .numbers(let v, let missing) = column.data else { return [] }
            var out: [Double] = []
            out.reserveCapacity(rows?.count ?? v.count)
            func take(_ r: Int) { if !(missing?[r] ?? false), !v[r].isNaN { out.append(v[r]) } }
            if let rows { for r in rows { take(r) } } else { for r in v.indices { take(r) } }
            return out
        }

        /// How often each value occurs, by its text, so the categories of two frames meet.
        private static func counts(_ column: Column, _ rows: [Int]?) -> [String: Int] {
            var tally: [Int: Int] = [:]
            let names: (Int) -> String
            switch column.data {
            case .strings(let codes, let levels):
                for r in rows ?? Array(codes.indices) where codes[r] >= 0 { tally[Int(codes[r]), default: 0] += 1 }
                names = { levels[$0] }
            case .numbers(let values, let missing):
                // true/false: the numbers 1 and 0.
                for r in rows ?? Array(values.indices) where missing?[r] != true { tally[values[r] != 0 ? 1 : 0, default: 0] += 1 }
                names = { $0 == 1 ? "true" : "false" }
            }
            return Dictionary(uniqueKeysWithValues: tally.map { (names($0.key), $0.value) })
        }
    }
}
