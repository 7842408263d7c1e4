import LabData
import LabML

struct PredictCommand: Command {
    static let spec = CommandSpec(
        "predict", group: .models, summary: "Add a model's predictions (and class probabilities) as columns of a frame",
        positionals: [PositionalSpec("name", .model, help: "a trained model, or a registered one: NAME@alias, NAME/v3")],
        keys: [KeySpec("on", .frame, help: "the frame to predict (default: the current one)")],
        acceptsAlias: true, changesState: true, examples: ["predict lr", "predict lr on=new_passengers as scored", "predict titanic_survival@champion"],
        details: "A frame that has not been through the model's preparation steps (new data, or the file loaded again) is prepared on a copy first; the frame itself only gains the prediction columns.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let model = try ModelReference.load(args.word("name")!, context)
        let frame = try args.string("on").map { try context.state.frame(named: $0) } ?? context.state.requireCurrent()
        // The model's preparation runs on a copy: the frame gains only the prediction columns.
        // New data to predict need not hold the target, nor what the steps that make it read.
        let prepared = try Evaluator.prepared(frame, for: model, applied: context.state.pipeline(for: frame.name), withTarget: false)
        var result = frame
        switch try model.predict(frame: prepared) {
        case .values(let v):
            result = try result.setting(Column(name: "pred_\(model.name)", type: .float, values: v))
        case .classes(let classes, let labels, let probabilities):
            result = try result.setting(Self.classColumn("pred_\(model.name)", classes: classes, labels: labels,
                                                         target: (try? frame.column(model.target))?.type))
            for (k, c) in classes.enumerated() {
                result = try result.setting(Column(name: "proba_\(model.name)_\(c)", type: .float, values: probabilities.column(k)))
            }
        case .clusters(let labels):
            result = try result.setting(Column(name: "pred_\(model.name)", type: .integer, values: labels.map(Double.init)))
        case .components(let names, let columns):
            for (name, values) in zip(names, columns) { result = try result.setting(Column(name: name, type: .float, values: values)) }
        }
        if let alias = args.alias {
            result = result.renamedFrame(alias)
            context.state.put(result, preparedLike: frame.name)
        } else if result.name == context.state.currentName {
            context.state.replaceCurrent(result)
        } else {
            context.state.put(result, preparedLike: frame.name)
        }
        let summary = CommandOutput.frame(FrameSummary(verb: "predicted with \(model.name) into", name: result.name, rows: result.rowCount, columns: result.columnCount))
        return withWarnings(UnseenCategories.find(model, in: prepared).map { .warning(Self.unseenText($0)) }, summary)
    }

    /// "embarked: 2 rows hold categories training never saw (X, Y): predicted as missing ones".
    static func unseenText(_ u: UnseenCategories) -> String {
        let some = u.examples.joined(separator: ", ") + (u.rows > u.examples.count && u.examples.count == 5 ? ", …" : "")
        return "\(u.feature): \(u.rows) row\(u.rows == 1 ? " holds a category" : "s hold categories") training never saw (\(some)); "
            + "the model sends \(u.rows == 1 ? "it" : "them") where it sends missing values, as scikit-learn does"
    }

    /// Predicted classes in the target's own type when the classes are numbers or booleans (so
    /// `filter pred_m == survived` compares like with like), as text otherwise.
    static func classColumn(_ name: String, classes: [String], labels: [Int], target: ColumnType?) -> Column {
        if target != .string {
            if classes.allSatisfy({ $0 == "true" || $0 == "false" }) {
                return Column(name: name, type: .boolean, values: labels.map { classes[$0] == "true" ? 1 : 0 })
            }
            let numbers = classes.compactMap(Double.init)
            if numbers.count == classes.count, numbers.allSatisfy(\.isFinite) {
                let integral = numbers.allSatisfy { $0 == $0.rounded() }
                return Column(name: name, type: target == .float || !integral ? .float : .integer, values: labels.map { numbers[$0] })
            }
        }
        return Column(name: name, strings: labels.map { classes[$0] })
    }
}
