import LabData

/// A cell of a result table. Numbers keep their column type so rendering can format them.
public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double, ColumnType)
    case missing
    /// A number shown with exactly this many decimals (a correlation, a percentage); JSON keeps every digit.
    case fixed(Double, decimals: Int)
    /// Bin counts, drawn as a sparkline; JSON gets the counts and the range.
    case histogram(Histogram)
    /// A box plot on a scale shared with the table's other boxes, drawn as a strip; JSON gets its numbers.
    case box(BoxStats, scale: ClosedRange<Double>)

    public init(_ column: Column, row: Int) {
        switch column.data {
        case .numbers(let v, let m):
            self = (m?[row] ?? false) ? .missing : .number(v[row], column.type)
        case .strings(let codes, let levels):
            self = codes[row] < 0 ? .missing : .text(levels[Int(codes[row])])
        }
    }
}

public struct ResultTable: Sendable, Equatable {
    public var title: String?
    public var columns: [String]
    /// Columns whose cells align right (numbers).
    public var numericColumns: Set<Int>
    public var rows: [[Cell]]
    /// The size of the whole data when `rows` shows only part of it.
    public var totalRows: Int?
    /// Where `rows` start in the whole data (1-based), when not at its first row.
    public var firstRow: Int?
    /// The column whose numbers a bar after each row shows, longest for the largest (the terminal
    /// draws them; `--json` leaves them out).
    public var barsFor: Int?
    /// The value a full bar stands for (100 for percentages); nil: the largest in the column.
    public var barsFull: Double?
    public var note: String?
    /// Said after "columns hidden" when the terminal is too narrow, if the command can pick columns.
    public var hiddenColumnsHint: String?

    public init(title: String? = nil, columns: [String], numericColumns: Set<Int> = [], rows: [[Cell]], totalRows: Int? = nil, note: String? = nil,
                hiddenColumnsHint: String? = nil) {
        self.title = title
        self.columns = columns
        self.numericColumns = numericColumns
        self.rows = rows
        self.totalRows = totalRows
        self.note = note
        self.hiddenColumnsHint = hiddenColumnsHint
    }
}

/// A frame was created or changed: its name, shape and, for loads, its content hash.
public struct FrameSummary: Sendable, Equatable {
    public var verb: String
    public var name: String
    public var rows: Int
    public var columns: Int
    public var detail: String?
    public var sha256: String?
}

/// A piece of a lesson: a step to do, a verdict, a hint. `` `command` `` spans in the
/// text are commands the learner can type; the terminal highlights them.
public struct LessonNote: Sendable, Equatable {
    public enum Tone: String, Sendable { case step, done, failed, hint, info }
    public var tone: Tone
    public var title: String?
    public var text: String
    /// Lines laid out as written (commands, code): never broken to fit the terminal.
    public var preformatted: Bool

    public init(_ tone: Tone, title: String? = nil, _ text: String, preformatted: Bool = false) {
        self.tone = tone
        self.title = title
        self.text = text
        self.preformatted = preformatted
    }
}

/// What a command returns. Commands never print; the shell renders this for the
/// terminal, `--json` turns it into one JSON object, tests look at it directly.
public indirect enum CommandOutput: Sendable, Equatable {
    case none
    case message(String)
    case text(String)
    case table(ResultTable)
    case frame(FrameSummary)
    case warning(String)
    case plot(Plot)
    case lesson(LessonNote)
    case group([CommandOutput])
}
