import LabData
import LabML
import LabOps

/// A check that cannot be answered from the state as it is (no such frame, no split yet):
/// the check fails with this message; it never stops the shell.
public struct CheckFailure: LabError, Equatable {
    public let message: String
    public let hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// The vocabulary of lesson checks: what names, calls and member calls mean over the
/// session state. It is the resolver the shared expression language asks for every name
/// it does not know, so checks get arithmetic, comparisons and and/or/not for free.
/// lessons/README.md lists the vocabulary for authors.
struct StateQuery {
    let state: SessionState
    let environment: Environment

    /// What a name or call stands for, before a member is taken from it.
    enum Subject {
        case frame(Frame)
        case split(Frame)
        case prep(frame: String, PrepPipeline)
        case model(TrainedModel)
        case models
    }

    func resolve(_ node: ExpressionNode) throws -> Value? {
        switch node {
        case .identifier(let name):
            switch name {
            case "frames": return .number(Double(state.frameOrder.count))
            case "models": return .number(Double(state.modelOrder.count))
            case "current": return state.currentName.map { .string($0) } ?? .missing
            case "split": return .bool(TrainingRows(try currentFrame()).isSplit)
            case "prep": return .number(Double(state.pipeline(for: try currentFrame().name).steps.count))
            case "experiment": return .string(state.experiment)
            case "runs": return try tracking.runs(experiment: state.experiment)
            default: return nil
            }
        case .call(let name, let args):
            switch name {
            case "frame": return .bool(state.frames[try text(args, 0, name)] != nil)
            case "model": return .bool(state.models[try text(args, 0, name)] != nil)
            case "versions": return .number(Double(try versionCount(try text(args, 0, name))))
            case "stored": return .bool(try storedTables().contains(try text(args, 0, name)))
            case "file": return .bool(FileIO.exists(try text(args, 0, name)))
            case "runs": return try tracking.runs(experiment: try text(args, 0, name))
            case "tagged": return try tracking.tagged(try text(args, 0, name), try text(args, 1, name))
            case "registered": return try tracking.registered(try text(args, 0, name))
            case "alias": return try tracking.alias(try text(args, 0, name))
            default: return nil
            }
        case .member(let target, let name, let args):
            let values = try (args ?? []).map { try $0.evaluateValue(resolving: resolve) }
            return try member(try subject(target), name, values, call: args != nil)
        default:
            return nil
        }
    }

    // MARK: - Subjects

    func subject(_ node: ExpressionNode) throws -> Subject {
        switch node {
        case .identifier("current"): return .frame(try currentFrame())
        case .identifier("split"): return .split(try currentFrame())
        case .identifier("prep"):
            let f = try currentFrame()
            return .prep(frame: f.name, state.pipeline(for: f.name))
        case .identifier("models"): return .models
        case .call("frame", let args): return .frame(try state.frame(named: try text(args, 0, "frame")))
        case .call("split", let args): return .split(try state.frame(named: try text(args, 0, "split")))
        case .call("prep", let args):
            let name = try text(args, 0, "prep")
            _ = try state.frame(named: name)
            return .prep(frame: name, state.pipeline(for: name))
        case .call("model", let args): return .model(try state.model(named: try text(args, 0, "model")))
        default:
            throw CheckFailure("'\(node)' is not something a check can look into",
                               hint: "checks start from frame(\"NAME\"), current, split, prep, model(\"NAME\") or models")
        }
    }

    private var tracking: TrackingFacts { TrackingFacts(stateDirectory: environment.stateDirectory) }

    private func currentFrame() throws -> Frame {
        guard let f = state.current else { throw CheckFailure("no data is loaded", hint: "load a dataset first, e.g. `load titanic`") }
        return f
    }

    /// The text argument at `index` of a call such as `frame("titanic")`.
    private func text(_ args: [ExpressionNode], _ index: Int, _ call: String) throws -> String {
        guard index < args.count, case .string(let s) = try args[index].evaluateValue(resolving: resolve) else {
            throw CheckFailure("\(call)(...) needs \(index == 0 ? "a name" : "argument \(index + 1)") in quotes, e.g. \(Self.examples[call] ?? "\(call)(\"titanic\")")")
        }
        return s
    }

    /// How each call that takes names is written, for the message when one is missing.
    private static let examples = ["runs": #"runs("titanic-depth")"#, "tagged": #"tagged("stage", "candidate")"#,
                                   "registered": #"registered("titanic_survival")"#, "alias": #"alias("titanic_survival@champion")"#,
                                   "file": #"file(".opslab/lesson.lab")"#]

    // MARK: - Members

    func member(_ subject: Subject, _ name: String, _ args: [Value], call: Bool) throws -> Value {
        switch subject {
        case .frame(let f): return try FrameFacts(frame: f).member(name, args)
        case .split(let f): return try SplitFacts(frame: f).member(name, args)
        case .prep(let frame, let p): return try PrepFacts(frame: frame, pipeline: p).member(name, args)
        case .model(let m): return try ModelFacts(model: m, state: state).member(name, args)
        case .models:
            switch name {
            case "count": return .number(Double(state.modelOrder.count))
            case "has": return .bool(state.models[try Facts.text(args, 0, "models.has")] != nil)
            case "of":
                let kind = try Facts.text(args, 0, "models.of")
                return Facts.number(state.models.values.filter { $0.kind.rawValue == kind }.count)
            default: throw Facts.unknown(name, of: "models", known: ["count", "has", "of"])
            }
        }
    }

    private func versionCount(_ name: String) throws -> Int {
        do {
            return try DatasetVersions.list(name: name, in: environment.stateDirectory).count
        } catch let e as LabError {
            throw CheckFailure("dataset versions cannot be read: \(e.message)", hint: e.hint)
        }
    }

    /// Tables in the default warehouse, `.opslab/warehouse.db` (none if it does not exist yet).
    private func storedTables() throws -> [String] {
        let path = StoreCommand.defaultPath(environment)
        guard FileIO.exists(path) else { return [] }
        return (try? Warehouse.tables(path: path)) ?? []
    }
}

/// Helpers shared by the member tables.
enum Facts {
    static func text(_ args: [Value], _ index: Int, _ what: String) throws -> String {
        guard index < args.count, case .string(let s) = args[index] else {
            throw CheckFailure("\(what) needs a name in quotes as argument \(index + 1)")
        }
        return s
    }

    static func unknown(_ name: String, of subject: String, known: [String]) -> CheckFailure {
        CheckFailure("\(subject) has no '\(name)'\(Suggestion.didYouMean(name, in: known))", hint: "\(subject) has: \(known.joined(separator: ", "))")
    }

    static func number(_ x: Int) -> Value { .number(Double(x)) }
}
