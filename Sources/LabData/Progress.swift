import Synchronization

/// How far the running command has got: long loops in the engine (folds, grid points,
/// trees, boosting rounds) set it; the shell reads it to draw a progress bar. Process-wide,
/// like `Cancellation`: one command runs at a time.
public enum Progress {
    private static let done = Atomic<Int>(0)
    private static let total = Atomic<Int>(0)
    private static let label = Mutex<String>("")

    /// Starts counting `total` steps of work named `what` ("fold", "grid point", "tree").
    public static func begin(_ what: String, total steps: Int) {
        label.withLock { $0 = what }
        done.store(0, ordering: .relaxed)
        total.store(max(steps, 0), ordering: .relaxed)
    }

    public static func set(_ steps: Int) { done.store(steps, ordering: .relaxed) }

    public static func end() {
        total.store(0, ordering: .relaxed)
        done.store(0, ordering: .relaxed)
    }

    /// (done, total, what); total 0 when nothing is being counted.
    public static var current: (done: Int, total: Int, what: String) {
        (done.load(ordering: .relaxed), total.load(ordering: .relaxed), label.withLock { $0 })
    }
}
