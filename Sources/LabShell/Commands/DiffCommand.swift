import LabData
import LabOps

struct DiffCommand: Command {
    static let spec = CommandSpec(
        "diff", group: .data,
        summary: "Compare two dataset versions: schema changes and per-column statistic changes",
        positionals: [
            PositionalSpec("what", .keyword(["data"]), optional: true, help: "the kind of thing to compare (dataset versions; may be left out)"),
            PositionalSpec("a", .frame, help: "the older version: a frame name, or 6+ hex characters of a hash from `versions`"),
            PositionalSpec("b", .frame, optional: true, help: "the newer version, likewise; left out, A is a frame of the session, compared as it is now with its last recorded version"),
        ],
        changesState: false, examples: ["diff data titanic adults", "diff data 3fa2c1 9be04d", "diff titanic"],
        details: """
            A frame of the session is measured as it is now; a hash (or a name no frame has) is looked up
            in .opslab/lab.db, which keeps every recorded version's column statistics. With one frame
            name, what the session did to the frame since it was loaded (or last recorded) is shown.
            """)

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let first = args.word("a")!
        let a: DataSnapshot, b: DataSnapshot
        if let second = args.word("b") {
            a = try snapshot(first, context)
            b = try snapshot(second, context)
        } else {
            (a, b) = try sinceRecorded(first, context)
        }
        let diff = DataDiff(a, b)
        func side(_ s: DataSnapshot) -> String { "\(s.label) (\(s.hash.prefix(12)), \(s.rows) rows × \(s.statistics.count) columns)" }
        var parts: [CommandOutput] = [.text("A: \(side(a))\nB: \(side(b))")]
        if diff.isIdentical { return .group(parts + [.message("identical content: same columns, types and values")]) }
        if diff.schema.isEmpty {
            parts.append(.message("schema: same columns and types"))
        } else {
            let rows = diff.schema.map { change -> [Cell] in
                switch change {
                case .added(let n, let t): return [.text(n), .text("added"), .text(t.rawValue)]
                case .removed(let n, let t): return [.text(n), .text("removed"), .text(t.rawValue)]
                case .retyped(let n, let from, let to): return [.text(n), .text("type changed"), .text("\(from.rawValue) → \(to.rawValue)")]
                }
            }
            parts.append(.table(ResultTable(title: "schema changes", columns: ["column", "change", "type"], rows: rows)))
        }
        if diff.statistics.isEmpty {
            parts.append(.message("statistics: no change in the columns both have"))
        } else {
            let rows = diff.statistics.map { c -> [Cell] in
                // A distinct count past the limit is only "more than": no exact value, no difference.
                let limit = Double(ColumnStatistics.distinctLimit)
                let saturated = c.statistic == "unique" && [c.before, c.after].contains { ($0 ?? 0) > limit }
                func value(_ x: Double?) -> Cell {
                    guard let x else { return .missing }
                    return c.statistic == "unique" && x > limit ? .text("> \(ColumnStatistics.distinctLimit)") : .number(x, c.display)
                }
                let delta: Cell
                if let x = c.before, let y = c.after, c.display != .date, c.display != .datetime, !saturated {
                    delta = .number(y - x, c.display == .integer ? .integer : .float)
                } else {
                    delta = .missing
                }
                return [.text(c.column), .text(c.statistic), value(c.before), value(c.after), delta]
            }
            let note = diff.unchanged.isEmpty ? nil : "unchanged: \(diff.unchanged.joined(separator: ", "))"
            parts.append(.table(ResultTable(title: "statistic changes (A → B)", columns: ["column", "statistic", "A", "B", "B - A"],
                                            numericColumns: [2, 3, 4], rows: rows, note: note)))
        }
        return .group(parts)
    }

    /// A frame of the session by name; else a recorded version by hash prefix or by name.
    static func snapshot(_ reference: String, _ context: CommandContext) throws -> DataSnapshot {
        if let frame = context.state.frames[reference] { return DataSnapshot(frame: frame) }
        let directory = context.environment.stateDirectory
        let isHex = !reference.isEmpty && reference.allSatisfy(\.isHexDigit)
        if isHex, reference.count >= 6 {
            switch try DatasetVersions.find(hashPrefix: reference, in: directory) {
            case .found(let v): return try recorded(v, directory)
            case .ambiguous(let hashes):
                throw UsageError("'\(reference)' starts more than one version's hash: \(hashes.map { String($0.prefix(12)) }.joined(separator: ", "))",
                                 hint: "give more characters of the hash")
            case .none: break
            }
        }
        let versions = try DatasetVersions.list(in: directory)
        if let v = versions.last(where: { $0.name == reference }) { return try recorded(v, directory) }
        if isHex, reference.count < 6, reference.count >= 1, !context.state.frameOrder.isEmpty || !versions.isEmpty,
           versions.contains(where: { $0.hash.hasPrefix(reference.lowercased()) }) {
            throw UsageError("'\(reference)' is too short to pick a version", hint: "give at least 6 characters of the hash (see `versions`)")
        }
        let names = Array(Set(context.state.frameOrder + versions.map(\.name))).sorted()
        let prefixes = isHex ? Array(Set(versions.map { String($0.hash.prefix(reference.count)) })) : []
        let suggestion = Suggestion.closest(to: reference, in: names + prefixes).first.map { " (did you mean '\($0)'?)" } ?? ""
        throw UsageError("no frame or dataset version '\(reference)'\(suggestion)",
                         hint: "give a frame name or the first 6+ characters of a hash from `versions`"
                             + (names.isEmpty ? "" : "; names: \(names.joined(separator: ", "))"))
    }

    /// A frame's last recorded version (A) and the frame as it is now (B).
    static func sinceRecorded(_ name: String, _ context: CommandContext) throws -> (DataSnapshot, DataSnapshot) {
        let frame = try context.state.frame(named: name)
        let directory = context.environment.stateDirectory
        guard let version = try DatasetVersions.list(name: name, in: directory).last else {
            throw UsageError("no recorded version of '\(name)' to compare it with",
                             hint: "versions are recorded by load, sql and store; `diff data A B` compares two frames")
        }
        let before = try recorded(version, directory)
        return (DataSnapshot(label: "\(name) recorded \(version.recordedAt)", hash: before.hash, rows: before.rows, statistics: before.statistics),
                DataSnapshot(frame: frame))
    }

    static func recorded(_ v: DatasetVersion, _ directory: String) throws -> DataSnapshot {
        guard let statistics = try DatasetVersions.statistics(hash: v.hash, in: directory) else {
            throw DataError("no column statistics stored for version \(v.hash.prefix(12)) of '\(v.name)'",
                            hint: "load that data again to record them")
        }
        return DataSnapshot(label: v.name, hash: v.hash, rows: v.rows, statistics: statistics)
    }
}
