import LabData
import LabML

struct ClipCommand: Command {
    static let spec = CommandSpec(
        "clip", group: .prepare, summary: "Limit a numeric column to [lo, hi]",
        positionals: [PositionalSpec("column", .column, help: "the numeric column")],
        keys: [
            KeySpec("lo", .number, help: "values below become lo"),
            KeySpec("hi", .number, help: "values above become hi"),
        ],
        changesState: true, examples: ["clip fare hi=300", "clip age lo=1 hi=80"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let lo = args.double("lo"), hi = args.double("hi")
        guard lo != nil || hi != nil else { throw UsageError("clip needs lo=, hi= or both", hint: "e.g. clip fare hi=300") }
        if let lo, let hi, lo > hi { throw UsageError("lo=\(lo) is above hi=\(hi)", hint: "give lo <= hi") }
        return try PrepSupport.fitAndApply(columns: args.words("column"), verb: "clipped", command: "clip", &context) { column, _ in
            .clip(Clipper(column: column.name, low: lo, high: hi))
        }
    }
}
