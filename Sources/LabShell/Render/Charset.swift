/// Which characters the output may use. Decided once from the locale and handed to the
/// renderers, so rendering stays a function of its inputs.
public enum Charset: Sendable, Equatable {
    case unicode
    case ascii

    /// POSIX order: LC_ALL overrides LC_CTYPE, which overrides LANG; unset or "C" is ASCII.
    public static func detect(environment: [String: String]) -> Charset {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let lowered = locale.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8") ? .unicode : .ascii
    }
}
