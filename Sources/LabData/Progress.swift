import Synchronization

/// How far the running command has got: long loops in the engine (folds, grid points,
/// trees, boosting rounds) report through a `Progress.Tracker`; the shell reads `current`
/// to draw a progress bar. Process-wide, like `Cancellation`: one command runs at a time.
/// The outermost loop owns the bar: a forest trained inside a cross-validation fold gets
/// no tracker, so the bar keeps counting folds.
public enum Progress {
    private static let owner = Atomic<Int>(0)
    private static let lastID = Atomic<Int>(0)
    private static let done = Atomic<Int>(0)
    private static let total = Atomic<Int>(0)
    private static let label = Mutex<String>("")
    private static let activityText = Mutex<String?>(nil)

    /// Runs `body` under a name for work that has no steps to count ("saving the model"), which
    /// the shell shows while it lasts if it lasts long.
    public static func activity<T>(_ what: String, _ body: () throws -> T) rethrows -> T {
        activityText.withLock { $0 = what }
        defer { activityText.withLock { $0 = nil } }
        return try body()
    }

    /// What runs now without steps, if anything.
    public static var currentActivity: String? { activityText.withLock { $0 } }

    public struct Tracker: Sendable {
        let id: Int

        public func set(_ steps: Int) {
            if Progress.owner.load(ordering: .relaxed) == id { Progress.done.store(steps, ordering: .relaxed) }
        }

        public func end() {
            if Progress.owner.compareExchange(expected: id, desired: 0, ordering: .relaxed).exchanged {
                Progress.total.store(0, ordering: .relaxed)
            }
        }
    }

    /// A tracker counting `total` steps named `what` ("fold", "tree"), or nil when an enclosing loop already reports.
    public static func track(_ what: String, total steps: Int) -> Tracker? {
        let id = lastID.add(1, ordering: .relaxed).newValue
        guard owner.compareExchange(expected: 0, desired: id, ordering: .relaxed).exchanged else { return nil }
        label.withLock { $0 = what }
        done.store(0, ordering: .relaxed)
        total.store(max(steps, 0), ordering: .relaxed)
        return Tracker(id: id)
    }

    /// Forgets whatever was being tracked (the shell calls it between commands).
    public static func reset() {
        activityText.withLock { $0 = nil }
        owner.store(0, ordering: .relaxed)
        total.store(0, ordering: .relaxed)
        done.store(0, ordering: .relaxed)
    }

    /// (done, total, what); total 0 when nothing is being counted.
    public static var current: (done: Int, total: Int, what: String) {
        (done.load(ordering: .relaxed), total.load(ordering: .relaxed), label.withLock { $0 })
    }
}
