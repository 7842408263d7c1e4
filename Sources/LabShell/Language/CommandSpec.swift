/// What a positional argument holds; drives parsing, completion and help.
public enum ArgumentKind: Sendable, Equatable {
    /// A new name (frame alias, derived column).
    case name
    case column
    case frame
    /// A bundled dataset name or a CSV path.
    case source
    case path
    /// A fixed word from a list.
    case keyword([String])
    /// The raw rest of the line, in the expression language.
    case expression
    /// `column [asc|desc]` repeated.
    case sortKeys
    /// A command name.
    case verb
    /// A trained model's name, or a registered one (`NAME@alias`, `NAME/v3`).
    case model
    /// A tracked run's id (a unique prefix will do).
    case run
    /// Free text (a note), usually quoted.
    case text
    /// The words of a condition after `where`, quoted strings kept quoted; keys stay options.
    case condition
    /// A number or word taken as it is (a quiz answer).
    case value
    /// A lesson id or number (or a word such as `save` the lesson command also takes).
    case lesson
}

public struct PositionalSpec: Sendable {
    public let name: String
    public let kind: ArgumentKind
    public let optional: Bool
    public let variadic: Bool
    public let help: String

    public init(_ name: String, _ kind: ArgumentKind, optional: Bool = false, variadic: Bool = false, help: String) {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.variadic = variadic
        self.help = help
    }
}

/// The type of a `key=value` argument.
public enum KeyType: Sendable, Equatable {
    case integer(min: Int, max: Int)
    case number
    case text
    case flag
    case choice([String])
    case columns
    /// One column name (completed from the current frame's columns).
    case column
    /// A loaded frame's name (completed from the session's frames).
    case frame
    case seed

    var label: String {
        switch self {
        case .integer: return "integer"
        case .number: return "number"
        case .text: return "text"
        case .flag: return "true|false"
        case .choice(let c): return c.joined(separator: "|")
        case .columns: return "col,col,..."
        case .column: return "column"
        case .frame: return "frame"
        case .seed: return "seed (integer)"
        }
    }
}

public struct KeySpec: Sendable {
    public let name: String
    public let type: KeyType
    /// Written into the journal and saved scripts when the user leaves the key out.
    public let defaultValue: String?
    public let help: String
    /// Recorded in scripts even when it equals the default (seeds must be explicit).
    public let alwaysRecorded: Bool
    /// The command cannot run without it.
    public let required: Bool
    /// A lone number last on the line is this option's value (`show 5`) although the command
    /// has other numeric options; a command with one numeric option needs no mark.
    public let takesBareNumber: Bool

    public init(_ name: String, _ type: KeyType, default defaultValue: String? = nil, alwaysRecorded: Bool = false, required: Bool = false,
                takesBareNumber: Bool = false, help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.help = help
        self.alwaysRecorded = alwaysRecorded
        self.required = required
        self.takesBareNumber = takesBareNumber
    }

    var isNumeric: Bool {
        if case .integer = type { return true }
        return type == .number
    }
}

public enum CommandGroup: String, Sendable, CaseIterable {
    case data = "Data"
    case reshape = "Reshape"
    case prepare = "Prepare"
    case models = "Models"
    case evaluate = "Evaluate"
    case tracking = "Tracking"
    case session = "Session"
    case lessons = "Lessons"
    case help = "Help"
}

/// Everything the shell knows about a verb: the single source for parsing, help,
/// completion, error messages and how the command is written back into a script.
public struct CommandSpec: Sendable {
    public let verb: String
    public let aliases: [String]
    public let group: CommandGroup
    public let summary: String
    public let positionals: [PositionalSpec]
    public let keys: [KeySpec]
    /// Accepts a trailing `as NAME`.
    public let acceptsAlias: Bool
    /// What `as NAME` names: a frame, or a model for the commands that make one.
    public let aliasNames: String
    /// Accepts `old=new` pairs whose keys are column names.
    public let acceptsColumnPairs: Bool
    public let changesState: Bool
    public let examples: [String]
    public let details: String?
    /// The numeric options a lone number last on the line could be for: the one marked, or all
    /// numeric ones (it is taken only when that is exactly one).
    var bareNumberCandidates: [KeySpec] {
        let marked = keys.filter(\.takesBareNumber)
        return marked.isEmpty ? keys.filter(\.isNumeric) : marked
    }

    /// The option a lone number last on the line is for, if there is one.
    var bareNumberKey: KeySpec? { bareNumberCandidates.count == 1 ? bareNumberCandidates[0] : nil }

    /// What a word the command does not take was probably meant as (`split 80/20`: test=0.2),
    /// or nil; said in the error instead of the usage alone.
    public let strayWordAdvice: (@Sendable (String) -> String?)?

    public init(_ verb: String, aliases: [String] = [], group: CommandGroup, summary: String,
                positionals: [PositionalSpec] = [], keys: [KeySpec] = [], acceptsAlias: Bool = false, aliasNames: String = "frame",
                acceptsColumnPairs: Bool = false, changesState: Bool, examples: [String], details: String? = nil,
                strayWordAdvice: (@Sendable (String) -> String?)? = nil) {
        self.verb = verb
        self.aliases = aliases
        self.group = group
        self.summary = summary
        self.positionals = positionals
        self.keys = keys
        self.acceptsAlias = acceptsAlias
        self.aliasNames = aliasNames
        self.acceptsColumnPairs = acceptsColumnPairs
        self.changesState = changesState
        self.examples = examples
        self.details = details
        self.strayWordAdvice = strayWordAdvice
    }

    public func key(_ name: String) -> KeySpec? { keys.first { $0.name == name } }

    public var synopsis: String {
        var parts = [verb]
        for p in positionals {
            var word: String
            switch p.kind {
            case .keyword(let words) where words.count == 1 && !p.optional: word = words[0]
            case .keyword(let words): word = words.joined(separator: "|")
            default: word = p.name.uppercased()
            }
            if p.variadic { word += "..." }
            parts.append(p.optional ? "[\(word)]" : word)
        }
        if acceptsColumnPairs { parts.append("OLD=NEW...") }
        if acceptsAlias { parts.append("[as NAME]") }
        for k in keys {
            let pair = "\(k.name)=\(k.type == .flag ? "true|false" : "…")"
            parts.append(k.required ? pair : "[\(pair)]")
        }
        return parts.joined(separator: " ")
    }

    /// The synopsis as an error's hint gives it: whole when it is short; for a command with
    /// many options (train has thirty), its words and required options, the rest left to help.
    public var shortSynopsis: String {
        let full = synopsis
        guard full.count > 100 else { return full }
        let words = full.split(separator: " ").filter { !$0.hasPrefix("[") || !$0.contains("=") }
        return words.joined(separator: " ") + " [key=value ...]   (`help \(verb)` lists them)"
    }
}
