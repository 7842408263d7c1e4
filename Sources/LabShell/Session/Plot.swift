import LabData

/// A line chart (or a scatter of points) as data: what `roc`, `pr`, learning curves, run
/// plots and `scatter` return. The shell draws it in the terminal; `--json` gives the points.
public struct Plot: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [(Double, Double)]
        /// Drawn fainter (a reference line such as the ROC diagonal).
        public var reference: Bool
        /// Consecutive points joined by a line; false: each point alone (a scatter).
        public var connected: Bool

        public init(name: String, points: [(Double, Double)], reference: Bool = false, connected: Bool = true) {
            self.name = name
            self.points = points
            self.reference = reference
            self.connected = connected
        }

        public static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.reference == b.reference && a.connected == b.connected && a.points.count == b.points.count
                && zip(a.points, b.points).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Fixed axis ranges (e.g. 0...1 for rates); nil fits the data.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Lines printed under the chart (AUC, the chosen threshold, ...).
    public var notes: [String]
    /// The type whose values the axes hold: dates and datetimes are labelled as dates, not day counts.
    public var xType: ColumnType = .float
    public var yType: ColumnType = .float

    public init(title: String, xLabel: String, yLabel: String, series: [Series],
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, notes: [String] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
        self.notes = notes
    }
}
