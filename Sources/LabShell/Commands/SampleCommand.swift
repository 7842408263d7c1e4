import LabData

struct SampleCommand: Command {
    static let spec = CommandSpec(
        "sample", group: .reshape, summary: "Keep n randomly chosen rows (seeded, so replays draw the same rows)",
        keys: [
            KeySpec("n", .integer(min: 0, max: Int.max), required: true, help: "how many rows to keep"),
            KeySpec("seed", .seed, default: "42", alwaysRecorded: true, help: "random seed; the same seed draws the same rows"),
        ],
        acceptsAlias: true, changesState: true, examples: ["sample n=100", "sample n=500 seed=7 as small"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let n = args.int("n")!
        let frame = try context.state.requireCurrent()
        var result = try frame.sampling(n, seed: args.seed())
        return try reshaped(&result, alias: args.alias, verb: "sampled \(n) rows into", detail: "seed \(args.seed())", &context)
    }
}
