import LabData
import LabOps

struct ExportCommand: Command {
    static let spec = CommandSpec(
        "export", group: .tracking, summary: "Write the tracked runs and the registry as an MLflow file store",
        positionals: [
            PositionalSpec("format", .keyword(["mlflow"]), help: "mlflow"),
            PositionalSpec("path", .path, help: "a new folder"),
        ],
        changesState: false, examples: ["export mlflow mlruns"],
        details: """
            The folder is MLflow's file store: look at it with `mlflow ui --backend-store-uri mlruns`, or read it with
            MlflowClient("mlruns") (newer MLflow asks for MLFLOW_ALLOW_FILE_STORE=true). Deleted runs are exported as deleted.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        var path = args.word("path")!
        if !path.hasPrefix("/") { path = context.environment.workingDirectory + "/" + path }
        let s = try MLflowFileStore.export(from: context.environment.stateDirectory, to: path)
        return .message("exported \(s.runs) run\(s.runs == 1 ? "" : "s") in \(s.experiments) experiment\(s.experiments == 1 ? "" : "s") and \(s.models) registered model\(s.models == 1 ? "" : "s") to \(displayPath(s.path, context.environment)) (MLflow file store)")
    }
}
