import LabData
import LabOps

/// How runs look in tables: short ids, times, and a metric or param as a cell.
enum RunDisplay {
    static func shortID(_ id: String) -> String { String(id.prefix(8)) }

    /// UTC, to the second (MLflow shows local time; a log to compare across machines wants UTC).
    static func time(_ ms: Int64) -> String {
        Column.canonicalText(Double(ms / 1000), type: .datetime)
    }

    /// Times for a table's column: of one UTC day, the time of day and the day apart (for the
    /// title), so the column stays narrow; else each whole. Times of the same second are
    /// formatted once (a tuning grid, a script record many in one second).
    static func columnTimes(_ ms: [Int64]) -> (day: String?, times: [String]) {
        var formatted: [Int64: String] = [:]
        let whole = ms.map { t -> String in
            let text = formatted[t / 1000] ?? time(t)
            formatted[t / 1000] = text
            return text
        }
        let days = Set(whole.map { $0.prefix(10) })
        guard days.count == 1, let day = days.first else { return (nil, whole) }
        return (String(day), whole.map { String($0.dropFirst(11).prefix(8)) })
    }

    static func duration(_ run: RunRecord) -> String {
        guard let end = run.endMs else { return run.status == .running ? "running" : "" }
        let ms = end - run.startMs
        return ms < 1000 ? "\(ms) ms" : NumberFormat.significant(Double(ms) / 1000, digits: 3) + " s"
    }

    static func cell(_ value: Value?) -> Cell {
        switch value {
        case .number(let x)?: return .number(x, .float)
        case .string(let s)?: return .text(s)
        case .bool(let b)?: return .text(String(b))
        case .missing?, nil: return .missing
        }
    }

    static func status(_ run: RunRecord) -> String {
        run.deleted ? "\(run.status.rawValue) (deleted)" : run.status.rawValue
    }

    /// The metric keys worth a column in `runs`: the ones most runs have, in name order; not the
    /// last fold of a per-fold series or a spread (`accuracy_fold`, `accuracy_std`).
    static func commonMetrics(_ runs: [RunRecord], limit: Int = 4) -> [String] {
        var counts: [String: Int] = [:]
        for r in runs { for k in r.metrics.keys { counts[k, default: 0] += 1 } }
        // The suffixes are tested once per name, not once per run.
        return counts.filter { !$0.key.hasSuffix("_fold") && !$0.key.hasSuffix("_std") }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map(\.key).sorted()
    }
}
