import LabData
import LabML

struct ScaleCommand: Command {
    static let spec = CommandSpec(
        "scale", group: .prepare, summary: "Center and scale numeric columns (standard, minmax or robust)",
        positionals: [PositionalSpec("columns", .column, variadic: true, help: "the numeric columns")],
        keys: [KeySpec("method", .choice(Scaler.Method.allCases.map(\.rawValue)), default: "standard",
                       help: "standard: (x - mean) / std; minmax: to [0, 1]; robust: (x - median) / IQR")],
        changesState: true, examples: ["scale age fare", "scale fare method=robust"],
        details: "Like scikit-learn's StandardScaler (population std), MinMaxScaler and RobustScaler.")

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let method = Scaler.Method(rawValue: args.string("method")!)!
        return try PrepSupport.fitAndApply(columns: args.words("columns"), verb: "scaled", command: "scale", &context) { column, rows in
            .scale(try Scaler.fit(column, method: method, rows: rows))
        }
    }
}
