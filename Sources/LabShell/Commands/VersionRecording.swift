import LabData
import LabOps

/// Records a dataset version in lab.db for a command that loaded or produced `frame`.
/// Versions are a record kept on the side: if lab.db cannot be used (damaged, newer schema)
/// the command still succeeds and says why nothing was recorded, leaving the file alone.
func recordVersion(_ frame: Frame, source: String, hash: String? = nil, _ context: CommandContext)
    -> (version: DatasetVersion?, warning: CommandOutput?) {
    do {
        return (try DatasetVersions.record(frame: frame, source: source, in: context.environment.stateDirectory, contentHash: hash), nil)
    } catch {
        let text = (error as? LabError).map { e in e.message + (e.hint.map { " (\($0))" } ?? "") } ?? String(describing: error)
        return (nil, .warning("dataset version not recorded: \(text)"))
    }
}

/// `output`, followed by `warning` when there is one.
func withWarning(_ warning: CommandOutput?, _ output: CommandOutput) -> CommandOutput {
    withWarnings(warning.map { [$0] } ?? [], output)
}

/// `output`, followed by the warnings.
func withWarnings(_ warnings: [CommandOutput], _ output: CommandOutput) -> CommandOutput {
    warnings.isEmpty ? output : .group([output] + warnings)
}

/// "2 float, 3 integer": a frame's column types, counted.
func typeCounts(_ frame: Frame) -> String {
    Dictionary(grouping: frame.columns, by: \.type).map { "\($0.value.count) \($0.key.rawValue)" }.sorted().joined(separator: ", ")
}

/// A path as the user would write it: relative to the working directory when inside it.
func displayPath(_ path: String, _ environment: Environment) -> String {
    let base = environment.workingDirectory.hasSuffix("/") ? environment.workingDirectory : environment.workingDirectory + "/"
    return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
}
