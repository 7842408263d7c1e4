/// `impute age median`, `scale fare minmax`: an option's value written among the columns, as
/// people say it. When no loaded frame has a column of that name and exactly one option of the
/// command takes that value (and was not given), the error names the option, where running the
/// command would only say that there is no such column.
enum ChoiceWrittenAsColumn {
    static func check(_ spec: CommandSpec, _ args: Arguments, isColumn: (String) -> Bool) throws {
        for positional in spec.positionals where positional.kind == .column {
            let words = args.words(positional.name)
            for (k, word) in words.enumerated() where !isColumn(word) {
                // `describe age by survived`: an option's name among the columns, its value after it.
                if spec.keys.contains(where: { $0.name == word }), k + 1 < words.count {
                    throw UsageError("'\(word)' is not a column: an option is written \(word)=VALUE, with no spaces (did you mean \(word)=\(words[k + 1])?)",
                                     hint: "usage: \(spec.shortSynopsis)")
                }
                let keys = spec.keys.filter { key in
                    guard case .choice(let values) = key.type, !args.typedKeys.contains(key.name) else { return false }
                    return values.contains(word)
                }
                guard keys.count == 1 else { continue }
                throw UsageError("'\(word)' is not a column: an option's value goes with its name (did you mean \(keys[0].name)=\(word)?)",
                                 hint: "usage: \(spec.shortSynopsis)")
            }
        }
    }
}
