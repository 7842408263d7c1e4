#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Wall-clock milliseconds since 1970, the unit of every MLflow timestamp.
public enum Clock {
    public static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// Whether the process that started a run is still there. A run is RUNNING only while its
/// process lives: after a crash or `kill -9` the row stays RUNNING and is read as FAILED.
enum ProcessLiveness {
    static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        if pid == getpid() { return true }
        // Signal 0 checks existence only; EPERM means it exists but belongs to someone else.
        return kill(pid, 0) == 0 || errno == EPERM
    }

    static var current: Int32 { getpid() }
}

/// Run ids as MLflow makes them: 32 lowercase hex digits of a random UUID.
enum RunIdentifier {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef")
        return String((0..<32).map { _ in hex[Int(g.next() & 0xF)] })
    }
}
