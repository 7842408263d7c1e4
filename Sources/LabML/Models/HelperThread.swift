#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CHints
import Dispatch
import Synchronization

/// A second thread held by one fit for fork-joins of two pieces, thousands of them a second:
/// boosting splits every node of every tree, each split a few microseconds to a millisecond of
/// work. Dispatch parks its threads between such pieces and takes tens of microseconds to wake
/// them; this thread spins between pieces once it is woken (`wake`), so the next piece starts
/// within a cache-line transfer. Until then it blocks and costs nothing.
///
/// Without a second core, or inside a parallel loop, `run` runs both pieces on the caller: the
/// results never depend on which thread ran a piece.
final class HelperThread: @unchecked Sendable {
    /// The generation of the last job posted; the helper runs piece 1 of each new one.
    private let posted = Atomic<Int>(0)
    /// The generation of the last job the helper finished.
    private let finished = Atomic<Int>(0)
    /// The generation of the last job whose piece 1 was taken, by the helper or, when the helper
    /// had not started it by the time piece 0 was done, by the caller.
    private let taken = Atomic<Int>(0)
    private let awake = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let signal = DispatchSemaphore(value: 0)
    /// The job's body: written by the caller before it posts the job, read by the helper after it
    /// sees the post (release/acquire on `posted`), not touched again until the caller saw it finish.
    private nonisolated(unsafe) var body: ((Int) -> Void)? = nil
    private var thread: pthread_t? = nil

    /// Starts the helper asleep; none on a machine with one core, or inside a parallel loop (a
    /// fit in one of two cross-validation folds), where the other core is taken.
    init() {
        guard sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1, Parallel.running.load(ordering: .relaxed) == 0 else { return }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&thread, nil, { context in
            Unmanaged<HelperThread>.fromOpaque(context!).takeRetainedValue().loop()
            return nil
        }, context)
        if started == 0 {
            self.thread = thread
        } else {
            Unmanaged<HelperThread>.fromOpaque(context).release()
        }
    }

    /// Whether a second thread takes part (`run` otherwise runs both pieces on the caller).
    var hasThread: Bool { thread != nil }

    /// Ends the thread; the fit calls this once it is done.
    func stop() {
        guard let thread else { return }
        stopping.store(true, ordering: .releasing)
        signal.signal()
        pthread_join(thread, nil)
        self.thread = nil
    }

    /// The helper spins from now on, ready for jobs.
    func wake() {
        guard thread != nil, !awake.load(ordering: .relaxed) else { return }
        awake.store(true, ordering: .releasing)
        signal.signal()
    }

    /// body(0) on the caller and body(1) on the helper; returns when both have run. When the
    /// helper has not started body(1) by the time body(0) is done (its core was taken by another
    /// thread when the job was posted), the caller runs body(1) itself rather than wait for it.
    func run(_ body: (Int) -> Void) {
        guard thread != nil, awake.load(ordering: .relaxed) else {
            body(0)
            body(1)
            return
        }
        withoutActuallyEscaping(body) { body in
            self.body = body
            let generation = posted.load(ordering: .relaxed) &+ 1
            posted.store(generation, ordering: .releasing)
            body(0)
            if taken.load(ordering: .relaxed) != generation,
               taken.compareExchange(expected: generation &- 1, desired: generation, ordering: .relaxed).exchanged {
                body(1)
            } else {
                while finished.load(ordering: .acquiring) != generation { opslab_spin_pause() }
            }
            self.body = nil
        }
    }

    private func loop() {
        var seen = 0
        while !stopping.load(ordering: .acquiring) {
            let generation = posted.load(ordering: .acquiring)
            if generation != seen {
                seen = generation
                // The caller may have taken this job's piece already (then `body` may be gone).
                guard taken.compareExchange(expected: generation &- 1, desired: generation, ordering: .relaxed).exchanged else { continue }
                body?(1)
                finished.store(generation, ordering: .releasing)
            } else if awake.load(ordering: .acquiring) {
                opslab_spin_pause()
            } else {
                signal.wait()
            }
        }
    }
}
