#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData
import LabML

struct CurveCommand: Command {
    static let spec = CommandSpec(
        "curve", group: .evaluate, summary: "Learning curve (score by training size) or validation curve (score by a parameter)",
        positionals: [
            PositionalSpec("which", .keyword(["learning", "validation"]), help: "learning: by training rows; validation: by a parameter's value"),
            PositionalSpec("kind", .keyword(ModelKind.allCases.map(\.rawValue)), help: "the kind of model"),
        ],
        keys: [
            KeySpec("param", .text, help: "validation: the parameter to vary"),
            KeySpec("values", .text, help: "validation: its values, e.g. 1..12 or 0.01,0.1,1"),
        ] + RecipeArguments.searchKeys + RecipeArguments.keys,
        changesState: false,
        examples: ["curve learning tree target=survived max_depth=4", "curve validation tree target=survived param=max_depth values=1..12"],
        details: """
            Both scores come from cross-validation on the training rows. A wide gap between training and validation \
            score is variance (overfitting); both low is bias (underfitting).
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let kind = ModelKind(rawValue: args.word("kind")!)!
        let (recipe, frame) = try RecipeArguments.recipe(args, kind: kind, context)
        let folds = args.int("folds") ?? 5
        let metric = args.string("metric").map(MetricNames.canonical)
        let curve: ScoreCurve
        let xLabel: String
        if args.word("which") == "validation" {
            guard let parameter = args.string("param"), let text = args.string("values") else {
                throw UsageError("a validation curve needs param= and values=", hint: "e.g. curve validation tree target=survived param=max_depth values=1..12")
            }
            guard kind.parameters.contains(where: { $0.name == parameter }) else {
                throw DataError("\(parameter)= is not a parameter of \(kind.rawValue)\(Suggestion.didYouMean(parameter, in: kind.parameters.map(\.name)))",
                                hint: "\(kind.rawValue) takes: \(kind.parameters.map { $0.name + "=" }.joined(separator: ", "))")
            }
            curve = try ScoreCurve.validation(recipe, on: frame, parameter: parameter, values: GridSearch.expand(text, name: parameter), folds: folds,
                                              seed: args.seed(), metric: metric)
            xLabel = parameter
        } else {
            curve = try ScoreCurve.learning(recipe, on: frame, folds: folds, seed: args.seed(), metric: metric)
            xLabel = "training rows"
        }
        let numbers = curve.points.compactMap { Double($0.x) }
        let numericX = numbers.count == curve.points.count
        // Values spread over decades (C=0.01,0.1,1,10) are read on a log axis, or all but the last crowd the left edge.
        let logX = numericX && (numbers.min() ?? 0) > 0 && (numbers.max() ?? 0) >= 100 * (numbers.min() ?? 0)
        func x(_ i: Int) -> Double { numericX ? (logX ? log10(numbers[i]) : numbers[i]) : Double(i) }
        let axis = logX ? "log10 \(xLabel)" : xLabel + (numericX ? "" : " (in order)")
        let plot = Plot(title: "\(args.word("which")!) curve of \(kind.rawValue) on \(frame.name)", xLabel: axis,
                        yLabel: curve.metric,
                        series: [Plot.Series(name: "training", points: curve.points.indices.map { (x($0), curve.points[$0].train.mean) }),
                                 Plot.Series(name: "validation", points: curve.points.indices.map { (x($0), curve.points[$0].validation.mean) })])
        // Inertia is a sum over the rows scored, and the validation folds hold a fraction of them:
        // the two lines differ by that alone, so no gap is shown, and the note says what to read.
        let summed = curve.metric == "inertia"
        let rows = curve.points.map { p -> [Cell] in
            [.text(p.x), RecipeArguments.meanStd(p.train), RecipeArguments.meanStd(p.validation)]
                + (summed ? [] : [.fixed(p.train.mean - p.validation.mean, decimals: 4)])
        }
        var plotted = plot
        if summed {
            plotted.notes = ["inertia adds up over the rows scored, and a validation fold holds 1/\(folds) of them: read each line's shape "
                             + "(the elbow, where one more cluster stops paying), not the distance between the lines"]
        }
        return .group([.plot(plotted), .table(ResultTable(columns: [xLabel, "training \(curve.metric)", "validation \(curve.metric)"] + (summed ? [] : ["gap"]),
                                                          numericColumns: Set(0...(summed ? 2 : 3)), rows: rows))])
    }
}
