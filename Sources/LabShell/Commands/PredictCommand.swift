import LabData
import LabML

struct PredictCommand: Command {
    static let spec = CommandSpec(
        "predict", group: .models, summary: "Add a model's predictions (and class probabilities) as columns of a frame",
        positionals: [PositionalSpec("name", .model, help: "a trained model, or a registered one: NAME@alias, NAME/v3")],
        keys: [KeySpec("on", .text, help: "the frame to predict (default: the current one)")],
        acceptsAlias: true, changesState: true, examples: ["predict lr", "predict lr on=new_passengers as scored", "predict titanic_survival@champion"],
        details: "A frame other than the one the model was trained on gets the model's preparation steps first.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let model = try ModelReference.load(args.word("name")!, context)
        var frame = try args.string("on").map { try context.state.frame(named: $0) } ?? context.state.requireCurrent()
        if frame.name != model.frame { frame = try model.prep.apply(to: frame) }
        let x = try TrainingData.matrix(frame, features: model.features, rows: nil)
        var result = frame
        switch model.predict(x) {
        case .values(let v):
            result = try result.setting(Column(name: "pred_\(model.name)", type: .float, values: v))
        case .classes(let classes, let labels, let probabilities):
            result = try result.setting(Column(name: "pred_\(model.name)", strings: labels.map { classes[$0] }))
            for (k, c) in classes.enumerated() {
                result = try result.setting(Column(name: "proba_\(model.name)_\(c)", type: .float, values: probabilities.map { $0[k] }))
            }
        case .clusters(let labels):
            result = try result.setting(Column(name: "pred_\(model.name)", type: .integer, values: labels.map(Double.init)))
        case .components(let names, let columns):
            for (name, values) in zip(names, columns) { result = try result.setting(Column(name: name, type: .float, values: values)) }
        }
        if let alias = args.alias {
            result = result.renamedFrame(alias)
            context.state.put(result)
        } else if result.name == context.state.currentName {
            context.state.replaceCurrent(result)
        } else {
            context.state.put(result)
        }
        return .frame(FrameSummary(verb: "predicted with \(model.name) into", name: result.name, rows: result.rowCount, columns: result.columnCount))
    }
}
