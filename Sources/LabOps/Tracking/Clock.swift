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
