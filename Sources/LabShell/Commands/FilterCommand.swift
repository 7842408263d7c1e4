import LabData

struct FilterCommand: Command {
    static let spec = CommandSpec(
        "filter", aliases: ["where"], group: .reshape, summary: "Keep the rows where an expression is true",
        positionals: [PositionalSpec("expression", .expression, help: "a condition over the columns")],
        changesState: true,
        examples: ["filter age >= 18 and sex == \"female\"", "filter embarked in (\"C\", \"Q\")", "filter age is not missing"],
        details: "Missing values never pass a condition: `filter age < 10` drops the rows with no age.\n\n" + ExpressionFunction.helpList)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let expression = try Expression.parse(args.expression!)
        let mask = try expression.filterMask(on: frame)
        var result = frame.filtering(mask)
        return try reshaped(&result, alias: nil, verb: "kept \(result.rowCount) of \(frame.rowCount) rows in", &context)
    }
}
