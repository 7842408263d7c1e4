import LabData

struct CorrCommand: Command {
    static let spec = CommandSpec(
        "corr", group: .data, summary: "Correlation matrix of the numeric columns (pairwise complete rows, as pandas)",
        keys: [
            KeySpec("method", .choice(CorrelationMethod.allCases.map(\.rawValue)), default: "pearson",
                    help: "pearson (linear) or spearman (pearson on average ranks: any monotonic relation)"),
            KeySpec("cols", .columns, help: "only these columns, comma-separated (all numeric ones when left out)"),
        ],
        changesState: false, examples: ["corr", "corr method=spearman cols=age,fare,pclass"],
        details: """
        Each pair uses the rows where both columns hold a value, like pandas' DataFrame.corr. NA marks a
        pair with no rows in common or a column that is constant on them. Integer, float and boolean
        columns take part; --json carries the full precision.
        """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let method = CorrelationMethod(rawValue: args.string("method") ?? "pearson") ?? .pearson
        let columns: [Column]
        var left: [String] = []
        if let names = args.list("cols") {
            columns = try names.map { try frame.column($0) }
        } else {
            columns = frame.columns.filter(\.type.isArithmetic)
            left = frame.columns.filter { !$0.type.isArithmetic }.map(\.name)
        }
        let matrix = try CorrelationMatrix(columns, method: method)
        let k = matrix.names.count
        let rows = (0..<k).map { i -> [Cell] in
            [.text(matrix.names[i])] + (0..<k).map { j in matrix[i, j].isNaN ? .missing : .fixed(matrix[i, j], decimals: 3) }
        }
        var notes: [String] = []
        if !left.isEmpty {
            notes.append("not numeric, left out: " + (left.count <= 6 ? left.joined(separator: ", ") : left.prefix(6).joined(separator: ", ") + ", …"))
        }
        if let (i, j) = (0..<k).lazy.flatMap({ i in (0..<i).lazy.map { (i, $0) } }).first(where: { matrix[$0.0, $0.1].isNaN }) {
            let (a, b) = (matrix.names[j], matrix.names[i]), shared = matrix.pairCounts[i * k + j]
            notes.append("NA: no correlation where a pair shares under 2 rows or a column is constant on them"
                + (shared < 2 ? " (\(a) and \(b) share \(shared) row\(shared == 1 ? "" : "s"))"
                   : " (\(constantOne(columns[j], columns[i]) ?? a) is the same on all \(shared) rows that have \(a) and \(b))"))
        }
        return .table(ResultTable(title: "\(method.rawValue) correlation: \(frame.name), \(k) columns", columns: [""] + matrix.names,
                                  numericColumns: Set(1...k), rows: rows, note: notes.isEmpty ? nil : notes.joined(separator: "\n")))
    }

    /// Which of the two columns never changes on the rows where both have a value.
    private static func constantOne(_ a: Column, _ b: Column) -> String? {
        var first: (Value, Value)?
        var aVaries = false, bVaries = false
        for r in 0..<a.count {
            let x = a.value(at: r), y = b.value(at: r)
            guard !x.isMissing, !y.isMissing else { continue }
            guard let (x0, y0) = first else { first = (x, y); continue }
            aVaries = aVaries || x != x0
            bVaries = bVaries || y != y0
        }
        return !aVaries ? a.name : !bVaries ? b.name : nil
    }
}
