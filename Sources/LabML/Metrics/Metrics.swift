/// Model-quality metrics with scikit-learn's definitions, conventions and edge cases, so a
/// learner's numbers match what they will see at work. Pure functions over arrays: they
/// return values, throw `DataError` for input scikit-learn refuses, and report (never print)
/// what scikit-learn would warn about, as `MetricWarning`s next to the value.
///
/// Sample weights are not supported; every row counts once.
public enum Metrics {
    /// How per-class precision, recall and F-scores are combined (scikit-learn's `average`).
    public enum Average: String, Sendable, CaseIterable, Codable {
        /// The positive class only; needs at most two classes in y_true and y_pred together.
        case binary
        /// From the total true positives, false negatives and false positives.
        case micro
        /// Unweighted mean over classes.
        case macro
        /// Mean over classes weighted by support (the number of true samples of each).
        case weighted
    }

    /// What a ratio with a zero denominator becomes (scikit-learn's `zero_division`).
    public enum ZeroDivision: String, Sendable, CaseIterable, Codable {
        /// scikit-learn's default: 0, and a warning saying so.
        case warn
        case zero
        case one
        /// NaN, which the averages then skip.
        case nan

        var value: Double {
            switch self {
            case .warn, .zero: return 0
            case .one: return 1
            case .nan: return .nan
            }
        }
    }
}

/// Something scikit-learn would have warned about: the value is defined by convention, or
/// the input looks wrong without being refused. The caller decides how to show it.
public struct MetricWarning: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case undefinedPrecision, undefinedRecall, undefinedFScore
        case noPositiveSamples, noNegativeSamples
        case predictedClassNotInTrue, singleLabel, positiveLabelIgnored
        case probabilitiesDoNotSumToOne, labelsNotSorted, tooFewSamples
    }

    public let kind: Kind
    /// scikit-learn's wording, so it can be looked up.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// A metric's value with what scikit-learn would have warned about while computing it.
public struct MetricValue: Sendable, Equatable {
    public let value: Double
    public let warnings: [MetricWarning]

    public init(_ value: Double, warnings: [MetricWarning] = []) {
        self.value = value
        self.warnings = warnings
    }

    /// Equal values compare equal even when both are NaN (an undefined metric equals itself).
    public static func == (a: MetricValue, b: MetricValue) -> Bool {
        (a.value == b.value || (a.value.isNaN && b.value.isNaN)) && a.warnings == b.warnings
    }
}
