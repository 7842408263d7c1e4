import LabData

/// Writes the lines that rebuild a session as a `.lab` script: a header naming the
/// opslab version and the SHA-256 of every dataset loaded, then the recorded commands
/// with every default (seeds included) written out.
public enum ScriptWriter {
    public static func text(lines: [String], pins: [String: DatasetPin], version: String) -> String {
        var out = "# opslab session script\n# written by opslab \(version); replay with: opslab run FILE.lab\n"
        let sorted = pins.sorted { $0.key < $1.key }
        if !sorted.isEmpty {
            out += "# datasets:\n"
            for (name, pin) in sorted {
                out += "#   \(name): \(pin.bundled ? "bundled " : "")\(pin.source) sha256=\(pin.sha256)\n"
            }
        }
        for line in lines { out += line + "\n" }
        return out
    }

    public static func write(lines: [String], pins: [String: DatasetPin], version: String, to path: String) throws {
        try FileIO.writeAtomically(Array(text(lines: lines, pins: pins, version: version).utf8), to: path, example: "session.lab")
    }
}
