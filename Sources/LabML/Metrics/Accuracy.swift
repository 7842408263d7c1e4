extension Metrics {
    /// The fraction of rows whose predicted label equals the true label (`accuracy_score`).
    public static func accuracy<L: MetricLabel>(_ yTrue: [L], _ yPred: [L]) throws -> Double {
        let t = try CodedTargets(yTrue, yPred)
        let hits = t.counts().correct.reduce(0, +)
        return Double(hits) / Double(yTrue.count)
    }

    /// The mean of per-class recall over the classes present in y_true
    /// (`balanced_accuracy_score`). Classes that are only predicted are left out, with a
    /// warning. `adjusted` rescales so that chance scores 0 and perfect scores 1.
    public static func balancedAccuracy<L: MetricLabel>(_ yTrue: [L], _ yPred: [L], adjusted: Bool = false) throws -> MetricValue {
        let t = try CodedTargets(yTrue, yPred)
        let c = t.counts()
        var perClass: [Double] = []
        for k in t.classes.indices where c.actual[k] > 0 { perClass.append(Double(c.correct[k]) / Double(c.actual[k])) }
        var warnings: [MetricWarning] = []
        if perClass.count < t.classes.count {
            warnings.append(MetricWarning(.predictedClassNotInTrue, "y_pred contains classes not in y_true"))
        }
        var score = Summation.sum(perClass) / Double(perClass.count)
        if adjusted {
            let chance = 1 / Double(perClass.count)
            score -= chance
            score /= 1 - chance
        }
        return MetricValue(score, warnings: warnings)
    }
}
