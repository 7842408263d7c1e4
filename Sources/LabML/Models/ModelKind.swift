/// A parameter a model kind accepts, with the default written into scripts.
public struct ParameterSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(min: Double, max: Double)
        case integer(min: Int, max: Int)
        case choice([String])
    }
    public let name: String
    public let kind: Kind
    public let defaultValue: String
    public let help: String

    public init(_ name: String, _ kind: Kind, default defaultValue: String, help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }
}

/// What a model learns to do.
public enum ModelTask: String, Sendable, Codable {
    case classification, regression
}

/// The model kinds `train` knows, each with its parameters and their scikit-learn defaults.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case linear, ridge, lasso, logistic

    public var summary: String {
        switch self {
        case .linear: return "least squares linear regression (scikit-learn LinearRegression)"
        case .ridge: return "linear regression with an L2 penalty alpha (Ridge)"
        case .lasso: return "linear regression with an L1 penalty alpha, by coordinate descent (Lasso)"
        case .logistic: return "logistic regression, L2 penalty 1/C, binary or multinomial (LogisticRegression, lbfgs)"
        }
    }

    public var task: ModelTask {
        switch self {
        case .linear, .ridge, .lasso: return .regression
        case .logistic: return .classification
        }
    }

    public var parameters: [ParameterSpec] {
        switch self {
        case .linear: return []
        case .ridge: return [ParameterSpec("alpha", .number(min: 0, max: 1e12), default: "1.0", help: "L2 penalty strength")]
        case .lasso:
            return [ParameterSpec("alpha", .number(min: 0, max: 1e12), default: "1.0", help: "L1 penalty strength"),
                    ParameterSpec("max_iter", .integer(min: 1, max: 1_000_000), default: "1000", help: "coordinate descent passes at most"),
                    ParameterSpec("tol", .number(min: 0, max: 1), default: "0.0001", help: "stop when the duality gap is this small")]
        case .logistic:
            return [ParameterSpec("C", .number(min: 1e-12, max: 1e12), default: "1.0", help: "inverse penalty strength: larger C, weaker penalty"),
                    ParameterSpec("penalty", .choice(["l2", "none"]), default: "l2", help: "l2, or none for an unpenalised fit"),
                    ParameterSpec("max_iter", .integer(min: 1, max: 1_000_000), default: "100", help: "optimizer iterations at most")]
        }
    }
}
