/// Prometheus alerting rules for the gauges opslab writes (`drift ... prom=`, `eval ... prom=`):
/// a file for Prometheus' `rule_files`, so a drift or a model below its bar pages someone
/// instead of waiting in a file.
public enum PrometheusRules {
    /// A bar a model's metric must stay on the right side of (the `expect` of a running model):
    /// at or above it for scores, at or below it for losses and errors.
    public struct Bar: Sendable, Equatable {
        public let metric: String
        public let value: Double
        public let greaterIsBetter: Bool

        public init(metric: String, value: Double, greaterIsBetter: Bool) {
            self.metric = metric
            self.value = value
            self.greaterIsBetter = greaterIsBetter
        }
    }

    /// The metrics `eval` reports, by which a bar can be set.
    public static let evaluatedMetrics = [
        "accuracy", "balanced_accuracy", "precision", "recall", "f1", "roc_auc", "average_precision", "brier", "log_loss",
        "precision_macro", "recall_macro", "f1_macro", "precision_weighted", "recall_weighted", "f1_weighted",
        "roc_auc_ovr_macro", "roc_auc_ovr_weighted", "r2", "mse", "rmse", "mae", "mape", "inertia", "silhouette",
    ]

    /// The rules as YAML: data drift (half the columns or more), a drifted column, and a model
    /// metric below `bar` when one is given.
    public static func yaml(bar: Bar?) -> String {
        var rules = [
            rule(alert: "OpslabDataDrift", expr: "opslab_drift_share >= 0.5", severity: "warning",
                 summary: "Data drift in {{ $labels.frame }}",
                 description: "{{ $value | humanizePercentage }} of the columns of {{ $labels.frame }} drifted against {{ $labels.reference }}."),
            rule(alert: "OpslabColumnDrift", expr: "opslab_drift_detected == 1", severity: "info",
                 summary: "{{ $labels.column }} of {{ $labels.frame }} drifted",
                 description: "The values of {{ $labels.column }} in {{ $labels.frame }} moved from {{ $labels.reference }} (drift score at or above its threshold, or a changed type)."),
        ]
        if let bar {
            let (side, word) = bar.greaterIsBetter ? ("<", "below") : (">", "above")
            rules.append(rule(alert: "OpslabModelPastBar", expr: "opslab_model_metric{metric=\"\(bar.metric)\"} \(side) \(number(bar.value))", severity: "critical",
                              summary: "{{ $labels.model }}: \(bar.metric) \(word) \(number(bar.value))",
                              description: "{{ $labels.model }} has \(bar.metric) {{ $value }} on the {{ $labels.rows }} rows of {{ $labels.frame }}, \(word) its bar of \(number(bar.value))."))
        }
        return "# Prometheus alerting rules for the metrics opslab writes (eval ... prom=, drift ... prom=).\n"
            + "# Add this file to rule_files in prometheus.yml; `promtool check rules` checks it.\n"
            + "groups:\n  - name: opslab\n    rules:\n" + rules.joined()
    }

    private static func rule(alert: String, expr: String, severity: String, summary: String, description: String) -> String {
        """
              - alert: \(alert)
                expr: \(quoted(expr))
                labels:
                  severity: \(severity)
                annotations:
                  summary: \(quoted(summary))
                  description: \(quoted(description))

        """
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    private static func number(_ x: Double) -> String { PrometheusText.number(x) }
}
