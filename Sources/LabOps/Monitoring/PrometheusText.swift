import LabData

/// One gauge of Prometheus' text exposition format (version 0.0.4): a name, its help line, and
/// one sample for each set of labels.
public struct PrometheusGauge: Sendable, Equatable {
    public struct Sample: Sendable, Equatable {
        public let labels: [(name: String, value: String)]
        public let value: Double

        public init(_ labels: [(name: String, value: String)], _ value: Double) {
            self.labels = labels
            self.value = value
        }

        public static func == (a: Sample, b: Sample) -> Bool {
            a.value.bitPattern == b.value.bitPattern && a.labels.map(\.name) == b.labels.map(\.name) && a.labels.map(\.value) == b.labels.map(\.value)
        }
    }

    public let name: String
    public let help: String
    public let samples: [Sample]

    public init(name: String, help: String, samples: [Sample]) {
        self.name = name
        self.help = help
        self.samples = samples
    }
}

/// Metrics as a file Prometheus reads: node_exporter's textfile collector exposes every
/// `*.prom` file of its directory, so a batch job (a nightly `opslab run`) reports its numbers
/// by writing one. The file is replaced atomically, so a scrape never reads half of it.
public enum PrometheusText {
    public static func render(_ gauges: [PrometheusGauge]) -> String {
        var out = ""
        for g in gauges {
            out += "# HELP \(g.name) \(escapeHelp(g.help))\n# TYPE \(g.name) gauge\n"
            for s in g.samples {
                let labels = s.labels.map { "\($0.name)=\"\(escapeLabel($0.value))\"" }.joined(separator: ",")
                out += g.name + (labels.isEmpty ? "" : "{\(labels)}") + " " + number(s.value) + "\n"
            }
        }
        return out
    }

    public static func write(_ gauges: [PrometheusGauge], to path: String) throws {
        try FileIO.writeAtomically(Array(render(gauges).utf8), to: path, example: "opslab.prom")
    }

    /// What the shell says after writing them.
    public static func summary(_ gauges: [PrometheusGauge], path: String) -> String {
        let samples = gauges.reduce(0) { $0 + $1.samples.count }
        return "wrote \(samples) sample\(samples == 1 ? "" : "s") of \(gauges.map(\.name).joined(separator: ", ")) to \(path) "
            + "(Prometheus text format: node_exporter's textfile collector serves it)"
    }

    /// Go's float syntax, which Prometheus parses: shortest round-trip digits, NaN and ±Inf spelled its way.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "+Inf" : "-Inf" }
        return x == x.rounded() && x.magnitude < 1e15 ? String(Int64(x)) : String(x)
    }

    /// In a label value, backslash, double quote and line feed are escaped.
    static func escapeLabel(_ s: String) -> String { escape(s, quote: true) }

    /// In help text, backslash and line feed are escaped.
    static func escapeHelp(_ s: String) -> String { escape(s, quote: false) }

    private static func escape(_ s: String, quote: Bool) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quote: out += "\\\""
            default: out.append(c)
            }
        }
        return out
    }
}
