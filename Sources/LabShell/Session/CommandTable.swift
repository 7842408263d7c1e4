import LabData
import LabML

/// The compact table of every command the shell knows, in help order.
public struct CommandTable: Sendable {
    public let commands: [any Command.Type]

    public static let standard = CommandTable(commands: [
        LoadCommand.self, DatasetsCommand.self, FramesCommand.self, UseCommand.self, WriteCommand.self,
        SQLCommand.self, StoreCommand.self, VersionsCommand.self, DiffCommand.self,
        ShowCommand.self, DescribeCommand.self, ColumnsCommand.self, CountsCommand.self, CorrCommand.self, ScatterCommand.self, BoxCommand.self, OutliersCommand.self, MissingCommand.self, DuplicatesCommand.self,
        SelectCommand.self, DropCommand.self, RenameCommand.self, FilterCommand.self, DeriveCommand.self,
        SortCommand.self, SampleCommand.self,
        SplitCommand.self, ImputeCommand.self, EncodeCommand.self, ScaleCommand.self, BinCommand.self, LogCommand.self,
        ClipCommand.self, PrepCommand.self, ApplyCommand.self, FeaturesCommand.self,
        TrainCommand.self, ModelsCommand.self, ModelCommand.self, PredictCommand.self, ImportCommand.self,
        EvalCommand.self, ROCCommand.self, PRCommand.self, ConfusionCommand.self, ThresholdCommand.self, ExpectCommand.self,
        CVCommand.self, TuneCommand.self, CurveCommand.self, ImportanceCommand.self, DriftCommand.self,
        ExperimentCommand.self, RunsCommand.self, RunCommand.self, CompareCommand.self, BestCommand.self, PlotCommand.self,
        TagCommand.self, NoteCommand.self, DeleteCommand.self, RestoreCommand.self,
        RegisterCommand.self, AliasCommand.self, RegistryCommand.self, TrackCommand.self, ExportCommand.self,
        UndoCommand.self, HistoryCommand.self, SaveCommand.self, ExitCommand.self,
        LessonsCommand.self, LessonCommand.self, NextCommand.self, CheckCommand.self, HintCommand.self, SkipCommand.self,
        AnswerCommand.self, BackCommand.self, RestartCommand.self, ProgressCommand.self, ByeCommand.self,
        HelpCommand.self, ExplainCommand.self,
    ])

    public var verbs: [String] { commands.map { $0.spec.verb } }

    public func command(for verb: String) -> (any Command.Type)? {
        commands.first { $0.spec.verb == verb || $0.spec.aliases.contains(verb) }
    }

    /// `words`: what followed the verb; `current`: the current frame. An unknown verb from pandas or
    /// SQL is answered in their terms where they name its columns.
    public func lookup(_ verb: String, words: [String] = [], current: (name: String, frame: Frame)? = nil) throws -> any Command.Type {
        if let c = command(for: verb) { return c }
        // A model kind typed as a command: the learner meant to train one.
        if let kind = ModelKind(rawValue: verb.lowercased()) {
            let target = kind.task(parameters: [:]).needsTarget ? " target=COLUMN" : ""
            throw UsageError("unknown command '\(verb)': \(kind.rawValue) is a model kind (did you mean 'train \(kind.rawValue)'?)",
                             hint: "train \(kind.rawValue)\(target) as NAME; help train lists the kinds and their parameters")
        }
        if let way = ForeignVerbs.way(verb, words: words, current: current) {
            throw UsageError("unknown command '\(verb)': \(way.what)", hint: "e.g. \(way.how)")
        }
        // `df.head()`, `df.groupby("sex")`: pandas typed as it is written in Python.
        if let method = ForeignVerbs.pythonMethod(verb) {
            let typed = "unknown command '\(verb)': commands are words, not Python calls"
            if let c = command(for: method.lowercased()) {
                throw UsageError("\(typed) (did you mean '\(c.spec.verb)'?)", hint: "e.g. \(c.spec.examples.first ?? c.spec.verb)")
            }
            if let way = ForeignVerbs.way(method, words: [String(verb.drop { $0 != "(" })] + words, current: current) {
                throw UsageError("\(typed); \(way.what)", hint: "e.g. \(way.how)")
            }
        }
        let all = commands.flatMap { [$0.spec.verb] + $0.spec.aliases }
        throw UsageError("unknown command '\(verb)'\(Suggestion.didYouMean(verb, in: all))",
                         hint: "commands: \(verbs.joined(separator: " ")); `help` says what each does")
    }
}
