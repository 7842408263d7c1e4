import LabData
import LabML
import LabOps

struct ExportCommand: Command {
    static let spec = CommandSpec(
        "export", group: .tracking, summary: "Write the tracked runs and the registry as an MLflow file store, or Prometheus alerting rules",
        positionals: [
            PositionalSpec("format", .keyword(["mlflow", "alerts"]), help: "mlflow (the runs and the registry) or alerts (Prometheus rules for the metrics prom= writes)"),
            PositionalSpec("path", .path, help: "a new folder (mlflow), or the rules file to write (alerts)"),
        ],
        keys: [
            KeySpec("metric", .text, help: "alerts: also alert when a model's metric (as eval names it) passes bar="),
            KeySpec("bar", .number, help: "alerts: the value metric= must not fall below (a score) or rise above (a loss or an error)"),
        ],
        changesState: false, examples: ["export mlflow mlruns", "export alerts opslab-rules.yml", "export alerts rules.yml metric=roc_auc bar=0.8"],
        details: """
            mlflow: the folder is MLflow's file store: look at it with `mlflow ui --backend-store-uri mlruns`, or read it with
            MlflowClient("mlruns") (newer MLflow asks for MLFLOW_ALLOW_FILE_STORE=true). Deleted runs are exported as deleted.

            alerts: rules for Prometheus' rule_files over the gauges `drift ... prom=` and `eval ... prom=` write: data drift
            (half the columns or more), a drifted column, and with metric= and bar= a model past its bar; `promtool check rules`
            accepts the file.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        if args.word("format") == "alerts" { return try alerts(args) }
        if args.string("metric") != nil || args.string("bar") != nil {
            throw UsageError("metric= and bar= are for export alerts", hint: "export mlflow PATH writes every run as it is")
        }
        var path = args.word("path")!
        if !path.hasPrefix("/") { path = context.environment.workingDirectory + "/" + path }
        let s = try MLflowFileStore.export(from: context.environment.stateDirectory, to: path)
        return .message("exported \(s.runs) run\(s.runs == 1 ? "" : "s") in \(s.experiments) experiment\(s.experiments == 1 ? "" : "s") and \(s.models) registered model\(s.models == 1 ? "" : "s") to \(displayPath(s.path, context.environment)) (MLflow file store)")
    }

    private static func alerts(_ args: Arguments) throws -> CommandOutput {
        let path = args.word("path")!
        var bar: PrometheusRules.Bar?
        switch (args.string("metric"), args.double("bar")) {
        case (nil, nil): break
        case (let metric?, let value?):
            guard PrometheusRules.evaluatedMetrics.contains(metric) else {
                throw UsageError("eval reports no metric '\(metric)'\(Suggestion.didYouMean(metric, in: PrometheusRules.evaluatedMetrics))",
                                 hint: "metrics: \(PrometheusRules.evaluatedMetrics.joined(separator: ", "))")
            }
            bar = PrometheusRules.Bar(metric: metric, value: value, greaterIsBetter: MetricGoal.greaterIsBetter(metric))
        case (nil, _?): throw UsageError("bar= needs metric=: the metric the bar is for", hint: "e.g. export alerts rules.yml metric=roc_auc bar=0.8")
        case (_?, nil): throw UsageError("metric= needs bar=: the value it must not pass", hint: "e.g. export alerts rules.yml metric=roc_auc bar=0.8")
        }
        try FileIO.writeAtomically(Array(PrometheusRules.yaml(bar: bar).utf8), to: path, example: "opslab-rules.yml")
        let count = bar == nil ? 2 : 3
        return .message("wrote \(count) alerting rules to \(path) (add it to rule_files in prometheus.yml; `promtool check rules \(path)` checks it)")
    }
}
