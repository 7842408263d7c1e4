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
        var note: String?
        if !left.isEmpty {
            note = "not numeric, left out: " + (left.count <= 6 ? left.joined(separator: ", ") : left.prefix(6).joined(separator: ", ") + ", …")
        }
        return .table(ResultTable(title: "\(method.rawValue) correlation: \(frame.name), \(k) columns", columns: [""] + matrix.names,
                                  numericColumns: Set(1...k), rows: rows, note: note))
    }
}
