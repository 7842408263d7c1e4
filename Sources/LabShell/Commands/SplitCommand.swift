import LabData
import LabML

struct SplitCommand: Command {
    static let spec = CommandSpec(
        "split", group: .prepare, summary: "Mark rows as train / test (/ valid): at random, stratified, or by time",
        keys: [
            KeySpec("test", .number, default: "0.2", help: "share of rows for the test part"),
            KeySpec("valid", .number, default: "0", help: "share of rows for a validation part"),
            KeySpec("seed", .seed, default: "42", alwaysRecorded: true, help: "random seed; the same seed picks the same rows"),
            KeySpec("stratify", .column, help: "keep this column's class proportions equal in every part"),
            KeySpec("by", .column, help: "a time (or numeric) column: the latest test= share of rows is the test part (valid= before it), or train before at=, test from at="),
            KeySpec("at", .text, help: "with by=: the first value of the test part"),
        ],
        changesState: true,
        examples: ["split test=0.2 seed=42 stratify=survived", "split test=0.2 valid=0.1", "split by=date test=0.2", "split by=date at=2015-01-01"],
        details: "Adds a `_split` column (train, test, valid). Preparation steps run after it learn from the train rows only.",
        strayWordAdvice: sharesAdvice)

    /// Shares written the way people say them: `80/20` (train/test), `70/15/15` (train/valid/test),
    /// fractions or percents, or one test share alone (`0.2`, `20%`).
    static func sharesAdvice(_ word: String) -> String? {
        let parts = word.split(separator: "/", omittingEmptySubsequences: false).map { part -> Double? in
            let percent = part.hasSuffix("%")
            return Double(percent ? part.dropLast() : part).map { percent ? $0 / 100 : $0 }
        }
        guard parts.allSatisfy({ $0 != nil && $0! >= 0 }), (1...3).contains(parts.count) else { return nil }
        var shares = parts.map { $0! }
        if shares.count == 1 {
            let share = shares[0] > 1 && shares[0] < 100 ? shares[0] / 100 : shares[0]
            guard share > 0, share < 1 else { return nil }
            return share > 0.5 ? "test= is the test part's share: did you mean test=\(Self.share(1 - share))?" : "did you mean test=\(Self.share(share))?"
        }
        let total = shares.reduce(0, +)
        guard total > 0, shares.allSatisfy({ $0 > 0 }) else { return nil }
        shares = shares.map { $0 / total }
        let options = shares.count == 2 ? "test=\(Self.share(shares[1]))" : "test=\(Self.share(shares[2])) valid=\(Self.share(shares[1]))"
        return "shares are written as options (train takes the rest): did you mean \(options)?"
    }

    /// A share as it reads best: 0.2, not 0.19999999999999996.
    private static func share(_ x: Double) -> String { NumberFormat.significant(x, digits: 4) }

    static func run(_ args: Arguments, _ context: inout CommandContext) throws -> CommandOutput {
        let frame = try context.state.requireCurrent()
        let result: Frame
        var recorded = context.recorded
        var cuts: String?
        if let by = args.string("by"), args.string("stratify") != nil {
            throw UsageError("stratify= goes with a random split, not with by=\(by)", hint: "a split by time keeps the latest rows for testing, whatever their classes")
        }
        if let by = args.string("by"), let at = args.string("at") {
            result = try Splitter.byValue(frame, column: by, at: at)
            // A split at a value has no randomness or shares: record it as typed.
            for key in ["test", "valid", "seed"] { recorded.keys[key] = nil }
        } else if let by = args.string("by") {
            let split = try Splitter.byShare(frame, column: by, test: args.double("test")!, valid: args.double("valid")!)
            result = split.frame
            let column = try frame.column(by)
            func value(_ row: Int) -> String { column.text(at: row) ?? "" }
            cuts = "by \(by): " + (split.validFrom.map { "train before \(value($0)), valid from \(value($0)), " } ?? "train before \(value(split.testFrom)), ")
                + "test from \(value(split.testFrom))"
            recorded.keys["seed"] = nil
            if args.double("valid") == 0 { recorded.keys["valid"] = nil }
        } else {
            if args.string("at") != nil { throw UsageError("at= goes with by=", hint: "e.g. split by=date at=2015-01-01") }
            if let column = args.string("stratify") { _ = try frame.column(column) }
            result = try Splitter.random(frame, test: args.double("test")!, valid: args.double("valid")!, seed: args.seed(),
                                         stratify: args.string("stratify"))
            if args.double("valid") == 0 { recorded.keys["valid"] = nil }
        }
        context.recorded = recorded
        context.state.replaceCurrent(result)
        var parts: [CommandOutput] = []
        let pipeline = context.state.pipeline(for: frame.name)
        let fitted = pipeline.learningSteps.map { "\($0.summary.step) \($0.summary.column)" }.joined(separator: ", ")
        let moved = Self.trainingRowsNowTest(before: frame, after: result)
        if pipeline.fittedBeforeSplit {
            parts.append(.warning("\(fitted) learned from all rows, the new test rows included: that leaks. Undo back before them, split first, then prepare."))
        } else if !fitted.isEmpty, moved > 0 {
            context.state.markResplit(frame.name)
            parts.append(.warning("\(fitted) learned from the training rows of the previous split, \(moved) of which are test rows now: "
                                  + "that leaks. Undo back before them, split, then prepare again."))
        }
        if let cuts { parts.append(.message(cuts)) }
        if let by = args.string("by"), let note = Self.classLikeNote(frame, by: by) { parts.append(.message(note)) }
        parts.append(.table(sizes(result, balance: args.string("stratify"))))
        return .group(parts)
    }

