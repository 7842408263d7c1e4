import LabData

struct DatasetsCommand: Command {
    static let spec = CommandSpec(
        "datasets", group: .data, summary: "List the bundled datasets with their size and what they are for",
        changesState: false, examples: ["datasets"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let catalog = context.environment.catalog
        guard !catalog.datasets.isEmpty else {
            return .warning("no bundled datasets found; set OPSLAB_DATASETS to the folder that holds them")
        }
        let rows = catalog.datasets.map { d -> [Cell] in
            [.text(d.name), .number(Double(d.rows), .integer), .number(Double(d.columns), .integer), .text(d.summary)]
        }
        return .table(ResultTable(columns: ["name", "rows", "columns", "description"], numericColumns: [1, 2], rows: rows,
                                  note: "load one with `load NAME`; attributions in \(catalog.directory ?? "")/SOURCES.md"))
    }
}
