import LabData

/// MLflow's rules for names, checked before anything is stored, so that every run recorded
/// here can later be sent to a server or exported without being refused there.
enum TrackingKeys {
    /// MLflow's limits on a param's and a tag's value.
    static let maxParamBytes = 6000
    static let maxTagBytes = 8000

    /// MLflow: "Names may only contain alphanumerics, underscores, dashes, periods, spaces and slashes".
    /// Every allowed character is ASCII, so the bytes tell (every run checks 30-odd names).
    static func isValidKey(_ key: String) -> Bool {
        let bytes = key.utf8
        guard !bytes.isEmpty, bytes.count <= 250, bytes.allSatisfy(isKeyByte) else { return false }
        guard bytes.contains(UInt8(ascii: "/")) else { return key != "." && key != ".." }
        return !key.hasPrefix("/") && !key.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }

    /// ASCII letters and digits, `_`, `-`, `.`, space and `/`.
    private static func isKeyByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: " "), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    static func check(params: [String: String] = [:], metrics: [MetricPoint] = [], tags: [String: String] = [:]) throws {
        for (what, keys) in [("param", Array(params.keys)), ("metric", metrics.map(\.key)), ("tag", Array(tags.keys))] {
            for key in keys where !isValidKey(key) {
                throw DataError("'\(key)' is not a valid \(what) name",
                                hint: "names may only contain letters, digits, _ - . space and /, as MLflow requires")
            }
        }
        for (key, value) in params where value.utf8.count > maxParamBytes {
            throw DataError("param \(key) is \(value.utf8.count) bytes long; MLflow keeps at most \(maxParamBytes)", hint: "log it as an artifact instead")
        }
    }

    static func check(tags: [String: String]) throws { try check(params: [:], metrics: [], tags: tags) }

    static func checkExperimentName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 500, !name.unicodeScalars.contains("\n") else {
            throw DataError("'\(name)' is not a valid experiment name", hint: "use a short name on one line, e.g. experiment titanic")
        }
    }

    /// Registered model names are used in `NAME@alias` and `NAME/v3`, and MLflow refuses
    /// `/` and `:` in them: letters, digits, `_`, `-` and `.` only.
    static func checkModelName(_ name: String) throws {
        guard let first = name.first, first.isLetter, name.count <= 250,
              name.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "_-.".unicodeScalars.contains($0) })
        else {
            throw DataError("'\(name)' is not a valid registered model name",
                            hint: "start with a letter and use letters, digits, _ - and . (MLflow refuses / and :; @ and / mark aliases and versions here)")
        }
    }

    /// MLflow aliases: letters, digits, `_` and `-`; `latest` and `vN` are reserved (they mean versions).
    static func checkAlias(_ alias: String) throws {
        let valid = !alias.isEmpty && alias.count <= 255
            && alias.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "_-".unicodeScalars.contains($0) }
        let lowered = alias.lowercased()
        let reserved = lowered == "latest" || (lowered.hasPrefix("v") && lowered.count > 1 && lowered.dropFirst().allSatisfy(\.isNumber))
        guard valid, !reserved else {
            throw DataError("'\(alias)' is not a valid alias",
                            hint: reserved ? "'latest' and v1, v2, ... name versions themselves; choose a word such as champion"
                                : "use letters, digits, _ and -, e.g. champion")
        }
    }
}
