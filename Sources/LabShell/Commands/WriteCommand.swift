import LabData

struct WriteCommand: Command {
    static let spec = CommandSpec(
        "write", group: .data, summary: "Write the current frame to a CSV file",
        positionals: [PositionalSpec("path", .path, help: "the CSV file to write (replaced if it exists)")],
        keys: [KeySpec("sep", .text, help: "field separator: one character, or `tab`")],
        changesState: false, examples: ["write out/titanic_clean.csv"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let path = args.word("path")!
        let sep = args.string("sep").map { $0 == "tab" ? "\t" : $0 } ?? ","
        guard sep.count == 1, let c = sep.first, c != "\"" else {
            throw UsageError("sep=\(sep) is not a single separator character", hint: "e.g. sep=; or sep=tab")
        }
        try CSVWriter.write(frame, to: path, separator: c)
        return .message("wrote \(frame.rowCount) rows × \(frame.columnCount) columns of '\(frame.name)' to \(path)")
    }
}
