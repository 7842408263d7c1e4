import LabData
import LabML

struct EncodeCommand: Command {
    static let spec = CommandSpec(
        "encode", group: .prepare, summary: "Turn categories into numbers: one 0/1 column per category, or ordinal codes",
        positionals: [PositionalSpec("columns", .column, variadic: true, help: "the categorical columns")],
        keys: [
            KeySpec("method", .choice(["onehot", "ordinal"]), default: "onehot", help: "onehot: a 0/1 column per category; ordinal: 0, 1, 2, ..."),
            KeySpec("drop", .choice(["none", "first"]), default: "none", help: "first: leave out the first category's column (avoids collinearity)"),
            KeySpec("unknown", .choice(["ignore", "error"]), default: "ignore",
                    help: "a category not seen when fitting: ignore (all zeros / missing) or error"),
            KeySpec("max_levels", .integer(min: 1, max: 1_000_000), default: "1000", help: "refuse columns with more distinct values"),
            KeySpec("missing", .choice(["error", "category"]), default: "error",
                    help: "onehot: refuse missing values (impute them first), or make them a category of their own (a COLUMN_nan column)"),
        ],
        changesState: true, examples: ["encode sex embarked", "encode pclass drop=first", "encode island method=ordinal", "encode workclass missing=category"],
        details: "Like scikit-learn's OneHotEncoder / OrdinalEncoder; categories are sorted and learned from the training rows.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let unknown = OneHotEncoder.Unknown(rawValue: args.string("unknown")!)!
        let limit = args.int("max_levels")!
        let ordinal = args.string("method") == "ordinal"
        let dropFirst = args.string("drop") == "first"
        let missingCategory = args.string("missing") == "category"
        if ordinal && missingCategory {
            throw UsageError("missing=category goes with method=onehot", hint: "ordinal codes keep missing values missing, as scikit-learn's OrdinalEncoder does")
        }
        return try PrepSupport.fitAndApply(columns: args.words("columns"), verb: "encoded", command: "encode", &context,
                                           advice: identifierAdvice) { column, rows in
            ordinal ? .ordinal(try OrdinalEncoder.fit(column, rows: rows, unknown: unknown, limit: limit))
                : .oneHot(try OneHotEncoder.fit(column, rows: rows, dropFirst: dropFirst, unknown: unknown, limit: limit, missingCategory: missingCategory))
        }
    }

    /// A one-hot code of a name or an identifier (`TrainingData.looksLikeIdentifier`) is worth a warning.
    static func identifierAdvice(_ step: PrepStep, fittedRows: Int) -> String? {
        guard case .oneHot(let encoder) = step,
              TrainingData.looksLikeIdentifier(distinct: encoder.categories.count, rows: fittedRows) else { return nil }
        let each = (Double(fittedRows) / Double(encoder.categories.count) * 10).rounded() / 10
        return "'\(encoder.column)' has \(encoder.categories.count) categories in \(fittedRows) rows, about \(each) rows each: "
            + "more like a name or an identifier than a category, and a model learns little from it that holds for new rows. "
            + "Consider `undo` and `drop \(encoder.column)`, or grouping its values first"
    }
}
