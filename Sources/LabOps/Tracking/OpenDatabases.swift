#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// lab.db stays open between the calls of a run (start, log, finish) instead of being opened,
/// checked and configured for each: logging many runs is then bound by SQLite's writes, not by
/// opening files. One connection per state folder per process, used under a lock; a file that
/// was replaced or removed since (a new inode) is opened afresh, so a damaged or newer lab.db
/// is still reported at the next call.
final class OpenDatabases: @unchecked Sendable {
    static let shared = OpenDatabases()

    private struct Entry {
        let database: LabDatabase
        let device: UInt64
        let inode: UInt64
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    func with<T>(_ stateDirectory: String, _ body: (LabDatabase) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let path = stateDirectory + "/" + LabDatabase.fileName
        if let entry = entries[stateDirectory], let id = Self.identity(path), id == (entry.device, entry.inode) {
            return try body(entry.database)
        }
        entries[stateDirectory] = nil
        let database = try LabDatabase(stateDirectory: stateDirectory)
        if let id = Self.identity(path) { entries[stateDirectory] = Entry(database: database, device: id.0, inode: id.1) }
        return try body(database)
    }

    /// Closes the connection kept for a folder: the next call opens (and checks) lab.db afresh.
    func forget(_ stateDirectory: String) {
        lock.lock()
        defer { lock.unlock() }
        entries[stateDirectory] = nil
    }

    private static func identity(_ path: String) -> (UInt64, UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }
}
