#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// The crash journal: every successful state-changing command line (and every
/// `undo`) appended and fsync'd before the prompt returns, so a killed process
/// loses nothing. A clean exit removes it; a journal found at start means the last
/// session ended abruptly and can be restored by replaying it.
public final class Journal {
    public static let header = "# opslab journal v1"
    public let path: String
    private var fd: Int32 = -1

    public init(path: String) { self.path = path }

    deinit { if fd >= 0 { close(fd) } }

    /// The commands of an unfinished session, if there is one.
    public static func pending(at path: String) -> [String]? {
        guard FileIO.exists(path), let bytes = try? FileIO.readAll(path) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        let commands = lines.filter { !$0.hasPrefix("#") && !$0.isEmpty }
        return commands.isEmpty ? nil : commands
    }

    /// Starts a fresh journal (after a restore it is re-seeded with the restored commands).
    public func start(with lines: [String] = []) throws {
        if fd >= 0 { close(fd) }
        let text = ([Self.header] + lines).joined(separator: "\n") + "\n"
        try FileIO.writeAtomically(Array(text.utf8), to: path)
        fd = open(path, O_WRONLY | O_APPEND)
        if fd < 0 { throw DataError("cannot open the journal \(path): \(String(cString: strerror(errno)))") }
    }

    public func append(_ line: String) throws {
        if fd < 0 { try start() }
        let bytes = Array((line.replacingNewlines() + "\n").utf8)
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n <= 0 { return false }
                done += n
            }
            return fsync(fd) == 0
        }
        if !ok { throw DataError("cannot write the journal \(path): \(String(cString: strerror(errno)))") }
    }

    /// A clean exit: nothing to restore next time.
    public func finish() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(path)
    }
}

extension String {
    func replacingNewlines() -> String {
        var out = ""
        for c in self { out.append(c == "\n" || c == "\r\n" ? " " : c) }
        return out
    }
}
