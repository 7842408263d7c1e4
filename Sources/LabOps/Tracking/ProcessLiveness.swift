#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Whether the process that started a run is still there. A run is RUNNING only while its
/// process lives: after a crash or `kill -9` the row stays RUNNING and is read as FAILED.
/// A pid can be reused by a later process, so where the system says when a process started
/// (Linux: /proc/PID/stat) that is recorded too and must match.
enum ProcessLiveness {
    static func isAlive(_ pid: Int32, started: Int64?) -> Bool {
        guard pid > 0 else { return false }
        if pid == getpid() { return started == nil || started == currentStartTime }
        // Signal 0 checks existence only; EPERM means it exists but belongs to someone else.
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let started, let now = startTime(of: pid) else { return true }
        return now == started
    }

    static var current: Int32 { getpid() }

    /// This process's own start time, read once: every run it starts records it.
    static let currentStartTime: Int64? = startTime(of: getpid())

    /// The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), if known.
    static func startTime(of pid: Int32) -> Int64? {
        guard let file = fopen("/proc/\(pid)/stat", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 1024)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 is fields[19].
        return fields.count > 19 ? Int64(fields[19]) : nil
    }
}