    /// When the `by=` column holds two values or fewer it reads as a class rather than a time:
    /// each part then holds the rows of one value, which is what a column marking the parts
    /// already wants, and a trap when the column is the target (stratify= keeps its shares).
    static func classLikeNote(_ frame: Frame, by name: String) -> String? {
        guard let column = try? frame.column(name) else { return nil }
        // The first row of each value, stopping at a third value (a time column stops within a few rows).
        var firsts: [Int] = []
        switch column.data {
        case .numbers(let values, let missing):
            var seen: [Double] = []
            for (r, x) in values.enumerated() where !(missing?[r] ?? false) && !seen.contains(x) {
                if seen.count == 2 { return nil }
                seen.append(x)
                firsts.append(r)
            }
            firsts.sort { values[$0] < values[$1] }
        case .strings(let codes, let levels):
            var seen: [Int32] = []
            for (r, c) in codes.enumerated() where c >= 0 && !seen.contains(c) {
                if seen.count == 2 { return nil }
                seen.append(c)
                firsts.append(r)
            }
            firsts.sort { levels[Int(codes[$0])] < levels[Int(codes[$1])] }
        }
        guard !firsts.isEmpty else { return nil }
        let shown = firsts.map { column.text(at: $0) ?? "" }.joined(separator: ", ")
        return "note: \(name) holds \(firsts.count == 1 ? "one value" : "two values") (\(shown)), so each part holds rows of one of them; "
            + "to keep each class's share in every part instead: split test=0.2 stratify=\(name)"
    }

    /// How many rows were training rows of the frame's previous split and are test (or
    /// validation) rows of the new one; 0 when there was no split before.
    static func trainingRowsNowTest(before: Frame, after: Frame) -> Int {
        guard case .strings(let old, let oldLevels)? = try? before.column(TrainingRows.splitColumn).data,
              case .strings(let new, let newLevels)? = try? after.column(TrainingRows.splitColumn).data else { return 0 }
        // Compared by code, each level's role looked up once: a split of a million rows makes no text per row.
        let wasTrain = oldLevels.map { $0 == "train" }, isTrain = newLevels.map { $0 == "train" }
        var moved = 0
        for r in old.indices where old[r] >= 0 && wasTrain[Int(old[r])] && !(new[r] >= 0 && isTrain[Int(new[r])]) { moved += 1 }
        return moved
    }

    /// Rows per part, and the share of each class of `balance` in every part.
    static func sizes(_ frame: Frame, balance: String?) -> ResultTable {
        guard let split = try? frame.column(TrainingRows.splitColumn), case .strings(let roles, let parts) = split.data else {
            return ResultTable(columns: [], rows: [])
        }
        let classColumn = balance.flatMap { try? frame.column($0) }
        var classes: [String] = []
        if let classColumn {
            var seen = Set<String>()
            for r in 0..<frame.rowCount { if let t = classColumn.text(at: r), seen.insert(t).inserted { classes.append(t) } }
            classes.sort()
        }
        var rows: [[Cell]] = []
        for (p, part) in parts.enumerated() {
            let members = roles.indices.filter { roles[$0] == Int32(p) }
            if members.isEmpty { continue }
            var row: [Cell] = [.text(part), .number(Double(members.count), .integer),
                               .text(percent(Double(members.count) / Double(frame.rowCount)))]
            for c in classes {
                let n = members.filter { classColumn?.text(at: $0) == c }.count
                row.append(.text(percent(Double(n) / Double(members.count))))
            }
            rows.append(row)
        }
        let header = ["part", "rows", "share"] + classes.map { "\(balance!)=\($0)" }
        return ResultTable(title: "split of \(frame.name)", columns: header, numericColumns: [1], rows: rows)
    }

    static func percent(_ x: Double) -> String { NumberFormat.significant((x * 1000).rounded() / 10) + "%" }
}
