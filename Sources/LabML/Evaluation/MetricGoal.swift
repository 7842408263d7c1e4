/// Whether a larger value of a metric is better, so searches and "best" pick the right end.
public enum MetricGoal {
    /// Losses and errors: smaller is better.
    static let smallerIsBetter: Set<String> = ["log_loss", "brier", "mse", "rmse", "mae", "mape", "inertia"]

    public static func greaterIsBetter(_ metric: String) -> Bool { !smallerIsBetter.contains(metric) }

    /// What a task is scored by when the user names no metric: scikit-learn's `score`
    /// (accuracy for classifiers, R² for regressors).
    public static func defaultMetric(for task: ModelTask) -> String {
        switch task {
        case .classification: return "accuracy"
        case .regression: return "r2"
        case .clustering: return "inertia"
        case .decomposition: return ""
        }
    }
}
