import LabData
import LabML

/// Where a frame's data came from, pinned by content hash so a replay on changed data fails loudly.
public struct DatasetPin: Sendable, Equatable {
    public let source: String
    public let sha256: String
    public let bundled: Bool
}

/// Everything a session has built, as one value. A command gets a copy, changes it,
/// and the shell keeps the copy only if the command succeeds.
public struct SessionState: Sendable {
    public private(set) var frames: [String: Frame] = [:]
    /// Frame names in the order they were created, for listing and completion.
    public private(set) var frameOrder: [String] = []
    public var currentName: String?
    public private(set) var pins: [String: DatasetPin] = [:]
    /// The fitted preparation steps of each frame, by frame name.
    public private(set) var pipelines: [String: PrepPipeline] = [:]
    public private(set) var models: [String: TrainedModel] = [:]
    /// Model names in the order they were trained.
    public private(set) var modelOrder: [String] = []
    /// The experiment new runs are recorded in (`experiment NAME`).
    public var experiment = "Default"
    /// An MLflow tracking server every run is also sent to (`track to=URL`), if any.
    public var trackingServer: String?
    /// The latest evaluation of each model, by model name (what `eval` showed).
    public private(set) var evaluations: [String: Evaluation] = [:]
    /// The command that made each frame not loaded from a file (`sql ... as old`), for `frames`.
    public private(set) var origins: [String: String] = [:]

    /// Notes the command that made frame `name`.
    public mutating func noteOrigin(_ line: String, of name: String) { origins[name] = line }

    public init() {}

    public var current: Frame? { currentName.flatMap { frames[$0] } }

    /// The current frame, or an error telling the user how to get one.
    public func requireCurrent() throws -> Frame {
        guard let f = current else {
            throw UsageError("no data loaded yet", hint: "load a dataset first, e.g. `load titanic` (`datasets` lists them)")
        }
        return f
    }

    public func frame(named name: String) throws -> Frame {
        if let f = frames[name] { return f }
        // A file given where a frame is meant: it is loaded first, under a name.
        let lower = name.lowercased()
        if name.contains("/") || [".csv", ".tsv", ".txt", ".db", ".gz"].contains(where: lower.hasSuffix) {
            let stem = (name.split(separator: "/").last?.split(separator: ".").first).map(String.init) ?? ""
            let word = String(stem.map { $0.isLetter || $0.isNumber ? $0 : "_" })
            let frameName = word.first?.isLetter == true ? word : "new"
            throw UsageError("'\(name)' is a file, not a frame: frames are loaded first and then named",
                             hint: "load \(CommandText.quoteIfNeeded(name)) as \(frameName), then use \(frameName) here")
        }
        throw UsageError("no frame named '\(name)'\(Suggestion.didYouMean(name, in: frameOrder))",
                         hint: frameOrder.isEmpty ? "nothing is loaded yet: `load \(name)` if it is a bundled dataset (`datasets` lists them), or `load FILE.csv as \(name)`"
                             : "frames: \(frameOrder.joined(separator: ", "))")
    }

    /// Stores `frame` under its name and makes it current.
    public mutating func put(_ frame: Frame, pin: DatasetPin? = nil) {
        if frames[frame.name] == nil { frameOrder.append(frame.name) }
        frames[frame.name] = frame
        pipelines[frame.name] = nil
        if let pin { pins[frame.name] = pin }
        currentName = frame.name
    }

    public func pipeline(for name: String) -> PrepPipeline { pipelines[name] ?? PrepPipeline() }

    /// Records a fitted step in the pipeline of frame `name`.
    public mutating func appendStep(_ step: PrepStep, to name: String, fittedOnAllRows: Bool) {
        var p = pipeline(for: name)
        p.append(step, fittedOnAllRows: fittedOnAllRows)
        pipelines[name] = p
    }

    /// A new split of frame `name` moved rows its fitted steps learned from into the test part.
    public mutating func markResplit(_ name: String) {
        var p = pipeline(for: name)
        p.markResplit()
        pipelines[name] = p
    }

    public mutating func putModel(_ model: TrainedModel) {
        if models[model.name] == nil { modelOrder.append(model.name) }
        models[model.name] = model
        // A retrained model has not been evaluated yet.
        evaluations[model.name] = nil
    }

    public mutating func putEvaluation(_ evaluation: Evaluation) {
        evaluations[evaluation.model] = evaluation
    }

    public func model(named name: String) throws -> TrainedModel {
        if let m = models[name] { return m }
        throw UsageError("no model named '\(name)'\(Suggestion.didYouMean(name, in: modelOrder))",
                         hint: modelOrder.isEmpty ? "train one first: train KIND target=COLUMN as \(name); help train lists the kinds"
                                                  : "models: \(modelOrder.joined(separator: ", "))")
    }

    /// Stores `frame` (made from frame `source` without changing its prepared columns) and makes
    /// it current; it has been through the same preparation steps as `source`.
    public mutating func put(_ frame: Frame, preparedLike source: String) {
        let pipeline = pipelines[source]
        put(frame)
        pipelines[frame.name] = pipeline
    }

    /// Replaces the current frame with a changed version of itself.
    public mutating func replaceCurrent(_ frame: Frame) {
        frames[frame.name] = frame
        currentName = frame.name
    }
}
