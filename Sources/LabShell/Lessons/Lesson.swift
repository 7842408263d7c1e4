import LabData

/// A guided lesson, as read from `lessons/NN-slug.yaml`: data, never code. Checks are
/// expressions over the session state; solutions are opslab command lines.
public struct Lesson: Sendable, Equatable {
    public let id: String
    public let number: Int
    public let title: String
    /// The stage of the MLOps roadmap it teaches (data preparation, training, ...).
    public let stage: String
    public let minutes: Int
    /// Ids of lessons to take first.
    public let requires: [String]
    public let steps: [LessonStep]
    /// The line of each step in the file, for messages.
    public let stepLines: [Int]
    /// The file it came from, for messages.
    public let file: String
}

public enum LessonStep: Sendable, Equatable {
    case say(String)
    case task(LessonTask)
    case quiz(LessonQuiz)
    /// The same idea in the tools used at work: shown, never run.
    case bridge(String)

    public var kind: String {
        switch self {
        case .say: return "say"
        case .task: return "task"
        case .quiz: return "quiz"
        case .bridge: return "bridge"
        }
    }
}

/// A step the learner does in the shell. It is done when `check` holds, however they got there.
public struct LessonTask: Sendable, Equatable {
    public let instruction: String
    public let check: Expression
    /// Each more specific than the one before; `hint` after the last one shows the solution.
    public let hints: [String]
    /// The command lines that do it; `skip` runs them.
    public let solution: [String]
    /// Messages for common mistakes: the first whose condition holds is shown when the check fails.
    public let onFail: [FailureMessage]
    /// The line of the step in its file.
    public let line: Int
}

public struct FailureMessage: Sendable, Equatable {
    public let when: Expression
    public let say: String
}

public struct LessonQuiz: Sendable, Equatable {
    public enum Answer: Sendable, Equatable {
        /// Multiple choice; `correct` is 0-based (files write it 1-based).
        case choice(choices: [String], correct: Int)
        /// A number, right within `tolerance`. An expression so that it can be the learner's own
        /// number (`frame("titanic").missing("age")`), evaluated when they answer.
        case number(Expression, tolerance: Double)
    }

    public let question: String
    public let answer: Answer
    public let explain: String
}
