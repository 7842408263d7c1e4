import LabData

/// One JSON object per command for `opslab run --json`: tables as columns + rows,
/// numbers at full precision, missing as null.
public enum JSONOutput {
    /// `seconds` is the command's own run time (benchmarks read it to leave out process start and loading).
    /// `seconds`: the command's run time; `phases`: the engine's time in named parts of it.
    public static func line(number: Int, command: String, output: CommandOutput, seconds: Double? = nil,
                            phases: [(name: String, seconds: Double)] = []) -> String {
        var time = seconds.map { ",\"seconds\":\(Self.number($0))" } ?? ""
        if !phases.isEmpty {
            time += ",\"phases\":{" + phases.map { "\(string($0.name)):\(Self.number($0.seconds))" }.joined(separator: ",") + "}"
        }
        return "{\"line\":\(number),\"command\":\(string(command)),\"ok\":true\(time),\"result\":\(value(output))}"
    }

    public static func failure(number: Int, command: String, error: Error) -> String {
        let message = (error as? LabError)?.message ?? String(describing: error)
        let hint = (error as? LabError)?.hint.map(string) ?? "null"
        return "{\"line\":\(number),\"command\":\(string(command)),\"ok\":false,\"error\":\(string(message)),\"hint\":\(hint)}"
    }

    static func value(_ output: CommandOutput) -> String {
        switch output {
        case .none: return "null"
        case .message(let m): return "{\"type\":\"message\",\"text\":\(string(m))}"
        case .text(let t): return "{\"type\":\"text\",\"text\":\(string(t))}"
        case .warning(let w): return "{\"type\":\"warning\",\"text\":\(string(w))}"
        case .frame(let f):
            var s = "{\"type\":\"frame\",\"verb\":\(string(f.verb)),\"name\":\(string(f.name)),\"rows\":\(f.rows),\"columns\":\(f.columns)"
            if let d = f.detail { s += ",\"detail\":\(string(d))" }
            if let h = f.sha256 { s += ",\"sha256\":\(string(h))" }
            return s + "}"
        case .table(let t):
            var s = "{\"type\":\"table\""
            if let title = t.title { s += ",\"title\":\(string(title))" }
            s += ",\"columns\":[" + t.columns.map(string).joined(separator: ",") + "]"
            s += ",\"rows\":[" + t.rows.map { "[" + $0.map(cell).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
            if let total = t.totalRows { s += ",\"total_rows\":\(total)" }
            if let first = t.firstRow { s += ",\"first_row\":\(first)" }
            return s + "}"
        case .plot(let p):
            let series = p.series.map { s in
                "{\"name\":\(string(s.name)),\"reference\":\(s.reference)" + (s.connected ? "" : ",\"connected\":false") + ",\"x\":[" + s.points.map { number($0.0) }.joined(separator: ",")
                    + "],\"y\":[" + s.points.map { number($0.1) }.joined(separator: ",") + "]}"
            }
            // Dates travel as days (datetimes as seconds) since 1970-01-01: the axis says which.
            let types = [("x_type", p.xType), ("y_type", p.yType)].filter { $0.1 == .date || $0.1 == .datetime }
                .map { ",\"\($0.0)\":\"\($0.1.rawValue)\"" }.joined()
            return "{\"type\":\"plot\",\"title\":\(string(p.title)),\"x_label\":\(string(p.xLabel)),\"y_label\":\(string(p.yLabel))" + types
                + ",\"series\":[" + series.joined(separator: ",") + "],\"notes\":[" + p.notes.map(string).joined(separator: ",") + "]}"
        case .lesson(let n):
            return "{\"type\":\"lesson\",\"tone\":\"\(n.tone.rawValue)\",\"title\":\(n.title.map(string) ?? "null"),\"text\":\(string(n.text))}"
        case .group(let parts):
            return "{\"type\":\"group\",\"parts\":[" + parts.map(value).joined(separator: ",") + "]}"
        }
    }

    static func cell(_ c: Cell) -> String {
        switch c {
        case .missing: return "null"
        case .text(let s): return string(s)
        case .fixed(let x, _): return number(x)
        case .histogram(let h):
            return "{\"lo\":\(h.lo),\"hi\":\(h.hi),\"counts\":[" + h.counts.map(String.init).joined(separator: ",") + "]}"
        case .box(let b, _):
            let numbers = [("whisker_low", b.whiskerLow), ("q1", b.q1), ("median", b.median), ("q3", b.q3), ("whisker_high", b.whiskerHigh)]
            return "{" + numbers.map { "\"\($0.0)\":\(number($0.1))" }.joined(separator: ",") + ",\"outliers\":\(b.outlierCount)}"
        case .number(let x, let type):
            switch type {
            case .boolean: return x != 0 ? "true" : "false"
            case .date, .datetime: return string(Column.canonicalText(x, type: type))
            case .integer where x.magnitude < 9e15 && x == x.rounded(): return String(Int64(x))
            default: return number(x)
            }
        }
    }

    public static func string(_ s: String) -> String { JSONText.quoted(s) }

    /// Full precision; JSON has no NaN or infinity, so those become null.
    static func number(_ x: Double) -> String { x.isFinite ? String(x) : "null" }
}
