#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LabData

/// The crash journal: every successful state-changing command line (and every
/// `undo`) appended and fsync'd before the prompt returns, so a killed process
/// loses nothing. A clean exit removes it. A running session holds an exclusive
/// lock on its journal, so a journal that can be locked at start belongs to a
/// session that ended abruptly and can be restored by replaying it; a second
/// opslab in the same folder journals to a file of its own.
public final class Journal {
    public static let header = "# opslab journal v1"
    public let path: String
    private var fd: Int32 = -1

    public init(path: String) { self.path = path }

    deinit { if fd >= 0 { close(fd) } }

    /// A journal in `directory` for this process: `journal`, or `journal-PID` while another session holds that one.
    public static func claim(in directory: String) -> Journal {
        let primary = directory + "/journal"
        if !isHeld(primary) { return Journal(path: primary) }
        return Journal(path: directory + "/journal-\(getpid())")
    }

    /// Journals left by sessions that ended without `exit`, newest first, with their commands.
    public static func orphans(in directory: String) -> [(path: String, lines: [String])] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var found: [(path: String, lines: [String], time: Int)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name == "journal" || (name.hasPrefix("journal-") && !name.contains(".")) else { continue }
            let path = directory + "/" + name
            guard !isHeld(path), let lines = pending(at: path) else { continue }
            var info = stat()
            stat(path, &info)
            found.append((path, lines, Int(info.st_mtim.tv_sec)))
        }
        return found.sorted { $0.time > $1.time }.map { ($0.path, $0.lines) }
    }

    /// Whether a live session holds the lock on the journal at `path`.
    static func isHeld(_ path: String) -> Bool {
        let probe = open(path, O_RDONLY)
        guard probe >= 0 else { return false }
        defer { close(probe) }
        if flock(probe, LOCK_EX | LOCK_NB) == 0 {
            flock(probe, LOCK_UN)
            return false
        }
        return true
    }

    /// The commands of an unfinished session, if there is one.
    public static func pending(at path: String) -> [String]? {
        guard FileIO.exists(path), let bytes = try? FileIO.readAll(path) else { return nil }
        let lines = SourceLines.of(bytes)
        let commands = lines.filter { !$0.hasPrefix("#") && !$0.isEmpty }
        return commands.isEmpty ? nil : commands
    }

    /// Starts a fresh journal (after a restore it is re-seeded with the restored commands) and locks it.
    public func start(with lines: [String] = []) throws {
        if fd >= 0 { close(fd); fd = -1 }
        let text = ([Self.header] + lines).joined(separator: "\n") + "\n"
        try FileIO.writeAtomically(Array(text.utf8), to: path)
        fd = open(path, O_WRONLY | O_APPEND)
        if fd < 0 { throw DataError("cannot open the journal \(path): \(String(cString: strerror(errno)))") }
        _ = flock(fd, LOCK_EX | LOCK_NB)
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
        unlink(path)
        if fd >= 0 { close(fd); fd = -1 }
    }
}

extension String {
    func replacingTabs() -> String { contains("\t") ? String(map { $0 == "\t" ? " " : $0 }) : self }

    func replacingNewlines() -> String {
        var out = ""
        for c in self { out.append(c == "\n" || c == "\r\n" ? " " : c) }
        return out
    }
}
