import Synchronization

/// One process-wide interrupt flag. The shell's SIGINT handler sets it (an atomic
/// store is async-signal-safe); long loops in the engine poll it and throw
/// `CancelledError`, so an interrupted command leaves the session as it was.
public enum Cancellation {
    private static let flag = Atomic<Bool>(false)

    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func reset() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    public static func check() throws {
        if flag.load(ordering: .relaxed) { throw CancelledError() }
    }
}
