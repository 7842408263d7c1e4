import LabData

/// y_true reduced to "positive or not" for the score-based binary metrics, with the
/// positive class chosen by the rule of the scikit-learn function being mirrored.
struct BinaryTarget {
    let codes: [Int32]
    /// The code of the positive class in `codes`; -1 when it does not occur in y_true.
    let positive: Int32
    /// How many distinct labels y_true holds.
    let classCount: Int

    enum Rule {
        /// roc_curve, precision_recall_curve (pos_label=None): y_true in {0, 1} or {-1, 1}.
        case zeroOrMinusOneAndOne
        /// roc_auc_score: the greater of exactly two labels.
        case greaterOfTwo
        /// average_precision_score (pos_label=1): 1 unless named.
        case one
        /// brier_score_loss: as for curves, else the greatest label if the labels are numbers.
        case greatestNumber
    }

    init<L: MetricLabel>(_ yTrue: [L], scores: Int, positive named: L?, rule: Rule, scoreName: String = "y_score") throws {
        try MetricChecks.pair(yTrue.count, scores, "y_true", scoreName)
        let coded = try L.labelCodes([yTrue], names: ["y_true"])
        let classes = coded.classes
        codes = coded.codes[0]
        classCount = classes.count
        let label: L
        if let named {
            label = named
            if rule == .one, classes.count == 2, !classes.contains(named) {
                throw DataError("pos_label=\(MetricChecks.quoted(named)) is not a valid label. It should be one of \(MetricChecks.list(classes))",
                                hint: "the positive class must be one of the labels in y_true")
            }
        } else {
            switch rule {
            case .greaterOfTwo:
                label = classes[classes.count - 1]
            case .one:
                guard let one = L.labelOne else {
                    throw DataError("pos_label=1 is not a valid label. It should be one of \(MetricChecks.list(classes))",
                                    hint: "name the positive class, e.g. positive=\(classes.last!.description)")
                }
                if classes.count == 2, !classes.contains(one) {
                    throw DataError("pos_label=1 is not a valid label. It should be one of \(MetricChecks.list(classes))",
                                    hint: "name the positive class, e.g. positive=\(classes.last!.description)")
                }
                label = one
            case .zeroOrMinusOneAndOne, .greatestNumber:
                if let one = Self.conventionalPositive(classes) {
                    label = one
                } else if rule == .greatestNumber, classes.last!.labelNumber != nil {
                    label = classes[classes.count - 1]
                } else {
                    let shown = "{" + classes.map { MetricChecks.quoted($0) }.joined(separator: ", ") + "}"
                    throw DataError("y_true takes value in \(shown) and pos_label is not specified: either make y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.",
                                    hint: "name the positive class, e.g. positive=\(classes.last!.description)")
                }
            }
        }
        positive = classes.firstIndex(of: label).map(Int32.init) ?? -1
    }

    /// scikit-learn's `_check_pos_label_consistency`: 1 when the labels are {0, 1}, {-1, 1}
    /// or just one of 0, -1 and 1.
    static func conventionalPositive<L: MetricLabel>(_ classes: [L]) -> L? {
        let numbers = classes.compactMap(\.labelNumber)
        guard numbers.count == classes.count, [[0, 1], [-1, 1], [0], [-1], [1]].contains(numbers) else { return nil }
        return L.labelOne
    }

    var positiveCount: Int { codes.reduce(0) { $0 + ($1 == positive ? 1 : 0) } }
}
