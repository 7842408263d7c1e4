import LabData
import LabML

struct ConfusionCommand: Command {
    static let spec = CommandSpec(
        "confusion", group: .evaluate, summary: "The confusion matrix and per-class report of a classifier",
        positionals: [PositionalSpec("name", .model, help: "a trained classifier")],
        keys: [KeySpec("normalize", .choice(["none", "true", "pred", "all"]), default: "none",
                       help: "counts, or shares of each true class (rows), each predicted class (columns) or of all")]
            + EvaluationSupport.keys,
        changesState: false,
        examples: ["confusion lr", "confusion forest normalize=true"],
        details: "Rows are the true classes, columns the predicted ones (scikit-learn's confusion_matrix); then classification_report.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let (e, classes, truth, _) = try EvaluationSupport.classification(args, context, verb: "confusion")
        guard case .classification(_, _, let predicted, _) = e.outcome else { return .none }
        let matrix = try Metrics.confusionMatrix(truth, predicted, labels: classes)
        let normalize = args.string("normalize") ?? "none"
        let cells: [[Cell]]
        if let over = Metrics.ConfusionMatrix<String>.Normalization(rawValue: normalize) {
            cells = matrix.normalized(over: over).map { $0.map { .fixed($0, decimals: 3) } }
        } else {
            cells = matrix.rows.map { $0.map { .number(Double($0), .integer) } }
        }
        let rows = zip(classes, cells).map { [Cell.text($0)] + $1 }
        let confusion = ResultTable(title: "\(e.model) on \(EvaluationSupport.describe(e)): actual (rows) × predicted (columns)",
                                    columns: ["actual \\ predicted"] + classes, numericColumns: Set(1...classes.count), rows: rows)
        let report = try Metrics.classificationReport(truth, predicted, labels: classes)
        func line(_ name: String, _ r: Metrics.ClassificationReport<String>.Row) -> [Cell] {
            [.text(name), .fixed(r.precision, decimals: 4), .fixed(r.recall, decimals: 4), .fixed(r.f1, decimals: 4), .number(Double(r.support), .integer)]
        }
        var reportRows = zip(classes, report.classes).map { line($0, $1) }
        if let accuracy = report.accuracy {
            reportRows.append([.text("accuracy"), .text(""), .text(""), .fixed(accuracy, decimals: 4), .number(Double(e.rows), .integer)])
        }
        reportRows += [line("macro avg", report.macroAverage), line("weighted avg", report.weightedAverage)]
        let reportTable = ResultTable(title: "classification report", columns: ["class", "precision", "recall", "f1", "support"],
                                      numericColumns: [1, 2, 3, 4], rows: reportRows)
        let said = MetricWarningText(classes: classes, truth: truth, predicted: predicted)
        var warnings: [String] = []
        for text in said.texts(report.warnings) where !warnings.contains(text) { warnings.append(text) }
        return .group([.table(confusion), .table(reportTable)] + warnings.map { .warning($0) })
    }
}
