import LabData

struct LoadCommand: Command {
    static let spec = CommandSpec(
        "load", group: .data,
        summary: "Load a bundled dataset by name, or a CSV file by path",
        positionals: [PositionalSpec("source", .source, help: "a bundled dataset name (see `datasets`) or a path to a .csv file (or .csv.gz, read as gzip)")],
        keys: [
            KeySpec("na", .text, help: "extra missing-value markers, comma-separated (empty cells, NA, NaN, null... are always missing)"),
            KeySpec("sep", .text, help: "field separator: one character, or `tab` (default: , and tab for .tsv files)"),
            KeySpec("decimal", .choice([".", ","]), help: "the decimal mark: , reads numbers written 1,5 (usually with sep=;); default ."),
            KeySpec("thousands", .text, help: "the thousands separator of numbers written 1,234,567 (or 1.234.567,89 with decimal=,); default none"),
            KeySpec("maxfield", .integer(min: 1, max: 4096), help: "largest field accepted, in MB (default 16)"),
            KeySpec("sha256", .text, help: "expected SHA-256 of the data (its content hash, as `versions` lists it; the file's own SHA-256 is accepted too); scripts pin it so replay on changed data fails"),
            KeySpec("table", .text, help: "for a sqlite:PATH source: the table to load"),
            KeySpec("query", .text, help: "for a sqlite:PATH source: a SELECT to run, e.g. query=\"SELECT * FROM t WHERE x > 1\""),
        ],
        acceptsAlias: true, changesState: true,
        examples: ["load titanic", "load data/sales.csv as sales", "load data/eu.csv sep=; decimal=, na=-", "load data/us.csv thousands=,"])

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let source = args.word("source")!
        if source.hasPrefix("sqlite:") || args.string("table") != nil || args.string("query") != nil { return try loadSQLite(args, &context) }
        let catalog = context.environment.catalog
        let path: String
        let bundled: Bool
        if let dataset = catalog.dataset(named: source), !FileIO.exists(source) {
            path = dataset.path
            bundled = true
        } else if FileIO.exists(source) || source.contains("/") || source.hasSuffix(".csv") || source.lowercased().hasSuffix(".gz") {
            path = source
            bundled = false
        } else {
            throw UsageError("no bundled dataset or file named '\(source)'\(Suggestion.didYouMean(source, in: catalog.names))",
                             hint: "bundled datasets: \(catalog.names.joined(separator: ", ")); or give a path to a CSV file")
        }
        var options = CSVOptions()
        // Tab-separated files say so by their name (compressed or not).
        let plainName = path.lowercased().hasSuffix(".gz") ? String(path.lowercased().dropLast(3)) : path.lowercased()
        if plainName.hasSuffix(".tsv") || plainName.hasSuffix(".tab") { options.separator = UInt8(ascii: "\t") }
        if let sep = args.string("sep") {
            let bytes = Array((sep == "tab" ? "\t" : sep).utf8)
            guard bytes.count == 1, bytes[0] != UInt8(ascii: "\""), bytes[0] != UInt8(ascii: "\n") else {
                throw UsageError("sep=\(sep) is not a single separator character", hint: "e.g. sep=; or sep=tab")
            }
            options.separator = bytes[0]
        }
        if let extra = args.list("na") { options.missingMarkers += extra }
        if let mb = args.int("maxfield") { options.maxFieldBytes = mb << 20 }
        options.numberMarks = try numberMarks(args, separator: options.separator)

