import LabData
import LabML

struct LogCommand: Command {
    static let spec = CommandSpec(
        "log", group: .prepare, summary: "Replace numeric columns by their natural log (of x + offset)",
        positionals: [PositionalSpec("columns", .column, variadic: true, help: "the numeric columns")],
        keys: [KeySpec("offset", .number, default: "0", help: "added before the log, e.g. 1 when there are zeros")],
        changesState: true, examples: ["log fare offset=1"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let offset = args.double("offset")!
        return try PrepSupport.fitAndApply(columns: args.words("columns"), verb: "took the log of", command: "log", &context) { column, _ in
            .log(try LogTransform.check(column, offset: offset))
        }
    }
}
