import LabData

struct CorrCommand: Command {
    static let spec = CommandSpec(
        "corr", group: .data, summary: "Correlation matrix of the numeric columns (pairwise complete rows, as pandas)",
        positionals: [PositionalSpec("columns", .column, optional: true, variadic: true, help: "only these columns (as cols=)")],
        keys: [
            KeySpec("method", .choice(CorrelationMethod.allCases.map(\.rawValue)), default: "pearson",
                    help: "pearson (linear) or spearman (pearson on average ranks: any monotonic relation)"),
            KeySpec("cols", .columns, help: "only these columns, comma-separated (all numeric ones when left out)"),
            KeySpec("with", .column, help: "one column's correlation with each of the others, strongest first (df.corr()[\"mpg\"])"),
            KeySpec("top", .integer(min: 1, max: 10_000), help: "the N most correlated pairs, strongest first, instead of the matrix"),
        ],
        changesState: false, examples: ["corr", "corr age fare pclass method=spearman", "corr with=mpg", "corr top=10"],
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
        let named = args.words("columns") + (args.list("cols") ?? [])
        if !named.isEmpty {
            columns = try named.map { try frame.column($0) }
        } else {
            columns = frame.columns.filter(\.type.isArithmetic)
            left = frame.columns.filter { !$0.type.isArithmetic }.map(\.name)
        }
        var picked = columns
        if let with = args.string("with"), !picked.contains(where: { $0.name == with }) {
            let column = try frame.column(with)
            guard column.type.isArithmetic else {
                throw UsageError("'\(with)' is \(column.type.rawValue): correlation needs numbers", hint: "encode it first, or pick a numeric column")
            }
            picked.append(column)
        }
        let matrix = try CorrelationMatrix(picked, method: method)
        let k = matrix.names.count
        if let with = args.string("with") { return .table(strongest(matrix, with: with, frame: frame.name, left: left)) }
        if let top = args.int("top") { return .table(strongestPairs(matrix, top: top, frame: frame.name, left: left)) }
        let rows = (0..<k).map { i -> [Cell] in
            [.text(matrix.names[i])] + (0..<k).map { j in matrix[i, j].isNaN ? .missing : .fixed(matrix[i, j], decimals: 3) }
        }
        var notes: [String] = []
        if let note = leftOut(left) { notes.append(note) }
        if let (i, j) = (0..<k).lazy.flatMap({ i in (0..<i).lazy.map { (i, $0) } }).first(where: { matrix[$0.0, $0.1].isNaN }) {
            let (a, b) = (matrix.names[j], matrix.names[i]), shared = matrix.pairCounts[i * k + j]
            notes.append("NA: no correlation where a pair shares under 2 rows or a column is constant on them"
                + (shared < 2 ? " (\(a) and \(b) share \(shared) row\(shared == 1 ? "" : "s"))"
                   : " (\(constantOne(columns[j], columns[i]) ?? a) is the same on all \(shared) rows that have \(a) and \(b))"))
        }
        return .table(ResultTable(title: "\(method.rawValue) correlation: \(frame.name), \(k) columns", columns: [""] + matrix.names,
                                  numericColumns: Set(1...k), rows: rows, note: notes.isEmpty ? nil : notes.joined(separator: "\n")))
    }

    /// Each column's correlation with one of them, the strongest (by magnitude) first; NA last.
    private static func strongest(_ matrix: CorrelationMatrix, with name: String, frame: String, left: [String]) -> ResultTable {
        let k = matrix.names.count, w = matrix.names.firstIndex(of: name)!
        let others = ranked(matrix.names.indices.filter { $0 != w }) { matrix[w, $0] }
        return ResultTable(title: "\(matrix.method.rawValue) correlation with \(name): \(frame)", columns: ["column", "r", "rows"],
                           numericColumns: [1, 2],
                           rows: others.map { [.text(matrix.names[$0]), cell(matrix[w, $0]), .number(Double(matrix.pairCounts[w * k + $0]), .integer)] },
                           note: leftOut(left))
    }

    /// The `top` pairs with the strongest correlation (by magnitude); pairs without one are left out.
    private static func strongestPairs(_ matrix: CorrelationMatrix, top: Int, frame: String, left: [String]) -> ResultTable {
        let k = matrix.names.count
        let pairs = ranked((0..<k).flatMap { i in (0..<i).map { j in (j, i) } }) { matrix[$0.1, $0.0] }.filter { !matrix[$0.1, $0.0].isNaN }
        let rows = pairs.prefix(top).map { (j, i) -> [Cell] in
            [.text(matrix.names[j]), .text(matrix.names[i]), cell(matrix[i, j]), .number(Double(matrix.pairCounts[i * k + j]), .integer)]
        }
        let more = pairs.count - rows.count
        let notes = [more > 0 ? "\(more) more pair\(more == 1 ? "" : "s") (top= shows more)" : nil, leftOut(left)].compactMap { $0 }
        return ResultTable(title: "\(matrix.method.rawValue) correlation, strongest pairs: \(frame), \(k) columns", columns: ["column", "column", "r", "rows"],
                           numericColumns: [2, 3], rows: rows, note: notes.isEmpty ? nil : notes.joined(separator: "\n"))
    }

    /// Largest |r| first, ties in the order given; NA last.
    private static func ranked<T>(_ items: [T], by r: (T) -> Double) -> [T] {
        items.enumerated().map { ($0.element, r($0.element).isNaN ? -1 : abs(r($0.element)), $0.offset) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }.map(\.0)
    }

    private static func cell(_ r: Double) -> Cell { r.isNaN ? .missing : .fixed(r, decimals: 3) }

    private static func leftOut(_ left: [String]) -> String? {
        left.isEmpty ? nil : "not numeric, left out: " + (left.count <= 6 ? left.joined(separator: ", ") : left.prefix(6).joined(separator: ", ") + ", …")
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
