import LabData

/// A script's `sha256=` on a load: the data must be the data the session was built on, so a
/// replay gives the same numbers. With `opslab run --new-data` a change is said and accepted.
enum DataPinCheck {
    /// Nil when the data is the pinned data or nothing is pinned; a warning when it changed and
    /// new data is accepted; otherwise the error that stops the replay.
    /// `alsoAccepted` gives another hash that pins the same data (a file's own SHA-256), asked for only on a mismatch.
    static func check(expected: String?, actual: String, origin: String, what: String, _ context: CommandContext,
                      alsoAccepted: () -> String? = { nil }) throws -> CommandOutput? {
        guard let expected, expected.lowercased() != actual, expected.lowercased() != alsoAccepted() else { return nil }
        let change = "\(origin) has \(what) \(actual.prefix(12))…, the script expects \(expected.prefix(12))…"
        if context.environment.acceptsNewData {
            return .warning("the data changed: \(change); replaying on it as it is now (--new-data), so the numbers may differ")
        }
        throw DataError("the data changed: \(change)",
                        hint: "this is not the data the session was built on; restore it, remove sha256= to accept the new data, "
                            + "or replay with opslab run --new-data")
    }
}
