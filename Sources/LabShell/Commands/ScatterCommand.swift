import LabData

/// One column against another, a point per row (pandas' df.plot.scatter), or a column over
/// time: how two measurements move together, how a prediction follows the truth.
struct ScatterCommand: Command {
    /// More groups than this could not be told apart by colour in a terminal.
    static let maxGroups = 6

    static let spec = CommandSpec(
        "scatter", group: .data, summary: "Plot one column against another, a point per row (a date column as x: a series over time)",
        positionals: [
            PositionalSpec("x", .column, help: "the column across: numbers, a date or a datetime"),
            PositionalSpec("y", .column, help: "the column up"),
        ],
        keys: [
            KeySpec("by", .column, help: "a column of at most 6 values (a class, a category): a colour for each"),
            KeySpec("line", .flag, default: "false", help: "join the points in x order (a series over time)"),
        ],
        changesState: false,
        examples: ["scatter temp_min temp_max", "scatter date temp_max line=true", "scatter age fare by=survived", "scatter temp_max pred_f"],
        details: """
            Rows missing either value are left out (the note says how many). Between two columns of numbers \
            the note gives their correlation (Pearson's r over the rows that have both), the number `corr` shows. \
            After `predict`, `scatter TARGET pred_MODEL` shows how a regression's predictions follow the truth: \
            the closer to the diagonal, the better.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let x = try axis(frame.column(args.word("x")!)), y = try axis(frame.column(args.word("y")!))
        guard frame.rowCount > 0 else { throw DataError.noRows(in: frame.name, "to plot") }
        let groups = try args.string("by").map { try Self.groups(frame.column($0), frame) }
        let line = args.bool("line")
        var buckets = [[(Double, Double)]](repeating: [], count: groups?.order.count ?? 1)
        var left = 0
        for r in 0..<frame.rowCount {
            guard case .number(let a) = value(x, r), case .number(let b) = value(y, r), a.isFinite, b.isFinite,
                  groups.map({ $0.rowGroup[r] >= 0 }) ?? true else { left += 1; continue }
            buckets[groups?.rowGroup[r] ?? 0].append((a, b))
        }
        guard left < frame.rowCount else {
            throw DataError("no row of '\(frame.name)' has both \(x.name) and \(y.name)\(groups == nil ? "" : " and \(args.string("by")!)")",
                            hint: "`missing` shows where the gaps are")
        }
        let order = groups?.order ?? ["rows"]
        let series = order.indices.compactMap { k -> Plot.Series? in
            var points = buckets[k]
            guard !points.isEmpty else { return nil }
            if line { points.sort { $0.0 < $1.0 } }
            return Plot.Series(name: groups == nil ? "rows" : "\(args.string("by")!)=\(order[k])", points: points, connected: line)
        }
        var all = series
        var notes: [String] = []
        // The data's own ends on the axes (a scatter has no line to keep off the frame); with
        // the diagonal, one range for both, so that it runs corner to corner.
        let ys = series.flatMap { $0.points.map(\.1) }
        var yRange = line ? nil : ys.min().flatMap { lo in ys.max().flatMap { hi in lo < hi ? lo...hi : nil } }
        var xRange: ClosedRange<Double>?
        if let diagonal = predictionDiagonal(x, y, series, context.state) {
            all.append(diagonal)
            (xRange, yRange) = (diagonal.points[0].0...diagonal.points[1].0, diagonal.points[0].0...diagonal.points[1].0)
            notes.append("dotted: the diagonal, where the prediction equals the truth")
        }
        if left > 0 { notes.append("\(left) of \(frame.rowCount) rows left out: a value missing (or not finite)") }
        if x.type.isArithmetic, y.type.isArithmetic, x.name != y.name,
           let r = try? CorrelationMatrix([x, y], method: .pearson)[0, 1], r.isFinite {
            notes.append("correlation (Pearson's r): \(NumberFormat.fixed(r, decimals: 4))")
        }
        var plot = Plot(title: "\(y.name) by \(x.name) in \(frame.name) (\(frame.rowCount - left) rows)", xLabel: x.name, yLabel: y.name,
                        series: all, xRange: xRange, yRange: yRange, notes: notes)
        plot.xType = x.type
        plot.yType = y.type
        return .plot(plot)
    }

    /// y = x when one column holds a model's predictions of the other (`predict` names them pred_MODEL).
    private static func predictionDiagonal(_ x: Column, _ y: Column, _ series: [Plot.Series], _ state: SessionState) -> Plot.Series? {
        func predicts(_ p: Column, _ truth: Column) -> Bool {
            guard p.name.hasPrefix("pred_"), let model = state.models[String(p.name.dropFirst(5))] else { return false }
            return model.target == truth.name && model.task == .regression
        }
        guard predicts(y, x) || predicts(x, y) else { return nil }
        let values = series.flatMap { $0.points.flatMap { [$0.0, $0.1] } }
        guard let lo = values.min(), let hi = values.max(), lo < hi else { return nil }
        return Plot.Series(name: "prediction = truth", points: [(lo, lo), (hi, hi)], reference: true)
    }

    /// A column that can be an axis: numbers, booleans, dates; text says what to use instead.
    private static func axis(_ column: Column) throws -> Column {
        guard column.type != .string else {
            throw DataError("column '\(column.name)' holds text; a scatter plots numbers and dates",
                            hint: "`counts \(column.name)` counts its values; scatter ... by=\(column.name) colours the points by it")
        }
        return column
    }

    private static func value(_ column: Column, _ row: Int) -> Value {
        if case .bool(let b) = column.value(at: row) { return .number(b ? 1 : 0) }
        return column.value(at: row)
    }

    /// The colour groups of `by=`: its values, numbers in their order and text alphabetically,
    /// and each row's group (-1 where the value is missing), read once.
    private struct Groups {
        let order: [String]
        let rowGroup: [Int]
    }

    private static func groups(_ column: Column, _ frame: Frame) throws -> Groups {
        var seen: [String: Int] = [:], labels: [String] = []
        var rowGroup = [Int](repeating: -1, count: frame.rowCount)
        for r in 0..<frame.rowCount {
            guard let label = column.text(at: r) else { continue }
            if let k = seen[label] { rowGroup[r] = k; continue }
            guard labels.count < maxGroups else {
                throw DataError("column '\(column.name)' has more than \(maxGroups) values: too many colours to tell apart",
                                hint: "by= takes a class or a category with few values; `counts \(column.name)` shows its values")
            }
            seen[label] = labels.count
            rowGroup[r] = labels.count
            labels.append(label)
        }
        let sorted = labels.indices.sorted { a, b in
            // Numbers in their order (0 before 1), text alphabetically.
            if let x = Double(labels[a]), let y = Double(labels[b]) { return x < y }
            return labels[a] < labels[b]
        }
        var rank = [Int](repeating: 0, count: labels.count)
        for (position, k) in sorted.enumerated() { rank[k] = position }
        return Groups(order: sorted.map { labels[$0] }, rowGroup: rowGroup.map { $0 < 0 ? -1 : rank[$0] })
    }
}
