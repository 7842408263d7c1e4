import LabData

struct WriteCommand: Command {
    static let spec = CommandSpec(
        "write", group: .data, summary: "Write the current frame to a CSV file",
        positionals: [PositionalSpec("path", .path, help: "the CSV file to write (replaced if it exists); a name ending .gz is written compressed with gzip")],
        keys: [KeySpec("sep", .text, help: "field separator: one character, or `tab` (default: , and tab for .tsv files)")],
        changesState: false, examples: ["write titanic_clean.csv", "write titanic_clean.csv.gz", "write clean.tsv"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let path = args.word("path")!
        // A .tsv file is tab-separated unless told otherwise, as load reads it.
        let plainName = Gzip.isCompressedName(path) ? String(path.lowercased().dropLast(3)) : path.lowercased()
        let named = plainName.hasSuffix(".tsv") || plainName.hasSuffix(".tab") ? "\t" : ","
        let sep = args.string("sep").map { $0 == "tab" ? "\t" : $0 } ?? named
        guard sep.count == 1, let c = sep.first, c != "\"" else {
            throw UsageError("sep=\(sep) is not a single separator character", hint: "e.g. sep=; or sep=tab")
        }
        try CSVWriter.write(frame, to: path, separator: c)
        return .message("wrote \(frame.rowCount) rows × \(frame.columnCount) columns of '\(frame.name)' to \(path)")
    }
}
