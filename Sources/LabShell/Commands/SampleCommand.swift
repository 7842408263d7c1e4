import LabData

struct SampleCommand: Command {
    static let spec = CommandSpec(
        "sample", group: .reshape, summary: "Keep n randomly chosen rows, or a share of them (seeded, so replays draw the same rows)",
        keys: [
            KeySpec("n", .integer(min: 0, max: Int.max), help: "how many rows to keep"),
            KeySpec("frac", .number, help: "the share of the rows to keep, 0 to 1, instead of n= (rounded as pandas' sample rounds it)"),
            KeySpec("seed", .seed, default: "42", alwaysRecorded: true, help: "random seed; the same seed draws the same rows"),
        ],
        acceptsAlias: true, changesState: true, examples: ["sample n=100", "sample n=500 seed=7 as small", "sample frac=0.1"],
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
        var result = try frame.sampling(n, seed: args.seed())
        return try reshaped(&result, alias: args.alias, verb: "sampled \(n) rows into", detail: "seed \(args.seed())", &context)
    }
}