        let name = args.alias ?? frameName(for: source, bundled: bundled)
        let loaded = try PhaseTimes.measure("read") { try CSVReader.read(path: path, name: name, options: options) }
        // Pinned by the data's content hash (the one `versions` lists); a pin of the file's own bytes, as
        // `sha256sum` prints it, is also accepted, so it is computed only when the content does not match.
        let hash = PhaseTimes.measure("hash") { loaded.frame.contentHash }
        let changed = try DataPinCheck.check(expected: args.string("sha256"), actual: hash, origin: path, what: "sha256", context,
                                             alsoAccepted: { try? CSVReader.fileSHA256(path: path) })
        context.recorded.keys["sha256"] = hash
        context.state.put(loaded.frame, pin: DatasetPin(source: bundled ? source : path, sha256: hash, bundled: bundled))
        let version = PhaseTimes.measure("version") { recordVersion(loaded.frame, source: bundled ? "bundled \(source)" : path, hash: hash, context) }
        let types = Dictionary(grouping: loaded.frame.columns, by: \.type).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
        var warnings = [changed, version.warning].compactMap { $0 }
        if !loaded.renamed.isEmpty {
            let list = loaded.renamed.map { "column \($0.position) as \($0.name)" }.joined(separator: ", ")
            let repeated = Set(loaded.renamed.map(\.header)).sorted().map { "'\($0)'" }.joined(separator: ", ")
            warnings.append(.warning("the header names \(repeated) more than once: loaded \(list) (`rename` gives them better names)"))
        }
        let empty = loaded.frame.columns.filter(\.hasNoValue).map(\.name)
        if !empty.isEmpty {
            // Often a separator at the end of every line: a column with no name and no values.
            warnings.append(.warning("\(empty.map { "'\($0)'" }.joined(separator: ", ")) \(empty.count == 1 ? "has" : "have") no value in any row: `drop \(empty.joined(separator: " "))` removes \(empty.count == 1 ? "it" : "them")"))
        }
        if loaded.frame.columnCount == 1, let header = loaded.frame.columnNames.first,
           let advice = options.likelySeparator(header: header, action: "load it again") {
            // A file separated by something else reads as one column without any error: say so.
            warnings.append(.warning("one column, named '\(header)': \(advice)"))
        }
        var advised: [String] = []
        if options.numberMarks.isPlain {
            let marks = Self.numberMarksAdvice(loaded.frame)
            advised = marks.columns
            warnings += marks.warnings.map(CommandOutput.warning)
        }
        // The command given again with the markers added to na= (its other options kept).
        var again = "load \(Lexer.quoteIfNeeded(source))" + (args.alias.map { " as \($0)" } ?? "")
        for key in ["sep", "decimal", "thousands", "maxfield"] {
            if let value = args.string(key) { again += " \(key)=\(Lexer.quoteIfNeeded(value))" }
        }
        warnings += Self.strayValuesAdvice(StrayValues.find(in: loaded.frame).filter { !advised.contains($0.column) },
                                           load: again, markers: args.list("na") ?? []).map(CommandOutput.warning)
        return withWarnings(warnings, .frame(FrameSummary(verb: "loaded", name: name, rows: loaded.frame.rowCount, columns: loaded.frame.columnCount,
                                   detail: "from \(bundled ? "bundled dataset " + source : path) (\(types.joined(separator: ", ")))",
                                   sha256: hash)))
    }

    private static func numberMarks(_ args: Arguments, separator: UInt8) throws -> NumberMarks {
        var marks = NumberMarks()
        if args.string("decimal") == "," { marks.decimal = UInt8(ascii: ",") }
        if let text = args.string("thousands") {
            let bytes = Array(text.utf8)
            guard bytes.count == 1, !(48...57).contains(bytes[0]), bytes[0] != marks.decimal else {
                throw UsageError("thousands=\(text) is not a thousands separator", hint: "one character other than a digit and the decimal mark, e.g. thousands=, (or thousands=. with decimal=,)")
            }
            marks.thousands = bytes[0]
        }
        return marks
    }

    /// Text columns that are numbers written with commas (or with points and a decimal comma),
    /// and the options that would read them: said at load, as such a column cannot be described,
    /// plotted or learned from.
    static func numberMarksAdvice(_ frame: Frame) -> (columns: [String], warnings: [String]) {
        let comma = UInt8(ascii: ","), point = UInt8(ascii: ".")
        let readings: [(marks: NumberMarks, options: String, written: String)] = [
            (NumberMarks(decimal: comma), "decimal=,", "a decimal comma"),
            (NumberMarks(thousands: comma), "thousands=,", "thousands separators"),
            (NumberMarks(decimal: comma, thousands: point), "decimal=, thousands=.", "a decimal comma and thousands points"),
        ]
        let found = readings.map { reading in Dictionary(uniqueKeysWithValues: reading.marks.candidates(frame).map { ($0.column, $0.example) }) }
        // One piece of advice per column: both comma readings when either fits (1,234), else the one that does.
        var groups: [(written: String, load: String, columns: [String], example: String)] = []
        for column in frame.columnNames {
            let fits = found.indices.filter { found[$0][column] != nil }
            guard let first = fits.first else { continue }
            let (written, load) = fits.contains(0) && fits.contains(1)
                ? ("a comma", "thousands=, if the comma groups thousands, or decimal=, if it is the decimal mark")
                : (readings[first].written, "\(readings[first].options) to read them as numbers")
            if let g = groups.firstIndex(where: { $0.written == written && $0.load == load }) {
                groups[g].columns.append(column)
            } else {
                groups.append((written, load, [column], found[first][column]!))
            }
        }
        return (groups.flatMap(\.columns), groups.map { g in
            let names = g.columns.map { "'\($0)'" }.joined(separator: ", ")
            return "\(g.columns.count == 1 ? "column" : "columns") \(names) \(g.columns.count == 1 ? "holds" : "hold") numbers written with "
                + "\(g.written) (\(g.example)), read as text: load the file again with \(g.load)"
        })
    }

    /// "column 'b' holds numbers but for 2 values that are not (? on 2 rows, - on 1 row), so it was
    /// read as text", one per column, and the na= that reads all those values as missing (those it
    /// can hold: na= is a list of trimmed values separated by commas).
    static func strayValuesAdvice(_ columns: [StrayValues], load: String, markers given: [String]) -> [String] {
        var lines = columns.map { stray in
            // A value with blanks around it is shown quoted, so they can be seen.
            let shown = stray.values.map { v in
                (v.text == v.text.trimmingCharacters() ? v.text : "'\(v.text)'") + " on \(v.rows) row\(v.rows == 1 ? "" : "s")"
            }.joined(separator: ", ")
            let count = stray.values.count
            let what = stray.kind == .numbers ? (count == 1 ? "a number" : "numbers") : (count == 1 ? "a valid date" : "valid dates")
            return "column '\(stray.column)' holds \(stray.kind.rawValue) but for \(count) value\(count == 1 ? "" : "s") that "
                + "\(count == 1 ? "is" : "are") not \(what) (\(shown)), so it was read as text"
        }
        // Markers match with blanks around them, so each value is given trimmed.
        let values = columns.flatMap(\.values).map { $0.text.trimmingCharacters() }
        let expressible = values.filter { !$0.contains(",") && !$0.isEmpty }
        var markers: [String] = []
        for value in expressible where !markers.contains(value) { markers.append(value) }
        guard !markers.isEmpty else { return lines }
        let command = "\(load) na=\(Lexer.quoteIfNeeded((given + markers).joined(separator: ",")))"
        let every = expressible.count == values.count
        if lines.count == 1 && every {
            lines[0] += "; to read \(markers.count == 1 ? "it" : "them") as missing instead: \(command)"
        } else {
            lines.append("to read \(markers.count == 1 ? markers[0] : markers.dropLast().joined(separator: ", ") + " and " + markers.last!) as missing instead: \(command)")
        }
        return lines
    }

    /// A frame name from a file name: `data/My Sales-2024.csv` becomes `my_sales_2024`, and so does `…2024.csv.gz`.
    static func frameName(for source: String, bundled: Bool) -> String {
        var base = source.split(separator: "/").last.map(String.init) ?? source
        if base.lowercased().hasSuffix(".gz"), base.count > 3 { base.removeLast(3) }
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        var name = String(base.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        if let f = name.first, !(f.isLetter || f == "_") { name = "d_" + name }
        return name.isEmpty ? "data" : name
    }
}
