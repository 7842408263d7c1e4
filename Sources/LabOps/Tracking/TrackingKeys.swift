import LabData

/// MLflow's rules for names, checked before anything is stored, so that every run recorded
/// here can later be sent to a server or exported without being refused there.
enum TrackingKeys {
    /// MLflow's limits on a param's and a tag's value.
    static let maxParamBytes = 6000
    static let maxTagBytes = 8000

    /// MLflow: "Names may only contain alphanumerics, underscores, dashes, periods, spaces and slashes".
    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 250 && key.unicodeScalars.allSatisfy { s in
            (s.isASCII && (s.properties.isAlphabetic || s.properties.numericType != nil)) || "_-. /".unicodeScalars.contains(s)
        } && !key.hasPrefix("/") && !key.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0 == "." || $0.isEmpty }
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
        guard !name.isEmpty, name.count <= 500, !name.contains("\n") else {
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
