import LabData
import LabML

struct BinCommand: Command {
    static let spec = CommandSpec(
        "bin", group: .prepare, summary: "Replace a numeric column by its bin number",
        positionals: [PositionalSpec("column", .column, help: "the numeric column")],
        keys: [
            KeySpec("bins", .integer(min: 2, max: 1000), required: true, help: "how many bins"),
            KeySpec("strategy", .choice(Binner.Strategy.allCases.map(\.rawValue)), default: "quantile",
                    help: "uniform: equal width; quantile: equal counts"),
        ],
        changesState: true, examples: ["bin age bins=5", "bin fare bins=4 strategy=uniform"],
        details: "Like scikit-learn's KBinsDiscretizer(encode=\"ordinal\").")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let bins = args.int("bins")!
        let strategy = Binner.Strategy(rawValue: args.string("strategy")!)!
        return try PrepSupport.fitAndApply(columns: args.words("column"), verb: "binned", command: "bin", &context) { column, rows in
            .bin(try Binner.fit(column, bins: bins, strategy: strategy, rows: rows))
        }
    }
}
