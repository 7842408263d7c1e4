import LabData
import LabML

struct ApplyCommand: Command {
    static let spec = CommandSpec(
        "apply", group: .prepare, summary: "Run the current frame's fitted preparation on another frame (new data)",
        positionals: [PositionalSpec("what", .keyword(["prep"]), help: "what to apply: prep")],
        keys: [KeySpec("to", .text, required: true, help: "the frame to prepare (see `frames`)")],
        acceptsAlias: true, changesState: true, examples: ["apply prep to=new_passengers", "apply prep to=raw as prepared"],
        details: "Nothing is refitted: means, categories and scales are the ones learned before, as in production.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let source = try context.state.requireCurrent()
        let pipeline = context.state.pipeline(for: source.name)
        guard !pipeline.isEmpty else {
            // Loading the new data made it the current frame: name the frames whose steps could be meant.
            let prepared = context.state.frameOrder.filter { $0 != source.name && !context.state.pipeline(for: $0).isEmpty }
            throw UsageError("the current frame '\(source.name)' has no preparation steps to apply",
                             hint: prepared.isEmpty ? "prepare it first (impute, encode, scale, ...), then apply"
                                 : "apply runs the current frame's steps; \(prepared.map { "'\($0)'" }.joined(separator: ", ")) \(prepared.count == 1 ? "has" : "have") some: "
                                   + "use \(prepared[0]), then apply prep to=\(args.string("to") ?? "FRAME")")
        }
        let target = try context.state.frame(named: args.string("to")!)
        var result = try pipeline.apply(to: target)
        let current = source.name
        if let alias = args.alias {
            result = result.renamedFrame(alias)
            context.state.put(result)
        } else {
            context.state.put(result)
        }
        context.state.currentName = current
        return .frame(FrameSummary(verb: "prepared", name: result.name, rows: result.rowCount, columns: result.columnCount,
                                   detail: "\(pipeline.steps.count) step\(pipeline.steps.count == 1 ? "" : "s") learned on \(source.name); current frame stays \(current)"))
    }
}
