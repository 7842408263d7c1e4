import LabData

/// What is known of one dataset version for comparing it: its identity, shape and column statistics.
public struct DataSnapshot: Sendable, Equatable {
    public let label: String
    public let hash: String
    public let rows: Int
    public let statistics: [ColumnStatistics]

    public init(label: String, hash: String, rows: Int, statistics: [ColumnStatistics]) {
        self.label = label
        self.hash = hash
        self.rows = rows
        self.statistics = statistics
    }

    /// A frame in the session, measured now.
    public init(frame: Frame) {
        self.init(label: frame.name, hash: frame.contentHash, rows: frame.rowCount, statistics: ColumnStatistics.of(frame))
    }
}

/// `diff data A B`: how B differs from A. Schema changes (columns added, removed, retyped),
/// then, for the columns in both, every statistic whose value changed.
public struct DataDiff: Sendable, Equatable {
    public enum SchemaChange: Sendable, Equatable {
        case added(String, ColumnType)
        case removed(String, ColumnType)
        case retyped(String, from: ColumnType, to: ColumnType)
    }

    public struct StatisticChange: Sendable, Equatable {
        public let column: String
        public let statistic: String
        public let before: Double?
        public let after: Double?
        /// How to show the values: counts as integers, min/max/mean of dates as dates, the rest as floats.
        public let display: ColumnType
    }

    public static let statisticNames = ["count", "missing", "mean", "std", "min", "max", "unique"]

    public let a: DataSnapshot
    public let b: DataSnapshot
    public let schema: [SchemaChange]
    public let statistics: [StatisticChange]
    /// Columns in both versions whose statistics are all equal.
    public let unchanged: [String]

    public init(_ a: DataSnapshot, _ b: DataSnapshot) {
        self.a = a
        self.b = b
        let before = Dictionary(a.statistics.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        let after = Dictionary(b.statistics.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        var schema: [SchemaChange] = []
        for s in a.statistics where after[s.name] == nil { schema.append(.removed(s.name, s.type)) }
        for s in b.statistics {
            if let old = before[s.name] {
                if old.type != s.type { schema.append(.retyped(s.name, from: old.type, to: s.type)) }
            } else {
                schema.append(.added(s.name, s.type))
            }
        }
        var changes: [StatisticChange] = []
        var unchanged: [String] = []
        for new in b.statistics {
            guard let old = before[new.name] else { continue }
            let rows = Self.values(old).enumerated().compactMap { k, was -> StatisticChange? in
                let now = Self.values(new)[k]
                guard !Self.same(was, now) else { return nil }
                let name = Self.statisticNames[k]
                let display: ColumnType
                switch name {
                case "count", "missing", "unique": display = .integer
                case "std": display = .float
                default: display = new.type == old.type && (new.type == .date || new.type == .datetime) ? new.type : .float
                }
                return StatisticChange(column: new.name, statistic: name, before: was, after: now, display: display)
            }
            if rows.isEmpty { unchanged.append(new.name) } else { changes += rows }
        }
        self.schema = schema
        statistics = changes
        self.unchanged = unchanged
    }

    static func values(_ s: ColumnStatistics) -> [Double?] {
        [Double(s.count), Double(s.missing), s.mean, s.std, s.min, s.max, Double(s.unique)]
    }

    /// Equal values, or both absent; NaN equals NaN here (it is the same statistic). Values a
    /// trillionth apart are equal: the same rows in another order (a sort) sum in another order,
    /// which moves a mean or a std in its last bits, not the data.
    static func same(_ x: Double?, _ y: Double?) -> Bool {
        switch (x, y) {
        case (nil, nil): return true
        case (let x?, let y?): return x == y || (x.isNaN && y.isNaN) || abs(x - y) <= 1e-12 * max(abs(x), abs(y))
        default: return false
        }
    }

    public var isIdentical: Bool { a.hash == b.hash }
}
