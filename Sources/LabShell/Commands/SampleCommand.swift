import LabData

struct SampleCommand: Command {
    static let spec = CommandSpec(
        "sample", group: .reshape, summary: "Keep n randomly chosen rows, or a share of them (seeded, so replays draw the same rows)",
        keys: [
            KeySpec("n", .integer(min: 0, max: Int.max), help: "how many rows to keep"),
            KeySpec("frac", .number, help: "the share of the rows to keep, 0 to 1, instead of n= (rounded as pandas' sample rounds it)"),
            KeySpec("seed", .seed, default: "42", alwaysRecorded: true, help: "random seed; the same seed draws the same rows"),
            KeySpec("stratify", .column, help: "keep this column's class shares: each class gives its share of the rows (missing values are a class)"),
        ],
        acceptsAlias: true, changesState: true,
        examples: ["sample n=100", "sample n=500 seed=7 as small", "sample frac=0.1", "sample frac=0.1 stratify=income"],
        details: """
            With stratify=, frac= takes that share of each class, rounded as pandas' groupby(...).sample(frac=) \
            rounds it; n= is shared out in proportion to the classes' sizes, the rows left over by rounding \
            going to the classes whose shares lost the most. The rows come class by class.
            """,
        strayWordAdvice: sizeAdvice)

    /// `sample 100`, `sample 0.1`, `sample 10%`: a count or a share, each with its option.
    static func sizeAdvice(_ word: String) -> String? {
        if let n = Int(word), n >= 0 { return "did you mean n=\(n)?" }
        let percent = word.hasSuffix("%")
        guard let x = Double(percent ? String(word.dropLast()) : word), x >= 0 else { return nil }
        let share = percent ? x / 100 : x
        return share <= 1 ? "did you mean frac=\(share)?" : nil
    }

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let n: Int
        switch (args.int("n"), args.double("frac")) {
        case (let count?, nil):
            n = count
        case (nil, let share?):
            guard share.isFinite, (0...1).contains(share) else {
                throw UsageError("frac=\(args.string("frac")!) is not a share of the rows", hint: "a number from 0 to 1, e.g. frac=0.1 for a tenth; each row is drawn at most once")
            }
            // Python's round, as pandas applies it to frac × rows: halves to even.
            n = Int((share * Double(frame.rowCount)).rounded(.toNearestOrEven))
        case (.some, .some):
            throw UsageError("sample takes n= or frac=, not both", hint: "e.g. sample n=100, or sample frac=0.1")
        case (nil, nil):
            throw UsageError("sample needs n= or frac=: how many rows to keep, or what share", hint: "e.g. sample n=100, or sample frac=0.1")
        }
        guard let name = args.string("stratify") else {
            var result = try frame.sampling(n, seed: args.seed())
            return try reshaped(&result, alias: args.alias, verb: "sampled \(n) rows into", detail: "seed \(args.seed())", &context)
        }
        guard n <= frame.rowCount else {
            throw DataError("cannot sample \(n) rows from \(frame.rowCount)", hint: "n must be between 0 and \(frame.rowCount)")
        }
        let column = try frame.column(name)
        let (labels, groups) = classes(column)
        let counts = args.double("frac").map { share in groups.map { Int((share * Double($0.count)).rounded(.toNearestOrEven)) } }
            ?? proportional(n, groups.map(\.count))
        var result = frame.sampling(counts, from: groups, seed: args.seed())
        let shares = zip(labels, counts).map { "\($1) of \($0)" }
        return try reshaped(&result, alias: args.alias, verb: "sampled \(counts.reduce(0, +)) rows into",
                            detail: "seed \(args.seed()), stratified by \(name)" + (shares.isEmpty ? "" : ": " + shares.prefix(6).joined(separator: ", ")
                                + (shares.count > 6 ? ", … (\(shares.count) classes)" : "")), &context)
    }

    /// The rows of each value of `column` (missing values as one more class), values in their order.
    private static func classes(_ column: Column) -> (labels: [String], rows: [[Int]]) {
        var index: [String?: Int] = [:], values: [String?] = [], rows: [[Int]] = []
        for r in 0..<column.count {
            let value = column.text(at: r)
            if index[value] == nil { index[value] = values.count; values.append(value); rows.append([]) }
            rows[index[value]!].append(r)
        }
        // Numbers in their order, text alphabetically, the missing class last.
        let order = values.indices.sorted { a, b in
            guard let u = values[a], let v = values[b] else { return values[b] == nil && values[a] != nil }
            if let x = Double(u), let y = Double(v) { return x < y }
            return u < v
        }
        return (order.map { values[$0] ?? "missing" }, order.map { rows[$0] })
    }

    /// `n` shared out in proportion to `sizes`: each its whole share, then one more to the largest
    /// remainders (the larger class, then the earlier, first on a tie), never more than a class holds.
    static func proportional(_ n: Int, _ sizes: [Int]) -> [Int] {
        let total = sizes.reduce(0, +)
        guard total > 0 else { return sizes.map { _ in 0 } }
        var counts = sizes.map { n * $0 / total }
        let remainders = sizes.indices.map { (n * sizes[$0]) % total }
        let order = sizes.indices.sorted {
            remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1
        }
        for k in order.prefix(n - counts.reduce(0, +)) { counts[k] += 1 }
        return counts
    }
}
