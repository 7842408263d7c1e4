import LabData
import LabML

struct ImputeCommand: Command {
    static let spec = CommandSpec(
        "impute", group: .prepare, summary: "Fill missing values with a statistic learned from the training rows",
        positionals: [PositionalSpec("columns", .column, variadic: true, help: "the columns to fill")],
        keys: [
            KeySpec("with", .choice(Imputer.Strategy.allCases.map(\.rawValue)), default: "mean",
                    help: "mean, median, most_frequent (text too), or constant (with value=)"),
            KeySpec("value", .text, help: "the fill value for with=constant"),
            KeySpec("indicator", .choice(["false", "true"]), default: "false",
                    help: "true: also add a 0/1 column missingindicator_COLUMN marking the rows that were missing (SimpleImputer's add_indicator), for columns with gaps in the training rows"),
        ],
        changesState: true, examples: ["impute age with=median", "impute embarked with=most_frequent", "impute cabin with=constant value=unknown",
                                       "impute age with=median indicator=true"],
        details: "Like scikit-learn's SimpleImputer. After `split`, the statistic comes from the training rows only.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let strategy = Imputer.Strategy(rawValue: args.string("with")!)!
        return try PrepSupport.fitAndApply(columns: args.words("columns"), verb: "imputed", command: "impute", &context) { column, rows in
            .impute(try Imputer.fit(column, strategy: strategy, constant: args.string("value"), rows: rows, indicator: args.string("indicator") == "true"))
        }
    }
}
