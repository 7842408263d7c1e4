import LabData

struct OutliersCommand: Command {
    static let shownRows = 10

    static let spec = CommandSpec(
        "outliers", group: .data, summary: "Count and show the values of a column far from the rest (IQR fences or z-scores)",
        positionals: [PositionalSpec("column", .column, help: "a numeric column")],
        keys: [
            KeySpec("method", .choice(OutlierMethod.allCases.map(\.rawValue)), default: "iqr",
                    help: "iqr: outside [Q1 - k·IQR, Q3 + k·IQR]; zscore: |x - mean| / std > k"),
            KeySpec("k", .number, help: "how far out counts: 1.5 for iqr, 3 for zscore when left out"),
        ],
        changesState: false, examples: ["outliers fare", "outliers fare method=zscore k=3"],
        details: """
        Quartiles are numpy's linear ones and the std is the sample std (n - 1), as pandas computes them.
        The table shows the farthest rows first (at most 10), with `row` the 0-based row number, as
        pandas' index after loading.
        """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let name = args.word("column")!
        let column = try frame.column(name)
        let method = OutlierMethod(rawValue: args.string("method") ?? "iqr") ?? .iqr
        let k = args.double("k") ?? method.defaultK
        let report = try OutlierReport(column, method: method, k: k)
        let shown = Array(report.rows.prefix(shownRows))
        let picked = frame.gathering(shown)
        let scoreName = method == .iqr ? "beyond fence" : "z"
        var columns = ["row", scoreName, name]
        var numeric: Set<Int> = [0, 1]
        if column.type.isArithmetic { numeric.insert(2) }
        let others = picked.columns.filter { $0.name != name }
        for (j, c) in others.enumerated() {
            columns.append(c.name)
            if c.type.isArithmetic { numeric.insert(3 + j) }
        }
        let values = picked.columns[frame.index(of: name)!]
        let rows = shown.indices.map { i -> [Cell] in
            [.number(Double(shown[i]), .integer), .number(report.scores[i], .float), Cell(values, row: i)]
                + others.map { Cell($0, row: i) }
        }
        let table = ResultTable(title: nil, columns: columns, numericColumns: numeric, rows: rows,
                                totalRows: report.count)
        let summary = summaryLine(report)
        return report.count == 0 ? .message(summary) : .group([.message(summary), .table(table)])
    }

    static func summaryLine(_ r: OutlierReport) -> String {
        let shown = { (x: Double) in NumberFormat.display(x, type: r.type == .integer ? .float : r.type) }
        let rule: String
        switch r.method {
        case .iqr: rule = "Q1 \(shown(r.centre.0)), Q3 \(shown(r.centre.1)), k=\(NumberFormat.significant(r.k))·IQR"
        case .zscore: rule = "mean \(shown(r.centre.0)), std \(NumberFormat.significant(r.centre.1)), k=\(NumberFormat.significant(r.k))"
        }
        let percent = NumberFormat.fixed(r.percent, decimals: 2)
        return "\(r.column): \(r.count) outlier\(r.count == 1 ? "" : "s") of \(r.nonMissing) values (\(percent)%) outside "
            + "[\(shown(r.lower)), \(shown(r.upper))] by \(r.method.rawValue) (\(rule))"
    }
}
