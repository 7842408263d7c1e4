import LabData
import LabML

struct DeriveCommand: Command {
    static let spec = CommandSpec(
        "derive", aliases: ["mutate"], group: .reshape, summary: "Add (or replace) a column computed from an expression",
        positionals: [
            PositionalSpec("name", .name, help: "the new column's name"),
            PositionalSpec("equals", .keyword(["="]), help: "="),
            PositionalSpec("expression", .expression, help: "arithmetic over the columns"),
        ],
        changesState: true,
        examples: ["derive family = sibsp + parch + 1", "derive log_fare = log(fare + 1)", "derive adult = age >= 18",
                   "derive month = month(date)"],
        details: ExpressionFunction.helpList)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let name = args.word("name")!
        // A new column gets a name expressions can use without backticks (an existing one may be replaced as it is).
        if frame.index(of: name) == nil { try ArgumentParser.validateName(name, what: "column name") }
        let expression = try Expression.parse(args.expression!)
        let column = try expression.evaluate(on: frame, name: name)
        var result = try frame.setting(column)
        // A derived column is part of the preparation: new data gets it too (apply prep).
        context.state.appendStep(.derive(name: name, expression: args.expression!), to: frame.name, fittedOnAllRows: false)
        let replaced = frame.index(of: name) != nil
        return try reshaped(&result, alias: nil, verb: replaced ? "replaced column \(name) in" : "added column \(name) to",
                            detail: "\(column.type.rawValue), \(column.missingCount) missing", &context)
    }
}
